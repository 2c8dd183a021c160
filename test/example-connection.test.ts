/**
 * The connections example (examples/connection.ts): a GitHub connection the deployment waits
 * for, with a service on it, and a Bitbucket connection left PENDING_HANDSHAKE (a stack output
 * with the console page, and the synth warning).
 */
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { buildConnectionApp, ConnectionStack } from '../examples/connection';

describe('the connections example', () => {
  const app = buildConnectionApp();
  const stack = app.node.findChild('Connections') as ConnectionStack;
  const template = Template.fromStack(stack);

  test('two connections: GitHub waited for (20 minutes), Bitbucket with its tags', () => {
    template.resourceCountIs('Custom::AppRunnerConnection', 2);
    template.hasResourceProperties('Custom::AppRunnerConnection', {
      ConnectionName: 'acme-github', ProviderType: 'GITHUB', WaitForHandshake: 'true', TimeoutSeconds: '1200',
    });
    template.hasResourceProperties('Custom::AppRunnerConnection', {
      ConnectionName: 'acme-bitbucket', ProviderType: 'BITBUCKET', WaitForHandshake: 'false', Tags: '{"cost-center":"cc-1234","team":"platform"}',
    });
  });

  test('the service uses the GitHub connection and checks it before App Runner creates it', () => {
    const connectionId = stack.getLogicalId(stack.github.node.defaultChild as any);
    template.hasResourceProperties('AWS::AppRunner::Service', {
      SourceConfiguration: { AuthenticationConfiguration: { ConnectionArn: { 'Fn::GetAtt': [connectionId, 'ConnectionArn'] } } },
    });
    template.hasResourceProperties('Custom::AppRunnerConnectionCheck', { ConnectionName: 'acme-github', RequireAvailable: 'true' });
  });

  test('the Bitbucket connection: the console page as an output, and the handshake warning', () => {
    const outputs = Object.values(template.findOutputs('*'));
    expect(outputs.map((o) => o.Value)).toEqual(['https://console.aws.amazon.com/apprunner/home?region=eu-west-1#/connections']);
    Annotations.fromStack(stack).hasWarning('/Connections/Bitbucket', Match.stringLikeRegexp('cdk-apprunner-kit:connectionPendingHandshake'));
    expect(Annotations.fromStack(stack).findWarning('/Connections/GitHub', Match.anyValue())).toEqual([]);
  });
});
