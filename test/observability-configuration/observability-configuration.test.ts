/**
 * ObservabilityConfiguration: props, attributes, imports (concrete and token ARNs), wiring
 * into Service, the create-only tags warning.
 */
import { Tags, Token } from 'aws-cdk-lib';
import { CfnObservabilityConfiguration } from 'aws-cdk-lib/aws-apprunner';
import {
  ObservabilityConfiguration, ObservabilityConfigurationBase, Service, Source, TraceConfigurationVendor,
} from '../../src';
import { newAgnosticStack, newStack, onlyResourceProps, synth, warnings } from '../support/util';

const TYPE = 'AWS::AppRunner::ObservabilityConfiguration';
const ARN = 'arn:aws:apprunner:us-east-1:123456789012:observabilityconfiguration/tracing/2/fedcba9876543210fedcba9876543210';
const IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';
const fromArnRef = (index: number, ref: string) => ({
  'Fn::Select': [index, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { Ref: ref }] }] }] }],
});

describe('ObservabilityConfiguration', () => {
  test('TraceConfigurationVendor has the alpha value', () => {
    expect(TraceConfigurationVendor.AWSXRAY).toBe('AWSXRAY');
  });

  test('name and vendor are rendered; attributes come from the resource; one Cfn child with id Resource', () => {
    const stack = newStack();
    const obs = new ObservabilityConfiguration(stack, 'Tracing', {
      observabilityConfigurationName: 'tracing', traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY,
    });
    const template = synth(stack);
    template.hasResourceProperties(TYPE, { ObservabilityConfigurationName: 'tracing', TraceConfiguration: { Vendor: 'AWSXRAY' } });
    expect(Object.keys(template.findResources(TYPE))).toEqual(['TracingACF41862']);
    expect(stack.resolve(obs.observabilityConfigurationArn)).toEqual({ 'Fn::GetAtt': ['TracingACF41862', 'ObservabilityConfigurationArn'] });
    expect(stack.resolve(obs.observabilityConfigurationRevision)).toEqual({ 'Fn::GetAtt': ['TracingACF41862', 'ObservabilityConfigurationRevision'] });
    expect(obs.observabilityConfigurationName).toBe('tracing');
    expect(obs.node.defaultChild).toBeInstanceOf(CfnObservabilityConfiguration);
    expect(obs.node.defaultChild!.node.id).toBe('Resource');
    expect(obs).toBeInstanceOf(ObservabilityConfigurationBase);
    expect(warnings(stack)).toEqual([]);
  });

  test('without a name: only the trace configuration; the name is split out of the ARN', () => {
    const stack = newStack();
    const obs = new ObservabilityConfiguration(stack, 'Tracing', { traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY });
    expect(onlyResourceProps(synth(stack), TYPE)).toEqual({ TraceConfiguration: { Vendor: 'AWSXRAY' } });
    expect(stack.resolve(obs.observabilityConfigurationName)).toEqual({
      'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::GetAtt': ['TracingACF41862', 'ObservabilityConfigurationArn'] }] }] }] }],
    });
  });

  test.each(['abcd', 'A'.repeat(32), 'Default-Configuration', 'defaultconfiguration'])('name %s is accepted', (name) => {
    const stack = newStack();
    new ObservabilityConfiguration(stack, 'Tracing', { observabilityConfigurationName: name, traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY });
    synth(stack).hasResourceProperties(TYPE, { ObservabilityConfigurationName: name });
  });

  test('wired into a Service: observability enabled with the ARN', () => {
    const stack = newStack();
    const obs = new ObservabilityConfiguration(stack, 'Tracing', { traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY });
    new Service(stack, 'Svc', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), observabilityConfiguration: obs });
    expect(onlyResourceProps(synth(stack), 'AWS::AppRunner::Service').ObservabilityConfiguration).toEqual({
      ObservabilityEnabled: true, ObservabilityConfigurationArn: { 'Fn::GetAtt': ['TracingACF41862', 'ObservabilityConfigurationArn'] },
    });
  });

  test('tags are rendered and warn that they replace the configuration', () => {
    const stack = newStack();
    const obs = new ObservabilityConfiguration(stack, 'Tracing', { traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY });
    Tags.of(stack).add('env', 'prod');
    synth(stack).hasResourceProperties(TYPE, { Tags: [{ Key: 'env', Value: 'prod' }] });
    const found = warnings(stack);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^Tags on an App Runner observability configuration are create-only/);
    expect(obs.node.metadata.some((m) => m.type === 'aws:cdk:warning')).toBe(true);
  });
});

describe('ObservabilityConfiguration imports', () => {
  test('fromArn parses name and revision from a concrete ARN', () => {
    const obs = ObservabilityConfiguration.fromArn(newStack(), 'Imported', ARN);
    expect([obs.observabilityConfigurationName, obs.observabilityConfigurationRevision]).toEqual(['tracing', 2]);
    expect(obs.observabilityConfigurationArn).toBe(ARN);
    expect(obs).toBeInstanceOf(ObservabilityConfigurationBase);
  });

  test('fromArn with a token ARN: name and revision derived with Fn::Split/Fn::Select, never NaN', () => {
    const stack = newAgnosticStack();
    const obs = ObservabilityConfiguration.fromArn(stack, 'Token', Token.asString({ Ref: 'ObsArn' }));
    expect(stack.resolve(obs.observabilityConfigurationName)).toEqual(fromArnRef(1, 'ObsArn'));
    expect(Number.isNaN(obs.observabilityConfigurationRevision)).toBe(false);
    expect(stack.resolve(obs.observabilityConfigurationRevision)).toEqual(fromArnRef(2, 'ObsArn'));
    expect(stack.resolve(obs.observabilityConfigurationArn)).toEqual({ Ref: 'ObsArn' });
  });

  test('fromObservabilityConfigurationAttributes builds the ARN prefix as the alpha module does', () => {
    const stack = newStack();
    const obs = ObservabilityConfiguration.fromObservabilityConfigurationAttributes(stack, 'Imported', {
      observabilityConfigurationName: 'tracing', observabilityConfigurationRevision: 1,
    });
    expect(stack.resolve(obs.observabilityConfigurationArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apprunner:us-east-1:123456789012:observabilityconfiguration/tracing/1']],
    });
    expect([obs.observabilityConfigurationName, obs.observabilityConfigurationRevision]).toEqual(['tracing', 1]);
  });

  test('an imported configuration wires into a Service', () => {
    const stack = newStack();
    const obs = ObservabilityConfiguration.fromArn(stack, 'Imported', ARN);
    new Service(stack, 'Svc', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), observabilityConfiguration: obs });
    expect(onlyResourceProps(synth(stack), 'AWS::AppRunner::Service').ObservabilityConfiguration).toEqual({
      ObservabilityEnabled: true, ObservabilityConfigurationArn: ARN,
    });
  });
});
