/**
 * The migration example (examples/migration.ts, issue 13): an App Runner service and its ECS
 * Express Mode twin side by side, from the same definition, watched by the same alarm code; then
 * every step of the cutover of its custom domain, to the removal of the App Runner service.
 */
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { buildMigrationApp, MIGRATION_STEPS, MigrationStack, MigrationStep } from '../examples/migration';
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
    expect(stack.twin.taskRole).toBe(stack.node.findChild('OrdersRole'));
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

describe('the migration, step by step (each a cdk deploy)', () => {
  const templates = new Map<MigrationStep, any>(MIGRATION_STEPS.map((step) => {
    const app = buildMigrationApp(new App(), step);
    return [step, Template.fromStack(app.node.findChild('Migration') as MigrationStack).toJSON()];
  }));
  const ofType = (step: MigrationStep, type: string) => Object.entries<any>(templates.get(step).Resources).filter(([, r]) => r.Type === type);
  const weights = (step: MigrationStep) => ({
    appRunner: ofType(step, 'Custom::AppRunnerCustomDomain').map(([, r]) => r.Properties.RoutingWeight ?? 'simple'),
    twin: ofType(step, 'AWS::Route53::RecordSet').map(([, r]) => `${r.Properties.Name} ${r.Properties.Weight}`).sort(),
  });

  test('the weights of api.example.com (and www.) at each step', () => {
    expect(Object.fromEntries(MIGRATION_STEPS.map((step) => [step, weights(step)]))).toEqual({
      'side-by-side': { appRunner: ['simple'], twin: [] },
      'app-runner-only': { appRunner: ['100'], twin: ['api.example.com 0', 'www.api.example.com 0'] },
      'canary': { appRunner: ['90'], twin: ['api.example.com 10', 'www.api.example.com 10'] },
      'half': { appRunner: ['50'], twin: ['api.example.com 50', 'www.api.example.com 50'] },
      'express-only': { appRunner: ['0'], twin: ['api.example.com 100', 'www.api.example.com 100'] },
      'domain-removed': { appRunner: [], twin: ['api.example.com 100', 'www.api.example.com 100'] },
      'app-runner-removed': { appRunner: [], twin: ['api.example.com 100', 'www.api.example.com 100'] },
    });
  });

  test('the twin is the same resource with the same properties at every step, the last one (made from the props) included', () => {
    const twins = MIGRATION_STEPS.map((step) => ofType(step, 'AWS::ECS::ExpressGatewayService'));
    for (const twin of twins) expect(twin).toEqual(twins[0]);
    expect(twins[0]).toHaveLength(1);
  });

  test('the cutover\'s resources stay as they are from express-only to the end: only their dependency on App Runner\'s custom domain goes', () => {
    const cutover = (step: MigrationStep) => Object.fromEntries(Object.entries<any>(templates.get(step).Resources)
      .filter(([id]) => id.startsWith('ApiCutover'))
      .map(([id, { DependsOn, ...rest }]) => [id, { ...rest, DependsOn: (DependsOn ?? []).filter((d: string) => !/CustomDomain/.test(d)) }]));
    expect(Object.keys(cutover('express-only')).length).toBeGreaterThanOrEqual(5);
    expect(cutover('domain-removed')).toEqual(cutover('express-only'));
    expect(cutover('app-runner-removed')).toEqual(cutover('express-only'));
  });

  test('the last step removes the App Runner service and everything of it; the application\'s role, its grants and the twin\'s alarm stay', () => {
    const last = templates.get('app-runner-removed');
    const types = new Set(Object.values<any>(last.Resources).map((r) => r.Type));
    expect(types.has('AWS::AppRunner::Service')).toBe(false);
    expect([...types].filter((t) => /^Custom::/.test(t))).toEqual(['Custom::AppRunnerExpressDomain']);
    const roleId = Object.keys(last.Resources).find((id) => id.startsWith('OrdersRole') && last.Resources[id].Type === 'AWS::IAM::Role')!;
    expect(ofType('app-runner-removed', 'AWS::ECS::ExpressGatewayService')[0][1].Properties.TaskRoleArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    // the application's role keeps every grant (the bucket, the secret's read)
    const rolePolicies = (step: MigrationStep) => ofType(step, 'AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]));
    expect(rolePolicies('app-runner-removed')).toEqual(rolePolicies('express-only'));
    expect(JSON.stringify(rolePolicies('app-runner-removed'))).toContain('s3:PutObject');
    expect(JSON.stringify(rolePolicies('app-runner-removed'))).toContain('secretsmanager:GetSecretValue');
    expect(ofType('app-runner-removed', 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties.Namespace)).toEqual(['AWS/ApplicationELB']);
  });

  test('no step leaves a warning on the twin or the cutover, and none has a dependency cycle', () => {
    for (const step of MIGRATION_STEPS) {
      const app = buildMigrationApp(new App(), step);
      const stack = app.node.findChild('Migration') as MigrationStack;
      Template.fromStack(stack);
      expect({ step, warnings: Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => w.id) }).toEqual({ step, warnings: [] });
      expect(findDependencyCycle(templates.get(step))).toBeUndefined();
    }
  });

  test('the step comes from the context migrationStep; a wrong one is refused', () => {
    const app = buildMigrationApp(new App({ context: { migrationStep: 'canary' } }));
    expect((app.node.findChild('Migration') as MigrationStack).cutover?.split.expressPercent).toBe(10);
    expect(() => buildMigrationApp(new App({ context: { migrationStep: 'later' } }))).toThrow(/migrationStep must be one of side-by-side, .*, got later/);
  });
});
