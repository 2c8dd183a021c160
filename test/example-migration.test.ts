/**
 * The migration example (examples/migration.ts, issue 13 part 1): an App Runner service and its
 * ECS Express Mode twin side by side, from the same definition, watched by the same alarm code.
 */
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { buildMigrationApp, MigrationStack } from '../examples/migration';
import { findDependencyCycle } from './support/util';

describe('the migration example', () => {
  const app = buildMigrationApp();
  const stack = app.node.findChild('Migration') as MigrationStack;
  const template = Template.fromStack(stack);
  const twin = Object.values<any>(template.findResources('AWS::ECS::ExpressGatewayService'));

  test('one App Runner service and one ECS Express Mode twin', () => {
    template.resourceCountIs('AWS::AppRunner::Service', 1);
    expect(twin).toHaveLength(1);
  });

  test('the twin runs the same image, port, environment, secret, size and health check path', () => {
    const props = twin[0].Properties;
    const service = Object.values<any>(template.findResources('AWS::AppRunner::Service'))[0].Properties;
    const imageRepository = service.SourceConfiguration.ImageRepository;
    expect(props.PrimaryContainer.Image).toEqual(imageRepository.ImageIdentifier);
    expect(props.PrimaryContainer.ContainerPort).toBe(8080);
    expect(props.PrimaryContainer.Environment).toEqual([{ Name: 'NODE_ENV', Value: 'production' }]);
    expect(props.PrimaryContainer.Secrets).toEqual([{ Name: 'DB_PASSWORD', ValueFrom: imageRepository.ImageConfiguration.RuntimeEnvironmentSecrets[0].Value }]);
    expect([props.Cpu, props.Memory, props.HealthCheckPath]).toEqual(['1024', '3072', '/']);
    expect(props.ScalingTarget).toEqual({ MinTaskCount: 2, MaxTaskCount: 10, AutoScalingMetric: 'REQUEST_COUNT_PER_TARGET', AutoScalingTargetValue: 4800 });
  });

  test('the twin\'s tasks run as the service\'s instance role, with the secret read (made before it) and the bucket grant (made after it)', () => {
    const instanceRoleId = stack.getLogicalId(stack.twin.taskRole.node.defaultChild as any);
    expect(twin[0].Properties.TaskRoleArn).toEqual({ 'Fn::GetAtt': [instanceRoleId, 'Arn'] });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: instanceRoleId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] }),
          Match.objectLike({ Action: Match.arrayWith(['s3:PutObject']) }),
        ]),
      },
    });
  });

  test('the twin is in the public subnets, with the connector\'s security group', () => {
    const network = twin[0].Properties.NetworkConfiguration;
    expect(network.Subnets).toHaveLength(2);
    for (const subnet of network.Subnets) expect(subnet.Ref).toMatch(/^VpcPublicSubnet/);
    expect(network.SecurityGroups).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^ConnectorSecurityGroup/), 'GroupId'] }]);
  });

  test('the same alarm on both: App Runner\'s 5xx and the twin\'s target 5xx', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/AppRunner', MetricName: '5xxStatusResponses', Threshold: 10 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count', Threshold: 10 });
  });

  test('no warning is left: tracing was acknowledged, everything else is carried', () => {
    expect(Annotations.fromStack(stack).findWarning('/Migration/OrdersTwin', Match.anyValue())).toEqual([]);
  });

  test('no dependency cycle, and the app synthesizes', () => {
    expect(findDependencyCycle(template.toJSON())).toBeUndefined();
    expect(buildMigrationApp().synth().stacks.map((s) => s.stackName)).toEqual(['Migration']);
  });
});
