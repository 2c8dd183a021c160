/**
 * cdk-nag's AwsSolutions pack on the example app: zero unacknowledged findings. The example
 * opts in to the library's acknowledgements of its own resources (`NagAcknowledgements
 * .acknowledge(app)`: the library writes none by default, see test/nag/nag-acknowledgements.test.ts)
 * and acknowledges the example's own; every acknowledgement carries its reason, and this test
 * lists them so a reviewer sees what is acknowledged.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildExampleApp } from '../examples/app';
import { AutoScalingConfiguration, DomainCutover, EcsExpressTwin, HealthCheck, NagAcknowledgements, Service, Source, TrafficSplit } from '../src';

describe('cdk-nag AwsSolutions on the example app', () => {
  const app = buildExampleApp(new App());
  app.synth();

  test('no unacknowledged finding', () => {
    // aws-cdk-lib 2.257 does not hand plugins the construct tree, so the pack runs directly
    const report = new AwsSolutionsChecks().validateScope(app);
    const findings = report.violations.map((v) => `${v.ruleName}: ${v.description.slice(0, 80)}`);
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  test('every acknowledgement has a reason', () => {
    const byKey = new Map<string, { path: string; id: string; reason: string }>();
    for (const c of app.node.findAll()) {
      for (const entry of c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)) {
        for (const [id, reason] of Object.entries<string>(entry.data)) {
          byKey.set(`${c.node.path} ${id}`, { path: c.node.path, id: id.replace(/^annotation::/, ''), reason });
        }
      }
    }
    const acknowledgements = [...byKey.values()];
    expect(acknowledgements.length).toBeGreaterThan(0);
    // what NagAcknowledgements.list shows for review is what was written, plus the example's own
    const listed = NagAcknowledgements.list(app).map((a) => ({ path: a.path, id: a.findingId, reason: a.reason }));
    expect(acknowledgements).toEqual(expect.arrayContaining(listed));
    expect(acknowledgements.filter((a) => !listed.some((l) => l.path === a.path && l.id === a.id)).map((a) => a.id)).toEqual(['AwsSolutions-SMG4']);
    for (const ack of acknowledgements) expect(ack.reason.length).toBeGreaterThan(40);
    expect(new Set(acknowledgements.map((a) => a.id.replace(/\[.*$/, '')))).toEqual(new Set([
      'AwsSolutions-IAM4', 'AwsSolutions-IAM5', 'AwsSolutions-L1', 'AwsSolutions-SF1', 'AwsSolutions-SF2', 'AwsSolutions-SMG4', 'AwsSolutions-EC23',
    ]));
  });
});

describe('cdk-nag AwsSolutions on what the example does not use', () => {
  test('isDefault, every operations option, an apex domain and a run schedule: no unacknowledged finding', () => {
    const app = new App();
    NagAcknowledgements.acknowledge(app); // before the constructs exist: covers them too
    const stack = new Stack(app, 'Everything', { env: { account: '123456789012', region: 'eu-west-1' } });
    new AutoScalingConfiguration(stack, 'Default', { isDefault: true });
    const service = new Service(stack, 'Svc', {
      source: Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/aws-containers/hello-app-runner:latest' }),
      paused: true,
      redeploy: 'v1',
      failOnRollback: true,
    });
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.org' });
    service.addCustomDomain({ domainName: 'example.org', hostedZone: zone });
    new Service(stack, 'Scheduled', { source: Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/aws-containers/hello-app-runner:latest' }) })
      .addRunSchedule({ pause: scheduler.ScheduleExpression.cron({ hour: '20', minute: '0' }) });
    app.synth();
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.resourceLogicalId).join(',')}`)).toEqual([]);
  });

  test('an ECS Express Mode twin with a domain cutover (issue 13): no unacknowledged finding', () => {
    const app = new App();
    NagAcknowledgements.acknowledge(app);
    const stack = new Stack(app, 'Cutover', { env: { account: '123456789012', region: 'eu-west-1' } });
    const service = new Service(stack, 'Svc', {
      source: Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/aws-containers/hello-app-runner:latest' }),
      healthCheck: HealthCheck.http({ path: '/' }),
    });
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.org' });
    const domain = service.addCustomDomain({ domainName: 'api.example.org', hostedZone: zone });
    const twin = new EcsExpressTwin(stack, 'Twin', { service });
    new DomainCutover(stack, 'Cutover', { twin, customDomain: domain, split: TrafficSplit.HALF });
    app.synth();
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.resourceLogicalId).join(',')}`)).toEqual([]);
    const reasons = NagAcknowledgements.list(app).filter((a) => /ExpressDescribe/.test(a.path)).map((a) => a.findingId);
    expect(reasons).toEqual(['AwsSolutions-IAM5[Resource::*]']);
  });
});
