/**
 * The platform-style example (examples/platform.ts): a company construct over `Service` with
 * organisation-wide defaults injected through `PropertyInjectors`, as a platform repo would
 * publish it. It synthesizes, and the injected defaults reach the template.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { buildPlatformApp, TeamStack } from '../examples/platform';

describe('the platform example', () => {
  const app = buildPlatformApp();
  const stack = app.node.findChild('Team') as TeamStack;
  const template = Template.fromStack(stack);

  test('the injected defaults: private, 1 vCPU / 2 GB, failOnRollback (its rollback check)', () => {
    template.hasResourceProperties('AWS::AppRunner::Service', {
      InstanceConfiguration: { Cpu: '1 vCPU', Memory: '2 GB' },
      NetworkConfiguration: { IngressConfiguration: { IsPubliclyAccessible: false } },
    });
    template.resourceCountIs('Custom::AppRunnerRollbackCheck', 1);
    expect(stack.web.service.isPubliclyAccessible).toBe(false);
  });

  test('what the company construct adds: the ingress connection of a private service, a 5xx alarm', () => {
    template.resourceCountIs('AWS::AppRunner::VpcIngressConnection', 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '5xxStatusResponses', Namespace: 'AWS/AppRunner', Threshold: 10 });
  });

  test('the app synthesizes (every stack)', () => {
    const assembly = app.synth();
    expect(assembly.stacks.map((s) => s.stackName)).toEqual(['Team']);
  });
});
