/**
 * AutoScalingConfiguration and ObservabilityConfiguration: props, imports (concrete and
 * token ARNs), wiring into Service, warnings.
 */
import { Tags, Token } from 'aws-cdk-lib';
import {
  AutoScalingConfiguration, ObservabilityConfiguration, Service, Source, TraceConfigurationVendor,
} from '../../src';
import { newAgnosticStack, newStack, onlyResourceProps, synth, warnings } from '../support/util';

const ASC_ARN = 'arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/web-scaling/3/0123456789abcdef0123456789abcdef';
const OBS_ARN = 'arn:aws:apprunner:us-east-1:123456789012:observabilityconfiguration/tracing/2/fedcba9876543210fedcba9876543210';
const split = (index: number, ref: string) => ({
  'Fn::Select': [index, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { Ref: ref }] }] }] }],
});

describe('AutoScalingConfiguration', () => {
  test('every prop is rendered; attributes come from the resource', () => {
    const stack = newStack();
    const asc = new AutoScalingConfiguration(stack, 'Scaling', {
      autoScalingConfigurationName: 'web-scaling', minSize: 2, maxSize: 10, maxConcurrency: 50,
    });
    expect(onlyResourceProps(synth(stack), 'AWS::AppRunner::AutoScalingConfiguration')).toEqual({
      AutoScalingConfigurationName: 'web-scaling', MinSize: 2, MaxSize: 10, MaxConcurrency: 50,
    });
    expect(stack.resolve(asc.autoScalingConfigurationArn)).toEqual({ 'Fn::GetAtt': ['ScalingD647A029', 'AutoScalingConfigurationArn'] });
    expect(stack.resolve(asc.autoScalingConfigurationRevision)).toEqual({ 'Fn::GetAtt': ['ScalingD647A029', 'AutoScalingConfigurationRevision'] });
    expect(asc.autoScalingConfigurationName).toBe('web-scaling');
    expect((asc.node.defaultChild as any).node.id).toBe('Resource');
  });

  test('defaults: nothing set, App Runner applies 1/25/100; the generated name comes from the ARN (not Ref, which is the ARN)', () => {
    const stack = newStack();
    const asc = new AutoScalingConfiguration(stack, 'Scaling');
    expect(onlyResourceProps(synth(stack), 'AWS::AppRunner::AutoScalingConfiguration')).toBeUndefined();
    expect(stack.resolve(asc.autoScalingConfigurationName)).toEqual({
      'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::GetAtt': ['ScalingD647A029', 'AutoScalingConfigurationArn'] }] }] }] }],
    });
  });

  test('min == max is allowed (a fixed size)', () => {
    const stack = newStack();
    new AutoScalingConfiguration(stack, 'Scaling', { minSize: 3, maxSize: 3 });
    expect(onlyResourceProps(synth(stack), 'AWS::AppRunner::AutoScalingConfiguration')).toEqual({ MinSize: 3, MaxSize: 3 });
  });

  test('fromArn parses name and revision from a concrete ARN', () => {
    const asc = AutoScalingConfiguration.fromArn(newStack(), 'Imported', ASC_ARN);
    expect(asc.autoScalingConfigurationName).toBe('web-scaling');
    expect(asc.autoScalingConfigurationRevision).toBe(3);
    expect(asc.autoScalingConfigurationArn).toBe(ASC_ARN);
  });

  test('fromArn with a token ARN: name and revision derived with Fn::Split/Fn::Select, never NaN', () => {
    const stack = newAgnosticStack();
    const asc = AutoScalingConfiguration.fromArn(stack, 'Imported', Token.asString({ Ref: 'AscArn' }));
    expect(stack.resolve(asc.autoScalingConfigurationName)).toEqual(split(1, 'AscArn'));
    expect(Number.isNaN(asc.autoScalingConfigurationRevision)).toBe(false);
    expect(Token.isUnresolved(asc.autoScalingConfigurationRevision)).toBe(true);
    expect(stack.resolve(asc.autoScalingConfigurationRevision)).toEqual(split(2, 'AscArn'));
  });

  test('fromAutoScalingConfigurationAttributes builds the ARN prefix', () => {
    const stack = newStack();
    const asc = AutoScalingConfiguration.fromAutoScalingConfigurationAttributes(stack, 'Imported', {
      autoScalingConfigurationName: 'web-scaling', autoScalingConfigurationRevision: 4,
    });
    expect(stack.resolve(asc.autoScalingConfigurationArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apprunner:us-east-1:123456789012:autoscalingconfiguration/web-scaling/4']],
    });
    expect(asc.autoScalingConfigurationRevision).toBe(4);
  });

  test('wired into a Service (owned and imported)', () => {
    const stack = newStack();
    const asc = AutoScalingConfiguration.fromArn(stack, 'Imported', ASC_ARN);
    new Service(stack, 'Svc', { source: Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/a/b:c' }), autoScalingConfiguration: asc });
    expect(onlyResourceProps(synth(stack), 'AWS::AppRunner::Service').AutoScalingConfigurationArn).toBe(ASC_ARN);
  });

  test('tags warn that they replace the configuration', () => {
    const stack = newStack();
    const asc = new AutoScalingConfiguration(stack, 'Scaling');
    Tags.of(asc).add('team', 'web');
    expect(onlyResourceProps(synth(stack), 'AWS::AppRunner::AutoScalingConfiguration').Tags).toEqual([{ Key: 'team', Value: 'web' }]);
    expect(warnings(stack).join('\n')).toMatch(/Tags on an App Runner auto scaling configuration are create-only/);
  });
});

describe('ObservabilityConfiguration', () => {
  test('name and vendor are rendered; attributes from the resource', () => {
    const stack = newStack();
    const obs = new ObservabilityConfiguration(stack, 'Tracing', {
      observabilityConfigurationName: 'tracing', traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY,
    });
    expect(onlyResourceProps(synth(stack), 'AWS::AppRunner::ObservabilityConfiguration')).toEqual({
      ObservabilityConfigurationName: 'tracing', TraceConfiguration: { Vendor: 'AWSXRAY' },
    });
    expect(stack.resolve(obs.observabilityConfigurationArn)).toEqual({ 'Fn::GetAtt': ['TracingACF41862', 'ObservabilityConfigurationArn'] });
    expect(stack.resolve(obs.observabilityConfigurationRevision)).toEqual({ 'Fn::GetAtt': ['TracingACF41862', 'ObservabilityConfigurationRevision'] });
    expect(obs.observabilityConfigurationName).toBe('tracing');
  });

  test('fromArn: concrete and token ARNs', () => {
    const obs = ObservabilityConfiguration.fromArn(newStack(), 'Imported', OBS_ARN);
    expect([obs.observabilityConfigurationName, obs.observabilityConfigurationRevision]).toEqual(['tracing', 2]);
    const stack = newAgnosticStack();
    const tokenObs = ObservabilityConfiguration.fromArn(stack, 'Token', Token.asString({ Ref: 'ObsArn' }));
    expect(stack.resolve(tokenObs.observabilityConfigurationName)).toEqual(split(1, 'ObsArn'));
    expect(stack.resolve(tokenObs.observabilityConfigurationRevision)).toEqual(split(2, 'ObsArn'));
  });

  test('fromObservabilityConfigurationAttributes builds the ARN prefix', () => {
    const stack = newStack();
    const obs = ObservabilityConfiguration.fromObservabilityConfigurationAttributes(stack, 'Imported', {
      observabilityConfigurationName: 'tracing', observabilityConfigurationRevision: 1,
    });
    expect(stack.resolve(obs.observabilityConfigurationArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apprunner:us-east-1:123456789012:observabilityconfiguration/tracing/1']],
    });
  });

  test('wired into a Service: observability enabled with the ARN', () => {
    const stack = newStack();
    const obs = ObservabilityConfiguration.fromArn(stack, 'Imported', OBS_ARN);
    new Service(stack, 'Svc', { source: Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/a/b:c' }), observabilityConfiguration: obs });
    expect(onlyResourceProps(synth(stack), 'AWS::AppRunner::Service').ObservabilityConfiguration).toEqual({
      ObservabilityEnabled: true, ObservabilityConfigurationArn: OBS_ARN,
    });
  });
});

describe('AutoScalingConfiguration.isDefault', () => {
  test('a custom resource makes it the account default, through the stack\'s one provider', () => {
    const stack = newStack();
    const asc = new AutoScalingConfiguration(stack, 'Scaling', { isDefault: true, minSize: 2 });
    const template = synth(stack);
    const resources = Object.values<any>(template.findResources('Custom::AppRunnerDefaultAutoScaling'));
    expect(resources).toHaveLength(1);
    expect(resources[0].Properties.AutoScalingConfigurationArn).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(asc.node.defaultChild as any), 'AutoScalingConfigurationArn'] });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Action: 'apprunner:ListAutoScalingConfigurations', Effect: 'Allow', Resource: '*' },
          {
            Action: 'apprunner:UpdateDefaultAutoScalingConfiguration',
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apprunner:us-east-1:123456789012:autoscalingconfiguration/*']] },
          },
        ],
      },
    });
    template.resourceCountIs('AWS::Lambda::Function', 5);
  });

  test('not set or false: no custom resource', () => {
    const stack = newStack();
    new AutoScalingConfiguration(stack, 'A', { isDefault: false });
    new AutoScalingConfiguration(stack, 'B');
    synth(stack).resourceCountIs('Custom::AppRunnerDefaultAutoScaling', 0);
  });
});
