import { Construct } from 'constructs';
import { ISourceConnection, SourceConnection } from './connection';
import { ImageRepositoryType } from './enums';
import {
  AssetProps, BitbucketRepositoryProps, CodeRepositorySourceOptions, EcrProps,
  EcrPublicProps, GithubRepositoryProps, SourceConfig,
} from './source-props';
import { connectionHooks, setConnectionHooks } from '../private/connection-hooks';
import { checkCodeRepository, checkEcrPublicIdentifier, checkImageConfiguration, checkTagOrDigest } from '../private/source-rules';
import { fail } from '../private/validation';

/**
 * Represents the App Runner service source.
 */
export abstract class Source {
  /**
   * Source from the GitHub repository.
   */
  public static fromGitHub(props: GithubRepositoryProps): GithubSource {
    return new GithubSource(props);
  }

  /**
   * Source from a Bitbucket repository.
   */
  public static fromBitbucket(props: BitbucketRepositoryProps): BitbucketSource {
    return new BitbucketSource(props);
  }

  /**
   * Source from the ECR repository.
   */
  public static fromEcr(props: EcrProps): EcrSource {
    return new EcrSource(props);
  }

  /**
   * Source from the ECR Public repository.
   */
  public static fromEcrPublic(props: EcrPublicProps): EcrPublicSource {
    return new EcrPublicSource(props);
  }

  /**
   * Source from local assets.
   */
  public static fromAsset(props: AssetProps): AssetSource {
    return new AssetSource(props);
  }

  /**
   * Called when the Job is initialized to allow this object to bind.
   */
  public abstract bind(scope: Construct): SourceConfig;
}

/** A connection given as an `ISourceConnection` that is no `SourceConnection` (a `Connection`), as `SourceConfig` holds it. */
class BoundConnection extends SourceConnection {
  constructor(public readonly connectionArn: string) {
    super();
  }
}

/**
 * The connection as `SourceConfig` holds it (a `SourceConnection`), with the hooks of a
 * `Connection` kept; a `Connection` of the other provider type fails.
 */
function sourceConnection(given: ISourceConnection, providerType: string, scope: Construct): SourceConnection {
  const hooks = connectionHooks(given);
  if (hooks?.providerType !== undefined && hooks.providerType !== providerType) {
    fail('ConnectionProviderMismatch',
      `connection ${hooks.construct.node.path} is a ${hooks.providerType} connection: a ${providerType} source needs a ${providerType} connection`, scope);
  }
  if (given instanceof SourceConnection) return given;
  const bound = new BoundConnection(given.connectionArn);
  if (hooks) setConnectionHooks(bound, hooks);
  return bound;
}

/** Render a code repository source (shared by GitHub and Bitbucket). */
function bindCodeRepository(props: CodeRepositorySourceOptions, connection: SourceConnection): SourceConfig {
  return {
    codeRepository: {
      codeConfiguration: {
        configurationSource: props.configurationSource,
        configurationValues: props.codeConfigurationValues,
      },
      repositoryUrl: props.repositoryUrl,
      sourceCodeVersion: {
        type: 'BRANCH',
        value: props.branch ?? 'main',
      },
      connection,
      sourceDirectory: props.sourceDirectory,
    },
  };
}

/**
 * Represents the service source from a Github repository.
 */
export class GithubSource extends Source {
  private readonly props: GithubRepositoryProps;

  constructor(props: GithubRepositoryProps) {
    super();
    checkCodeRepository(props);
    this.props = props;
  }

  public bind(_scope: Construct): SourceConfig {
    // (the parameter keeps its published name: Python callers may pass it by keyword)
    return bindCodeRepository(this.props, sourceConnection(this.props.connection, 'GITHUB', _scope));
  }
}

/**
 * Represents the service source from a Bitbucket repository.
 */
export class BitbucketSource extends Source {
  private readonly props: BitbucketRepositoryProps;

  constructor(props: BitbucketRepositoryProps) {
    super();
    checkCodeRepository(props);
    this.props = props;
  }

  public bind(_scope: Construct): SourceConfig {
    // (the parameter keeps its published name: Python callers may pass it by keyword)
    return bindCodeRepository(this.props, sourceConnection(this.props.connection, 'BITBUCKET', _scope));
  }
}

/**
 * Represents the service source from ECR.
 */
export class EcrSource extends Source {
  private readonly props: EcrProps;

  constructor(props: EcrProps) {
    super();
    checkImageConfiguration(props.imageConfiguration);
    checkTagOrDigest(props.tagOrDigest ?? props.tag);
    this.props = props;
  }

  public bind(_scope: Construct): SourceConfig {
    return {
      imageRepository: {
        imageConfiguration: this.props.imageConfiguration,
        imageIdentifier: this.props.repository.repositoryUriForTagOrDigest(
          this.props.tagOrDigest || this.props.tag || 'latest',
        ),
        imageRepositoryType: ImageRepositoryType.ECR,
      },
      ecrRepository: this.props.repository,
    };
  }
}

/**
 * Represents the service source from ECR Public.
 */
export class EcrPublicSource extends Source {
  private readonly props: EcrPublicProps;

  constructor(props: EcrPublicProps) {
    super();
    checkImageConfiguration(props.imageConfiguration);
    checkEcrPublicIdentifier(props.imageIdentifier);
    this.props = props;
  }

  public bind(_scope: Construct): SourceConfig {
    return {
      imageRepository: {
        imageConfiguration: this.props.imageConfiguration,
        imageIdentifier: this.props.imageIdentifier,
        imageRepositoryType: ImageRepositoryType.ECR_PUBLIC,
      },
    };
  }
}

/**
 * Represents the source from local assets.
 */
export class AssetSource extends Source {
  private readonly props: AssetProps;

  constructor(props: AssetProps) {
    super();
    checkImageConfiguration(props.imageConfiguration);
    this.props = props;
  }

  public bind(_scope: Construct): SourceConfig {
    return {
      imageRepository: {
        imageConfiguration: this.props.imageConfiguration,
        imageIdentifier: this.props.asset.imageUri,
        imageRepositoryType: ImageRepositoryType.ECR,
      },
      ecrRepository: this.props.asset.repository,
    };
  }
}
