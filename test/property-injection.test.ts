/**
 * Issue 11 point 1: every construct takes property injection (aws-cdk-lib `PropertyInjectors`)
 * as aws-cdk-lib's L2s and the alpha module do; the five the alpha module has answer to its ids,
 * so an injector written for the alpha module applies after the import swap. An injected value
 * is validated exactly as a passed one.
 */
import { App, Duration, InjectionContext, IPropertyInjector, PropertyInjectors, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import {
  AutoScalingConfiguration, Cpu, CustomDomain, Memory, ObservabilityConfiguration, RunSchedule, Service, Source, TraceConfigurationVendor,
  VpcConnector, VpcIngressConnection,
} from '../src';
import { expectValidationError } from './support/util';

const IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';

/** An injector for one construct class, merging `defaults` under the props a user passes. */
class Defaults implements IPropertyInjector {
  constructor(public readonly constructUniqueId: string, private readonly defaults: Record<string, unknown>) {}
  public inject(originalProps: any, _context: InjectionContext): any {
    return { ...this.defaults, ...originalProps };
  }
}

/** An injector that overrides what the user passes (an org-wide rule). */
class Override implements IPropertyInjector {
  constructor(public readonly constructUniqueId: string, private readonly values: Record<string, unknown>) {}
  public inject(originalProps: any, _context: InjectionContext): any {
    return { ...originalProps, ...this.values };
  }
}

function stackWith(...injectors: IPropertyInjector[]): Stack {
  const app = new App();
  PropertyInjectors.of(app).add(...injectors);
  return new Stack(app, 'Injected', { env: { account: '123456789012', region: 'us-east-1' } });
}

const source = () => Source.fromEcrPublic({ imageIdentifier: IMAGE, imageConfiguration: { port: 8000 } });

test('the ids: the alpha module\'s for its five constructs, ours in the same form for the others', () => {
  expect(Service.PROPERTY_INJECTION_ID).toBe('@aws-cdk.aws-apprunner-alpha.Service');
  expect(AutoScalingConfiguration.PROPERTY_INJECTION_ID).toBe('@aws-cdk.aws-apprunner-alpha.AutoScalingConfiguration');
  expect(ObservabilityConfiguration.PROPERTY_INJECTION_ID).toBe('@aws-cdk.aws-apprunner-alpha.ObservabilityConfiguration');
  expect(VpcConnector.PROPERTY_INJECTION_ID).toBe('@aws-cdk.aws-apprunner-alpha.VpcConnector');
  expect(VpcIngressConnection.PROPERTY_INJECTION_ID).toBe('@aws-cdk.aws-apprunner-alpha.VpcIngressConnection');
  expect(RunSchedule.PROPERTY_INJECTION_ID).toBe('cdk-apprunner-kit.RunSchedule');
  expect(CustomDomain.PROPERTY_INJECTION_ID).toBe('cdk-apprunner-kit.CustomDomain');
});

describe('Service', () => {
  test('an org-wide default (private, 1 vCPU / 2 GB) applies; what the user passes wins', () => {
    const stack = stackWith(new Defaults(Service.PROPERTY_INJECTION_ID, { isPubliclyAccessible: false, cpu: Cpu.ONE_VCPU, memory: Memory.TWO_GB }));
    const injected = new Service(stack, 'Injected', { source: source() });
    new Service(stack, 'Explicit', { source: source(), cpu: Cpu.TWO_VCPU, memory: Memory.FOUR_GB });
    expect(injected.isPubliclyAccessible).toBe(false);
    const services = Template.fromStack(stack).findResources('AWS::AppRunner::Service');
    const props = (id: string) => Object.entries<any>(services).find(([logicalId]) => logicalId.startsWith(id))![1].Properties;
    expect(props('Injected').InstanceConfiguration).toMatchObject({ Cpu: '1 vCPU', Memory: '2 GB' });
    expect(props('Injected').NetworkConfiguration.IngressConfiguration).toEqual({ IsPubliclyAccessible: false });
    expect(props('Explicit').InstanceConfiguration).toMatchObject({ Cpu: '2 vCPU', Memory: '4 GB' });
  });

  test('an invalid injected value gets the error a passed one gets', () => {
    const name = 'x'.repeat(41);
    const passed = expectValidationError(() => new Service(stackWith(), 'Svc', { source: source(), serviceName: name }), /serviceName/);
    const injected = expectValidationError(() => new Service(stackWith(new Defaults(Service.PROPERTY_INJECTION_ID, { serviceName: name })), 'Svc',
      { source: source() }), /serviceName/);
    expect(injected.message).toBe(passed.message);
  });

  test('an injector for another class leaves the service alone', () => {
    const stack = stackWith(new Defaults(VpcConnector.PROPERTY_INJECTION_ID, { vpcConnectorName: 'x' }));
    expect(new Service(stack, 'Svc', { source: source() }).isPubliclyAccessible).toBe(true);
  });
});

describe('the configurations and connections', () => {
  test('AutoScalingConfiguration: an injected maxSize applies; an invalid one is refused as a passed one', () => {
    const stack = stackWith(new Defaults(AutoScalingConfiguration.PROPERTY_INJECTION_ID, { maxSize: 10 }));
    new AutoScalingConfiguration(stack, 'Asc');
    Template.fromStack(stack).hasResourceProperties('AWS::AppRunner::AutoScalingConfiguration', { MaxSize: 10 });
    const passed = expectValidationError(() => new AutoScalingConfiguration(stackWith(), 'Asc', { maxConcurrency: 201 }), /maxConcurrency/);
    const injected = expectValidationError(() => new AutoScalingConfiguration(
      stackWith(new Defaults(AutoScalingConfiguration.PROPERTY_INJECTION_ID, { maxConcurrency: 201 })), 'Asc'), /maxConcurrency/);
    expect(injected.message).toBe(passed.message);
  });

  test('ObservabilityConfiguration: an injected name applies; an invalid one is refused as a passed one', () => {
    const stack = stackWith(new Defaults(ObservabilityConfiguration.PROPERTY_INJECTION_ID, { observabilityConfigurationName: 'org-tracing' }));
    new ObservabilityConfiguration(stack, 'Obs', { traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY });
    Template.fromStack(stack).hasResourceProperties('AWS::AppRunner::ObservabilityConfiguration', { ObservabilityConfigurationName: 'org-tracing' });
    const bad = { observabilityConfigurationName: 'a' };
    const passed = expectValidationError(() => new ObservabilityConfiguration(stackWith(), 'Obs',
      { traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY, ...bad }), /observabilityConfigurationName/);
    const injected = expectValidationError(() => new ObservabilityConfiguration(stackWith(new Defaults(ObservabilityConfiguration.PROPERTY_INJECTION_ID, bad)), 'Obs',
      { traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY }), /observabilityConfigurationName/);
    expect(injected.message).toBe(passed.message);
  });

  test('VpcConnector and VpcIngressConnection: injected names apply; invalid ones are refused as passed ones', () => {
    const stack = stackWith(
      new Defaults(VpcConnector.PROPERTY_INJECTION_ID, { vpcConnectorName: 'org-connector' }),
      new Defaults(VpcIngressConnection.PROPERTY_INJECTION_ID, { vpcIngressConnectionName: 'org-ingress' }),
    );
    const vpc = new ec2.Vpc(stack, 'Vpc');
    new VpcConnector(stack, 'Connector', { vpc });
    new VpcIngressConnection(stack, 'Ingress', { vpc, service: new Service(stack, 'Svc', { source: source(), isPubliclyAccessible: false }) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::AppRunner::VpcConnector', { VpcConnectorName: 'org-connector' });
    template.hasResourceProperties('AWS::AppRunner::VpcIngressConnection', { VpcIngressConnectionName: 'org-ingress' });

    const connector = (s: Stack, props: object) => new VpcConnector(s, 'Connector', { vpc: new ec2.Vpc(s, 'Vpc'), ...props });
    const passed = expectValidationError(() => connector(stackWith(), { vpcConnectorName: 'ab' }), /vpcConnectorName/);
    const injected = expectValidationError(() => connector(stackWith(new Defaults(VpcConnector.PROPERTY_INJECTION_ID, { vpcConnectorName: 'ab' })), {}), /vpcConnectorName/);
    expect(injected.message).toBe(passed.message);
  });

  test('RunSchedule: injected retries apply; an invalid count is refused as a passed one', () => {
    const stack = stackWith(new Defaults(RunSchedule.PROPERTY_INJECTION_ID, { retryAttempts: 5 }));
    const service = new Service(stack, 'Svc', { source: source() });
    new RunSchedule(stack, 'Nights', { service, pause: scheduler.ScheduleExpression.rate(Duration.days(1)) });
    Template.fromStack(stack).hasResourceProperties('AWS::Scheduler::Schedule', { Target: { RetryPolicy: { MaximumRetryAttempts: 5 } } });
    const schedule = (s: Stack, props: object) => new RunSchedule(s, 'Nights', {
      service: new Service(s, 'Svc', { source: source() }), pause: scheduler.ScheduleExpression.rate(Duration.days(1)), ...props,
    });
    const passed = expectValidationError(() => schedule(stackWith(), { retryAttempts: 186 }), /retryAttempts/);
    const injected = expectValidationError(() => schedule(stackWith(new Defaults(RunSchedule.PROPERTY_INJECTION_ID, { retryAttempts: 186 })), {}), /retryAttempts/);
    expect(injected.message).toBe(passed.message);
  });
});

describe('CustomDomain', () => {
  const zoneOf = (stack: Stack) => route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' });

  test('an org-wide enableWwwSubdomain: false applies, to service.addCustomDomain too; what the user passes wins', () => {
    const stack = stackWith(new Defaults(CustomDomain.PROPERTY_INJECTION_ID, { enableWwwSubdomain: false }));
    const service = new Service(stack, 'Svc', { source: source() });
    const zone = zoneOf(stack);
    service.addCustomDomain({ domainName: 'api.example.com', hostedZone: zone });
    new CustomDomain(stack, 'Www', { service, domainName: 'www-too.example.com', hostedZone: zone, enableWwwSubdomain: true });
    const domains = Object.values<any>(Template.fromStack(stack).findResources('Custom::AppRunnerCustomDomain')).map((r) => r.Properties);
    expect(domains.map((p) => [p.DomainName, p.EnableWwwSubdomain])).toEqual([['api.example.com', 'false'], ['www-too.example.com', 'true']]);
  });

  test('an invalid injected domain name (an org-wide override) gets the error a passed one gets', () => {
    const domain = (stack: Stack, domainName: string) => new CustomDomain(stack, 'Domain', {
      service: new Service(stack, 'Svc', { source: source() }), domainName, hostedZone: zoneOf(stack),
    });
    const passed = expectValidationError(() => domain(stackWith(), 'api..example.com'), /domainName/);
    const injected = expectValidationError(() => domain(stackWith(new Override(CustomDomain.PROPERTY_INJECTION_ID, { domainName: 'api..example.com' })),
      'api.example.com'), /domainName/);
    expect(injected.message).toBe(passed.message);
  });
});
