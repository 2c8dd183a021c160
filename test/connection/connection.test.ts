/**
 * Connection as synthesized: the custom resource and its grants, the handshake output and
 * warning, imports by ARN and by name, services on a Connection (the check before the service,
 * the dependency that deletes the connection after it), and the synth-time checks. Services on
 * GitHubConnection / BitbucketConnection render as before.
 */
import { Duration, Stack, Tags } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  BitbucketConnection, ConfigurationSourceType, Connection, ConnectionProviderType, GitHubConnection, IConnection, ISourceConnection, Service, Source,
} from '../../src';
import { expectValidationError, findDependencyCycle, newAgnosticStack, newStack, synth, warnings } from '../support/util';

const ARN = 'arn:aws:apprunner:us-east-1:123456789012:connection/my-github/0123456789abcdef0123456789abcdef';

function githubService(stack: Stack, connection: ISourceConnection, id = 'Svc'): Service {
  return new Service(stack, id, {
    source: Source.fromGitHub({ repositoryUrl: 'https://github.com/acme/web', connection, configurationSource: ConfigurationSourceType.REPOSITORY }),
  });
}

function only(template: Template, type: string): { id: string; resource: any } {
  const resources = template.findResources(type);
  const ids = Object.keys(resources);
  expect(ids).toHaveLength(1);
  return { id: ids[0], resource: resources[ids[0]] };
}

describe('Connection', () => {
  test('the custom resource: name, provider type, no wait, tags as a sorted JSON object; ARN and status attributes', () => {
    const stack = newStack();
    const connection = new Connection(stack, 'GitHub', {
      connectionName: 'my-github', providerType: ConnectionProviderType.GITHUB, tags: { team: 'web' },
    });
    Tags.of(connection).add('app', 'shop');
    const template = synth(stack);
    const { resource } = only(template, 'Custom::AppRunnerConnection');
    expect(resource.Properties).toMatchObject({
      ConnectionName: 'my-github', ProviderType: 'GITHUB', WaitForHandshake: 'false', Tags: '{"app":"shop","team":"web"}', TimeoutSeconds: '1740',
    });
    expect(stack.resolve(connection.connectionArn)['Fn::GetAtt'][1]).toBe('ConnectionArn');
    expect(stack.resolve(connection.connectionStatus)['Fn::GetAtt'][1]).toBe('Status');
    expect(connection.connectionName).toBe('my-github');
    expect(connection.providerType).toBe(ConnectionProviderType.GITHUB);
  });

  test('without waitForHandshake: a stack output with the console page and a warning with its id', () => {
    const stack = newStack();
    new Connection(stack, 'GitHub', { connectionName: 'my-github', providerType: ConnectionProviderType.GITHUB });
    const template = synth(stack);
    const outputs = template.findOutputs('*');
    const [output] = Object.values(outputs);
    expect(Object.keys(outputs)).toHaveLength(1);
    expect(output.Value).toBe('https://console.aws.amazon.com/apprunner/home?region=us-east-1#/connections');
    expect(output.Description).toContain('my-github');
    expect(warnings(stack).join('\n')).toMatch(/PENDING_HANDSHAKE.*\[ack: cdk-apprunner-kit:connectionPendingHandshake\]/s);
  });

  test('with waitForHandshake and a timeout: no output, no warning, the timeout is the handler\'s', () => {
    const stack = newStack();
    new Connection(stack, 'Bb', {
      connectionName: 'my-bitbucket', providerType: ConnectionProviderType.BITBUCKET, waitForHandshake: true, handshakeTimeout: Duration.minutes(20),
    });
    const template = synth(stack);
    expect(only(template, 'Custom::AppRunnerConnection').resource.Properties).toMatchObject({
      ProviderType: 'BITBUCKET', WaitForHandshake: 'true', TimeoutSeconds: '1200',
    });
    expect(only(template, 'Custom::AppRunnerConnection').resource.Properties.Tags).toBeUndefined();
    expect(Object.keys(template.findOutputs('*'))).toHaveLength(0);
    expect(warnings(stack)).toEqual([]);
  });

  test('an agnostic stack: the console page names the stack\'s region', () => {
    const stack = newAgnosticStack();
    const connection = new Connection(stack, 'GitHub', { connectionName: 'my-github', providerType: ConnectionProviderType.GITHUB });
    expect(JSON.stringify(stack.resolve(connection.handshakeConsoleUrl))).toContain('AWS::Region');
  });

  test('grants: create, delete and tags scoped to the connection\'s name, in a policy named after it; ListConnections in a policy of its own', () => {
    const stack = newStack();
    new Connection(stack, 'GitHub', { connectionName: 'my-github', providerType: ConnectionProviderType.GITHUB });
    const template = synth(stack);
    const rolePolicies = template.findResources('AWS::IAM::RolePolicy', {
      Properties: { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['apprunner:CreateConnection']) })]) } },
    });
    expect(Object.keys(rolePolicies)).toHaveLength(2); // one per handler role
    for (const policy of Object.values(rolePolicies)) {
      expect(JSON.stringify(policy.Properties.PolicyName)).toContain('my-github');
      expect(policy.Properties.PolicyDocument.Statement[0].Resource).toEqual({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apprunner:us-east-1:123456789012:connection/my-github/*']],
      });
      expect(policy.Properties.PolicyDocument.Statement[0].Action).toEqual([
        'apprunner:CreateConnection', 'apprunner:DeleteConnection', 'apprunner:ListTagsForResource', 'apprunner:TagResource', 'apprunner:UntagResource',
      ]);
    }
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 'apprunner:ListConnections', Effect: 'Allow', Resource: '*' }] },
    });
    const { resource } = only(template, 'Custom::AppRunnerConnection');
    expect(resource.DependsOn).toEqual(expect.arrayContaining([...Object.keys(rolePolicies), expect.stringMatching(/ConnectionListPolicy/)]));
  });

  test.each([
    ['too short', 'abc', 'between 4 and 32 characters'],
    ['too long', 'a'.repeat(33), 'between 4 and 32 characters'],
    ['bad first character', '-abcd', 'must start with an alphanumeric character'],
    ['bad character', 'my.github', 'must start with an alphanumeric character'],
  ])('bad connectionName (%s)', (_name, connectionName, message) => {
    expectValidationError(() => new Connection(newStack(), 'C', { connectionName, providerType: ConnectionProviderType.GITHUB }), message);
  });

  test('bad tags, provider type and timeouts', () => {
    const tagged = newStack();
    new Connection(tagged, 'C', { connectionName: 'my-github', providerType: ConnectionProviderType.GITHUB, tags: { 'aws:x': 'y' } });
    expect(() => synth(tagged)).toThrow(/connection tags: tag key must not start with "aws:"/);
    expectValidationError(() => new Connection(newStack(), 'C', { connectionName: 'my-github', providerType: 'GITLAB' as any }),
      'providerType must be GITHUB or BITBUCKET');
    expectValidationError(() => new Connection(newStack(), 'C', {
      connectionName: 'my-github', providerType: ConnectionProviderType.GITHUB, handshakeTimeout: Duration.minutes(5),
    }), 'handshakeTimeout applies only with waitForHandshake');
    expectValidationError(() => new Connection(newStack(), 'C', {
      connectionName: 'my-github', providerType: ConnectionProviderType.GITHUB, waitForHandshake: true, handshakeTimeout: Duration.minutes(45),
    }), 'handshakeTimeout');
  });
});

describe('imports', () => {
  test('fromConnectionArn: the ARN and its name; a bad ARN fails', () => {
    const stack = newStack();
    const imported = Connection.fromConnectionArn(stack, 'Imported', ARN);
    expect(imported.connectionArn).toBe(ARN);
    expect(imported.connectionName).toBe('my-github');
    expect(Object.keys(synth(stack).findResources('Custom::AppRunnerConnectionCheck'))).toHaveLength(0);
    expectValidationError(() => Connection.fromConnectionArn(newStack(), 'Bad', 'arn:aws:apprunner:us-east-1:123456789012:service/x/1'),
      'Unexpected ARN format');
  });

  test('fromConnectionName: the ARN is looked up during the deployment (no AVAILABLE required)', () => {
    const stack = newStack();
    const imported: IConnection = Connection.fromConnectionName(stack, 'ByName', 'my-github');
    const template = synth(stack);
    const { id, resource } = only(template, 'Custom::AppRunnerConnectionCheck');
    expect(resource.Properties).toMatchObject({ ConnectionName: 'my-github', RequireAvailable: 'false' });
    expect(resource.Properties.ConnectionArn).toBeUndefined();
    expect(stack.resolve(imported.connectionArn)).toEqual({ 'Fn::GetAtt': [id, 'ConnectionArn'] });
    expect(imported.connectionName).toBe('my-github');
    expectValidationError(() => Connection.fromConnectionName(newStack(), 'Bad', 'x'), 'between 4 and 32 characters');
  });
});

describe('a service on a Connection', () => {
  test('the service checks the connection is AVAILABLE before App Runner creates it, and depends on the connection (deleted after it)', () => {
    const stack = newStack();
    const connection = new Connection(stack, 'GitHub', { connectionName: 'my-github', providerType: ConnectionProviderType.GITHUB });
    githubService(stack, connection);
    const template = synth(stack);
    const connectionId = only(template, 'Custom::AppRunnerConnection').id;
    const { id: checkId, resource: check } = only(template, 'Custom::AppRunnerConnectionCheck');
    expect(check.Properties).toMatchObject({
      ConnectionName: 'my-github', ConnectionArn: { 'Fn::GetAtt': [connectionId, 'ConnectionArn'] }, RequireAvailable: 'true',
    });
    const service = only(template, 'AWS::AppRunner::Service').resource;
    expect(service.DependsOn).toContain(checkId);
    expect(service.Properties.SourceConfiguration.AuthenticationConfiguration.ConnectionArn).toEqual({ 'Fn::GetAtt': [connectionId, 'ConnectionArn'] });
    expect(findDependencyCycle(template.toJSON())).toBeUndefined();
  });

  test('an imported Connection (by ARN, by name) is checked too; Bitbucket sources take a Bitbucket Connection', () => {
    const stack = newStack();
    githubService(stack, Connection.fromConnectionArn(stack, 'Imported', ARN), 'ByArn');
    const bitbucket = Connection.fromConnectionName(stack, 'ByName', 'my-bitbucket');
    new Service(stack, 'ByName2', {
      source: Source.fromBitbucket({ repositoryUrl: 'https://bitbucket.org/acme/web', connection: bitbucket, configurationSource: ConfigurationSourceType.REPOSITORY }),
    });
    const template = synth(stack);
    const checks = Object.values(template.findResources('Custom::AppRunnerConnectionCheck')).map((r: any) => r.Properties);
    expect(checks).toEqual(expect.arrayContaining([
      expect.objectContaining({ ConnectionName: 'my-github', ConnectionArn: ARN, RequireAvailable: 'true' }),
      expect.objectContaining({ ConnectionName: 'my-bitbucket', RequireAvailable: 'false' }),
      expect.objectContaining({ ConnectionName: 'my-bitbucket', RequireAvailable: 'true' }),
    ]));
  });

  test('a Connection of the other provider type fails', () => {
    const stack = newStack();
    const bitbucket = new Connection(stack, 'Bb', { connectionName: 'my-bitbucket', providerType: ConnectionProviderType.BITBUCKET });
    expectValidationError(() => githubService(stack, bitbucket), 'is a BITBUCKET connection: a GITHUB source needs a GITHUB connection');
  });

  test('GitHubConnection / BitbucketConnection: no check, no custom resource, no provider (templates as before)', () => {
    const stack = newStack();
    githubService(stack, GitHubConnection.fromConnectionArn(ARN));
    new Service(stack, 'Bb', {
      source: Source.fromBitbucket({
        repositoryUrl: 'https://bitbucket.org/acme/web',
        connection: BitbucketConnection.fromConnectionArn(ARN.replace('my-github', 'my-bitbucket')),
        configurationSource: ConfigurationSourceType.REPOSITORY,
      }),
    });
    const template = synth(stack);
    expect(Object.keys(template.findResources('Custom::AppRunnerConnectionCheck'))).toHaveLength(0);
    expect(Object.keys(template.findResources('AWS::Lambda::Function'))).toHaveLength(0);
    const services = Object.values(template.findResources('AWS::AppRunner::Service'));
    expect(services.every((s: any) => s.DependsOn === undefined)).toBe(true);
  });
});
