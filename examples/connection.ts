/**
 * App Runner connections as resources: a stack that creates a GitHub connection and, in the
 * same deployment, a service built from a GitHub repository on it. `waitForHandshake` makes
 * the deployment wait until someone completes the handshake in the App Runner console, so the
 * service is created once the connection is AVAILABLE. A second connection (Bitbucket) is
 * created without waiting: the stack's output gives the console page where its handshake is
 * completed, and the services that will use it come in a later deployment.
 *
 * Synthesized by test/example-connection.test.ts.
 */
import { App, Duration, Stack, StackProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ConfigurationSourceType, Connection, ConnectionProviderType, Runtime, Service, Source } from '../src';

/** A GitHub connection with a service on it, and a Bitbucket connection waiting for its handshake. */
export class ConnectionStack extends Stack {
  /** The GitHub connection the service uses. */
  public readonly github: Connection;
  /** The Bitbucket connection, for a later deployment's services. */
  public readonly bitbucket: Connection;
  /** The service built from the GitHub repository. */
  public readonly service: Service;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.github = new Connection(this, 'GitHub', {
      connectionName: 'acme-github',
      providerType: ConnectionProviderType.GITHUB,
      waitForHandshake: true,
      handshakeTimeout: Duration.minutes(20),
    });
    this.service = new Service(this, 'Web', {
      source: Source.fromGitHub({
        repositoryUrl: 'https://github.com/acme/web',
        branch: 'main',
        configurationSource: ConfigurationSourceType.API,
        codeConfigurationValues: { runtime: Runtime.NODEJS_22, buildCommand: 'npm ci', startCommand: 'node server.js', port: '8080' },
        connection: this.github,
      }),
    });
    this.bitbucket = new Connection(this, 'Bitbucket', {
      connectionName: 'acme-bitbucket',
      providerType: ConnectionProviderType.BITBUCKET,
      tags: { team: 'platform' },
    });
    Tags.of(this.bitbucket).add('cost-center', 'cc-1234');
  }
}

/** The example app. */
export function buildConnectionApp(): App {
  const app = new App();
  new ConnectionStack(app, 'Connections', { env: { account: '111122223333', region: 'eu-west-1' } });
  return app;
}
