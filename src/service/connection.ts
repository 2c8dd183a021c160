import { checkConnectionArn } from '../private/connection-rules';

/**
 * An App Runner connection to a source code provider (GitHub or Bitbucket), as a code
 * repository source takes it: a `GitHubConnection` or `BitbucketConnection` (an ARN), or a
 * `Connection` (a connection created by the stack, or imported with
 * `Connection.fromConnectionArn` / `Connection.fromConnectionName`).
 */
export interface ISourceConnection {
  /**
   * The ARN of the connection.
   */
  readonly connectionArn: string;
}

/**
 * An App Runner connection to a source code provider (GitHub or Bitbucket).
 * Connections are created and handshaken in the App Runner console; pass their ARN.
 */
export abstract class SourceConnection implements ISourceConnection {
  /**
   * The ARN of the Connection for App Runner service to connect to the repository.
   */
  public abstract readonly connectionArn: string;
}

/**
 * Represents the App Runner connection that enables the App Runner service to connect
 * to a source repository. It's required for GitHub code repositories.
 */
export class GitHubConnection extends SourceConnection {
  /**
   * Using existing App Runner connection by specifying the connection ARN.
   * @param arn connection ARN
   * @returns Connection
   */
  public static fromConnectionArn(arn: string): GitHubConnection {
    return new GitHubConnection(arn);
  }

  /**
   * The ARN of the Connection for App Runner service to connect to the repository.
   */
  public readonly connectionArn: string;

  constructor(arn: string) {
    super();
    checkConnectionArn(arn);
    this.connectionArn = arn;
  }
}

/**
 * An App Runner connection to Bitbucket (provider BITBUCKET), required for Bitbucket code repositories.
 */
export class BitbucketConnection extends SourceConnection {
  /**
   * Use an existing App Runner connection to Bitbucket by its ARN.
   * @param arn connection ARN
   */
  public static fromConnectionArn(arn: string): BitbucketConnection {
    return new BitbucketConnection(arn);
  }

  /**
   * The ARN of the Connection for App Runner service to connect to the repository.
   */
  public readonly connectionArn: string;

  constructor(arn: string) {
    super();
    checkConnectionArn(arn);
    this.connectionArn = arn;
  }
}
