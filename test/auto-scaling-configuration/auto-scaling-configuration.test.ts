/**
 * AutoScalingConfiguration: props, defaults, attributes, imports (concrete and token ARNs),
 * wiring into Service, the create-only tags warning and `isDefault` (one per account and region).
 */
import { CfnOutput, Stack, Tags, Token } from 'aws-cdk-lib';
import { CfnAutoScalingConfiguration } from 'aws-cdk-lib/aws-apprunner';
import { Construct } from 'constructs';
import { AutoScalingConfiguration, AutoScalingConfigurationBase, Service, Source } from '../../src';
import { expectValidationError, newAgnosticStack, newStack, onlyResourceProps, synth, warnings } from '../support/util';

const TYPE = 'AWS::AppRunner::AutoScalingConfiguration';
const ARN = 'arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/web-scaling/3/0123456789abcdef0123456789abcdef';
const IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';

/** The Fn::Select of field `index` of the `/`-separated resource part of the ARN `Ref`. */
const fromArnRef = (index: number, ref: string) => ({
  'Fn::Select': [index, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { Ref: ref }] }] }] }],
});

describe('AutoScalingConfiguration', () => {
  test('every prop is rendered; attributes come from the resource; one Cfn child with id Resource', () => {
    const stack = newStack();
    const asc = new AutoScalingConfiguration(stack, 'Scaling', {
      autoScalingConfigurationName: 'web-scaling', minSize: 2, maxSize: 10, maxConcurrency: 50,
    });
    const template = synth(stack);
    template.resourceCountIs(TYPE, 1);
    template.hasResourceProperties(TYPE, {
      AutoScalingConfigurationName: 'web-scaling', MinSize: 2, MaxSize: 10, MaxConcurrency: 50,
    });
    expect(Object.keys(template.findResources(TYPE))).toEqual(['ScalingD647A029']);
    expect(stack.resolve(asc.autoScalingConfigurationArn)).toEqual({ 'Fn::GetAtt': ['ScalingD647A029', 'AutoScalingConfigurationArn'] });
    expect(stack.resolve(asc.autoScalingConfigurationRevision)).toEqual({ 'Fn::GetAtt': ['ScalingD647A029', 'AutoScalingConfigurationRevision'] });
    expect(asc.autoScalingConfigurationName).toBe('web-scaling');
    expect(asc.node.defaultChild).toBeInstanceOf(CfnAutoScalingConfiguration);
    expect(asc.node.defaultChild!.node.id).toBe('Resource');
    expect(asc).toBeInstanceOf(AutoScalingConfigurationBase);
    expect(warnings(stack)).toEqual([]);
  });

  test('defaults: no property is set (App Runner applies 1/25/100); the generated name is split out of the ARN, not Ref (which is the ARN)', () => {
    const stack = newStack();
    const asc = new AutoScalingConfiguration(stack, 'Scaling');
    expect(onlyResourceProps(synth(stack), TYPE)).toBeUndefined();
    expect(stack.resolve(asc.autoScalingConfigurationName)).toEqual({
      'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::GetAtt': ['ScalingD647A029', 'AutoScalingConfigurationArn'] }] }] }] }],
    });
  });

  test.each([
    ['minSize', { minSize: 25 }, { MinSize: 25 }],
    ['maxSize', { maxSize: 1 }, { MaxSize: 1 }],
    ['maxConcurrency (lower bound)', { maxConcurrency: 1 }, { MaxConcurrency: 1 }],
    ['maxConcurrency (upper bound)', { maxConcurrency: 200 }, { MaxConcurrency: 200 }],
    ['name of 4 characters', { autoScalingConfigurationName: 'a_b-' }, { AutoScalingConfigurationName: 'a_b-' }],
    ['name of 32 characters', { autoScalingConfigurationName: 'A'.repeat(32) }, { AutoScalingConfigurationName: 'A'.repeat(32) }],
  ])('%s alone is rendered as given', (_name, props, expected) => {
    const stack = newStack();
    new AutoScalingConfiguration(stack, 'Scaling', props);
    expect(onlyResourceProps(synth(stack), TYPE)).toEqual(expected);
  });

  test('minSize equal to maxSize is allowed (a fixed size; the alpha module refuses it)', () => {
    const stack = newStack();
    new AutoScalingConfiguration(stack, 'Scaling', { minSize: 3, maxSize: 3 });
    synth(stack).hasResourceProperties(TYPE, { MinSize: 3, MaxSize: 3 });
  });

  test('token values are passed through unchecked, and a token name is split out of the ARN', () => {
    const stack = newStack();
    const asc = new AutoScalingConfiguration(stack, 'Scaling', {
      autoScalingConfigurationName: Token.asString({ Ref: 'Name' }),
      minSize: Token.asNumber({ Ref: 'Min' }),
      maxSize: Token.asNumber({ Ref: 'Max' }),
      maxConcurrency: Token.asNumber({ Ref: 'Concurrency' }),
    });
    expect(stack.resolve((asc.node.defaultChild as CfnAutoScalingConfiguration)._toCloudFormation())).toMatchObject({
      Resources: {
        ScalingD647A029: {
          Properties: {
            AutoScalingConfigurationName: { Ref: 'Name' }, MinSize: { Ref: 'Min' }, MaxSize: { Ref: 'Max' }, MaxConcurrency: { Ref: 'Concurrency' },
          },
        },
      },
    });
    expect(stack.resolve(asc.autoScalingConfigurationName)['Fn::Select'][0]).toBe(1);
  });

  test('wired into a Service', () => {
    const stack = newStack();
    const asc = new AutoScalingConfiguration(stack, 'Scaling', { maxSize: 5 });
    new Service(stack, 'Svc', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), autoScalingConfiguration: asc });
    expect(onlyResourceProps(synth(stack), 'AWS::AppRunner::Service').AutoScalingConfigurationArn)
      .toEqual({ 'Fn::GetAtt': ['ScalingD647A029', 'AutoScalingConfigurationArn'] });
  });

  test('tags are rendered and warn that they replace the configuration', () => {
    const stack = newStack();
    const asc = new AutoScalingConfiguration(stack, 'Scaling');
    Tags.of(asc).add('team', 'web');
    synth(stack).hasResourceProperties(TYPE, { Tags: [{ Key: 'team', Value: 'web' }] });
    const found = warnings(stack);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^Tags on an App Runner auto scaling configuration are create-only: adding, changing or removing a tag replaces it/);
    expect(found[0]).toMatch(/\[ack: cdk-apprunner-kit:createOnlyTags\]/);
  });
});

describe('AutoScalingConfiguration imports', () => {
  test('fromArn parses name and revision from a concrete ARN (alpha: ARN prefix and NaN)', () => {
    const asc = AutoScalingConfiguration.fromArn(newStack(), 'Imported', ARN);
    expect(asc.autoScalingConfigurationName).toBe('web-scaling');
    expect(asc.autoScalingConfigurationRevision).toBe(3);
    expect(asc.autoScalingConfigurationArn).toBe(ARN);
    expect(asc).toBeInstanceOf(AutoScalingConfigurationBase);
  });

  test('fromArn accepts other partitions and multi-digit revisions', () => {
    const asc = AutoScalingConfiguration.fromArn(newStack(), 'Imported',
      'arn:aws-cn:apprunner:cn-north-1:123456789012:autoscalingconfiguration/My_Scaling-1/12/abc');
    expect([asc.autoScalingConfigurationName, asc.autoScalingConfigurationRevision]).toEqual(['My_Scaling-1', 12]);
  });

  test('fromArn with a token ARN: name and revision derived with Fn::Split/Fn::Select, never NaN', () => {
    const stack = newAgnosticStack();
    const asc = AutoScalingConfiguration.fromArn(stack, 'Imported', Token.asString({ Ref: 'AscArn' }));
    expect(stack.resolve(asc.autoScalingConfigurationName)).toEqual(fromArnRef(1, 'AscArn'));
    expect(Number.isNaN(asc.autoScalingConfigurationRevision)).toBe(false);
    expect(Token.isUnresolved(asc.autoScalingConfigurationRevision)).toBe(true);
    expect(stack.resolve(asc.autoScalingConfigurationRevision)).toEqual(fromArnRef(2, 'AscArn'));
    expect(stack.resolve(asc.autoScalingConfigurationArn)).toEqual({ Ref: 'AscArn' });
  });

  test('the token revision renders in a template as the selection', () => {
    const stack = newStack();
    const asc = AutoScalingConfiguration.fromArn(stack, 'Imported', Token.asString({ Ref: 'AscArn' }));
    new CfnOutput(stack, 'Revision', { value: Token.asString(asc.autoScalingConfigurationRevision) });
    expect(synth(stack).toJSON().Outputs.Revision.Value).toEqual(fromArnRef(2, 'AscArn'));
  });

  test('fromAutoScalingConfigurationAttributes builds the ARN prefix as the alpha module does', () => {
    const stack = newStack();
    const asc = AutoScalingConfiguration.fromAutoScalingConfigurationAttributes(stack, 'Imported', {
      autoScalingConfigurationName: 'web-scaling', autoScalingConfigurationRevision: 4,
    });
    expect(stack.resolve(asc.autoScalingConfigurationArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apprunner:us-east-1:123456789012:autoscalingconfiguration/web-scaling/4']],
    });
    expect([asc.autoScalingConfigurationName, asc.autoScalingConfigurationRevision]).toEqual(['web-scaling', 4]);
  });

  test('an imported configuration wires into a Service with its ARN', () => {
    const stack = newStack();
    const asc = AutoScalingConfiguration.fromArn(stack, 'Imported', ARN);
    new Service(stack, 'Svc', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), autoScalingConfiguration: asc });
    expect(onlyResourceProps(synth(stack), 'AWS::AppRunner::Service').AutoScalingConfigurationArn).toBe(ARN);
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
    // a policy of its own that the custom resource depends on: removing isDefault restores the
    // previous default in the Delete, before CloudFormation deletes the policy
    const policyId = Object.keys(template.findResources('AWS::IAM::Policy')).find((id) => id.startsWith('AppRunnerKitOperationsProviderAccountDefaultPolicy'));
    expect(policyId).toBeDefined();
    expect(Object.values<any>(template.findResources('Custom::AppRunnerDefaultAutoScaling'))[0].DependsOn).toContain(policyId);
  });

  test('not set or false: no custom resource', () => {
    const stack = newStack();
    new AutoScalingConfiguration(stack, 'A', { isDefault: false });
    new AutoScalingConfiguration(stack, 'B');
    synth(stack).resourceCountIs('Custom::AppRunnerDefaultAutoScaling', 0);
  });
});

describe('isDefault: one default per account and region', () => {
  test('isDefault on two configurations of one account and region is a ValidationError naming both', () => {
    const stack = newStack();
    new AutoScalingConfiguration(stack, 'First', { isDefault: true });
    const other = new Stack(stack.node.root as Construct, 'Other', { env: { account: '123456789012', region: 'us-east-1' } });
    expectValidationError(() => new AutoScalingConfiguration(other, 'Second', { isDefault: true, maxSize: 5 }),
      'isDefault: true on Other/Second, but TestStack/First is already made the default auto scaling configuration of account 123456789012, region us-east-1: '
      + 'an account has one default per region, and two would replace each other at every deployment (and restore each other\'s predecessor when removed). '
      + 'Set isDefault on one configuration only.');
    const agnostic = newAgnosticStack();
    new AutoScalingConfiguration(agnostic, 'First', { isDefault: true });
    expectValidationError(() => new AutoScalingConfiguration(agnostic, 'Second', { isDefault: true }),
      /^isDefault: true on AgnosticStack\/Second, but AgnosticStack\/First is already made the default auto scaling configuration of the environment-agnostic stack AgnosticStack:/);
  });

  test('accepted: one default per region or account, others false or unset, agnostic stacks apart', () => {
    const stack = newStack();
    const app = stack.node.root as Construct;
    new AutoScalingConfiguration(stack, 'Default', { isDefault: true });
    new AutoScalingConfiguration(stack, 'NotDefault', { isDefault: false });
    new AutoScalingConfiguration(stack, 'Unset');
    new AutoScalingConfiguration(new Stack(app, 'West', { env: { account: '123456789012', region: 'us-west-2' } }), 'Default', { isDefault: true });
    new AutoScalingConfiguration(new Stack(app, 'OtherAccount', { env: { account: '210987654321', region: 'us-east-1' } }), 'Default', { isDefault: true });
    new AutoScalingConfiguration(new Stack(app, 'Agnostic'), 'Default', { isDefault: true });
    synth(stack).resourceCountIs('Custom::AppRunnerDefaultAutoScaling', 1);
  });
});

describe('account quota (10 names × 5 revisions per account and region)', () => {
  test('within the quota; other regions and environment-agnostic stacks are counted apart or not at all', () => {
    const stack = newStack();
    for (let i = 0; i < 5; i++) new AutoScalingConfiguration(stack, `Same${i}`, { autoScalingConfigurationName: 'same' });
    for (let i = 0; i < 9; i++) new AutoScalingConfiguration(stack, `Other${i}`, { autoScalingConfigurationName: `other-${i}` });
    const west = new Stack(stack.node.root as Construct, 'West', { env: { account: '123456789012', region: 'us-west-2' } });
    for (let i = 0; i < 10; i++) new AutoScalingConfiguration(west, `W${i}`);
    const agnostic = new Stack(stack.node.root as Construct, 'Agnostic');
    for (let i = 0; i < 12; i++) new AutoScalingConfiguration(agnostic, `A${i}`, { autoScalingConfigurationName: 'same' });
    expect(synth(stack).findResources('AWS::AppRunner::AutoScalingConfiguration')).not.toEqual({});
  });
});
