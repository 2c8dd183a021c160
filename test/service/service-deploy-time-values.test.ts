/**
 * Deploy-time values (CfnParameter, SSM parameters, `{{resolve:ssm:…}}`, Fn::ImportValue,
 * parameters of Fn::If conditions) reach the service's pre-update resume, rollback check and
 * run state as `DeployTimeValues`, so a changed value updates them as a changed literal would;
 * `ReplacementHash` tells the pre-update resume that CloudFormation will replace the service.
 */
import { CfnCondition, CfnParameter, Fn, SecretValue, Stack, Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { AutoScalingConfiguration, Cpu, Memory, Service, ServiceProps, Source } from '../../src';
import { findDependencyCycle, newStack, synth, warnings } from '../support/util';

const IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';
const CARRIERS = ['Custom::AppRunnerPreUpdateResume', 'Custom::AppRunnerRollbackCheck', 'Custom::AppRunnerRunState'];

function service(stack: Stack, env: Record<string, string> = {}, props: Partial<ServiceProps> = {}): Service {
  return new Service(stack, 'Svc', {
    source: Source.fromEcrPublic({ imageIdentifier: IMAGE, imageConfiguration: { environmentVariables: env } }),
    paused: true,
    failOnRollback: true,
    redeploy: 'v1',
    ...props,
  });
}

function only(template: Template, type: string): any {
  const all = Object.values(template.findResources(type));
  expect(all).toHaveLength(1);
  return all[0].Properties;
}

/** The DeployTimeValues of the three carriers (the same on each), as the Fn::Join's list. */
function deployTimeValues(stack: Stack): unknown[] | undefined {
  const template = synth(stack);
  const values = CARRIERS.map((type) => only(template, type).DeployTimeValues);
  expect(values[1]).toEqual(values[0]);
  expect(values[2]).toEqual(values[0]);
  // the deployment is a trigger: it carries none
  expect(only(template, 'Custom::AppRunnerDeployment').DeployTimeValues).toBeUndefined();
  if (values[0] === undefined) return undefined;
  expect(values[0]).toEqual({ 'Fn::Join': ['|', expect.any(Array)] });
  return values[0]['Fn::Join'][1];
}

describe('DeployTimeValues', () => {
  test('a stack without deploy-time values: no such property (existing templates stay as they were)', () => {
    const stack = newStack();
    service(stack, { PLAIN: 'value' });
    expect(deployTimeValues(stack)).toBeUndefined();
    expect(JSON.stringify(synth(stack).toJSON())).not.toContain('DeployTimeValues');
  });

  test('a CfnParameter', () => {
    const stack = newStack();
    const flag = new CfnParameter(stack, 'Flag', { default: 'off' });
    service(stack, { FLAG: flag.valueAsString });
    expect(deployTimeValues(stack)).toEqual([{ Ref: 'Flag' }]);
  });

  test('an SSM parameter read with valueForStringParameter (a parameter of type AWS::SSM::Parameter::Value<String>)', () => {
    const stack = newStack();
    service(stack, { FLAG: ssm.StringParameter.valueForStringParameter(stack, '/app/flag') });
    const parameters = synth(stack).toJSON().Parameters;
    const id = Object.keys(parameters).find((k) => parameters[k].Type === 'AWS::SSM::Parameter::Value<String>')!;
    expect(deployTimeValues(stack)).toEqual([{ Ref: id }]);
  });

  test('{{resolve:ssm:…}} dynamic references: whole, inside a string, and built with Fn::Join', () => {
    const stack = newStack();
    const stage = new CfnParameter(stack, 'Stage', { default: 'dev' });
    service(stack, {
      A: '{{resolve:ssm:/app/a}}',
      B: ssm.StringParameter.fromStringParameterAttributes(stack, 'B', { parameterName: '/app/b', forceDynamicReference: true }).stringValue,
      C: 'prefix-{{resolve:ssm:/app/c:3}}-suffix',
      D: Fn.join('', ['{{resolve:ssm:/app/', stage.valueAsString, '/d}}']),
    });
    expect(deployTimeValues(stack)).toEqual([
      '{{resolve:ssm:/app/a}}',
      '{{resolve:ssm:/app/b}}',
      '{{resolve:ssm:/app/c:3}}',
      { 'Fn::Join': ['', ['{{resolve:ssm:/app/', { Ref: 'Stage' }, '/d}}']] },
      { Ref: 'Stage' },
    ]);
  });

  test('secure dynamic references stay out (CloudFormation passes none to custom resources); their text is in the ConfigHash', () => {
    const hashAndValues = (version: string) => {
      const stack = newStack();
      const stage = new CfnParameter(stack, 'Stage', { default: 'dev' });
      service(stack, {
        DB: SecretValue.secretsManager('db', { versionId: version }).unsafeUnwrap(),
        TOKEN: SecretValue.ssmSecure('/app/token', version).unsafeUnwrap(),
        MIXED: Fn.join('', ['{{resolve:ssm-secure:/app/', stage.valueAsString, '}}']),
      });
      return { hash: only(synth(stack), 'Custom::AppRunnerRunState').ConfigHash, values: deployTimeValues(stack) };
    };
    const v1 = hashAndValues('1');
    expect(JSON.stringify(v1.values)).not.toMatch(/secretsmanager|ssm-secure/);
    expect(v1.values).toEqual([{ Ref: 'Stage' }]); // the parameter inside still counts
    expect(hashAndValues('2').hash).not.toBe(v1.hash);
  });

  test('Fn::ImportValue', () => {
    const stack = newStack();
    service(stack, { SHARED: Fn.importValue('SharedValue'), BUILT: Fn.importValue(Fn.sub('${AWS::Region}-value')) });
    expect(deployTimeValues(stack)).toEqual([
      { 'Fn::ImportValue': 'SharedValue' },
      { 'Fn::ImportValue': { 'Fn::Sub': '${AWS::Region}-value' } },
    ]);
  });

  test('parameters that only Fn::If conditions use (nested conditions too)', () => {
    const stack = newStack();
    const env = new CfnParameter(stack, 'Env', { default: 'dev' });
    const region = new CfnParameter(stack, 'Home', { default: 'eu' });
    const isProd = new CfnCondition(stack, 'IsProd', { expression: Fn.conditionEquals(env.valueAsString, 'prod') });
    const isProdHome = new CfnCondition(stack, 'IsProdHome', {
      expression: Fn.conditionAnd(isProd, Fn.conditionEquals(region.valueAsString, 'eu')),
    });
    service(stack, { MODE: Fn.conditionIf(isProdHome.logicalId, 'fast', 'slow').toString() });
    expect(deployTimeValues(stack)).toEqual([{ Ref: 'Env' }, { Ref: 'Home' }]);
  });

  test('a list parameter is joined with commas (Fn::Join takes only strings)', () => {
    const stack = newStack();
    const zones = new CfnParameter(stack, 'Zones', { type: 'CommaDelimitedList' });
    const ids = new CfnParameter(stack, 'Ids', { type: 'AWS::SSM::Parameter::Value<List<String>>', default: '/app/ids' });
    service(stack, { ZONE: Fn.select(0, zones.valueAsList), ID: Fn.select(1, ids.valueAsList) });
    expect(deployTimeValues(stack)).toEqual([
      { 'Fn::Join': [',', { Ref: 'Zones' }] },
      { 'Fn::Join': [',', { Ref: 'Ids' }] },
    ]);
  });

  test('parameters of Fn::Sub (${Name}, not ${!Literal}, ${AWS::…} or ${Resource.Attr})', () => {
    const stack = newStack();
    new CfnParameter(stack, 'Domain', { default: 'example.com' });
    service(stack, { URL: Fn.sub('https://${Domain}/${!Literal}/${AWS::Region}') });
    expect(deployTimeValues(stack)).toEqual([{ Ref: 'Domain' }]);
  });

  test('a parameter of a resource the service references (its auto scaling configuration)', () => {
    const stack = newStack();
    const max = new CfnParameter(stack, 'MaxSize', { type: 'Number', default: 10 });
    service(stack, {}, { autoScalingConfiguration: new AutoScalingConfiguration(stack, 'Scaling', { maxSize: max.valueAsNumber }) });
    expect(deployTimeValues(stack)).toEqual([{ Ref: 'MaxSize' }]);
  });

  test('a parameter in an IAM condition of a referenced role (a Condition that is not a condition name)', () => {
    const stack = newStack();
    const account = new CfnParameter(stack, 'TrustedAccount', { default: '123456789012' });
    const instanceRole = new iam.Role(stack, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('tasks.apprunner.amazonaws.com').withConditions({ StringEquals: { 'aws:SourceAccount': account.valueAsString } }),
    });
    service(stack, {}, { instanceRole });
    expect(deployTimeValues(stack)).toEqual([{ Ref: 'TrustedAccount' }]);
  });

  test('NoEcho parameters stay out (the handlers log their events); a warning says what that means', () => {
    const stack = newStack();
    const token = new CfnParameter(stack, 'ApiToken', { noEcho: true });
    service(stack, { TOKEN: token.valueAsString });
    expect(deployTimeValues(stack)).toBeUndefined();
    expect(warnings(stack)).toContainEqual(expect.stringContaining(
      'Service Svc uses the NoEcho parameter ApiToken: its value is not passed to the service\'s custom resources (their handlers log their events), '
      + 'so a change of ApiToken alone does not resume the paused service before CloudFormation updates it (App Runner refuses that)'));
  });

  test('no dependency cycle, however many kinds of value', () => {
    const stack = newStack();
    const flag = new CfnParameter(stack, 'Flag', { default: 'off' });
    service(stack, { FLAG: flag.valueAsString, SHARED: Fn.importValue('SharedValue'), SSM: '{{resolve:ssm:/app/a}}' });
    expect(findDependencyCycle(synth(stack).toJSON())).toBeUndefined();
  });
});

describe('ReplacementHash (create-only properties of the service)', () => {
  const replacementHash = (props: Partial<ServiceProps>, tag?: string) => {
    const stack = newStack();
    const s = service(stack, {}, props);
    if (tag) Tags.of(s).add('team', tag);
    return only(synth(stack), 'Custom::AppRunnerPreUpdateResume').ReplacementHash;
  };

  test('changes with the name, the tags (Tags.of too) and the encryption key; not with other properties or the run state', () => {
    const base = replacementHash({ serviceName: 'web-1' });
    expect(base).toMatch(/^[0-9a-f]{32}$/);
    expect(replacementHash({ serviceName: 'web-1' })).toBe(base);
    expect(replacementHash({ serviceName: 'web-2' })).not.toBe(base);
    expect(replacementHash({ serviceName: 'web-1' }, 'a')).not.toBe(base);
    expect(replacementHash({ serviceName: 'web-1', cpu: Cpu.ONE_VCPU, memory: Memory.TWO_GB, paused: false })).toBe(base);
    const stack = newStack();
    service(stack, {}, { serviceName: 'web-1', kmsKey: new kms.Key(stack, 'Key') });
    expect(only(synth(stack), 'Custom::AppRunnerPreUpdateResume').ReplacementHash).not.toBe(base);
  });

  test('a name from a parameter: its value is part of the hash, resolved at deploy time', () => {
    const stack = newStack();
    const name = new CfnParameter(stack, 'ServiceName', { default: 'web-1' });
    service(stack, {}, { serviceName: name.valueAsString });
    const template = synth(stack);
    expect(only(template, 'Custom::AppRunnerPreUpdateResume').ReplacementHash).toEqual({
      'Fn::Join': ['|', [expect.stringMatching(/^[0-9a-f]{32}$/), { Ref: 'ServiceName' }]],
    });
    // the pre-update grant follows the parameter's value (it used to fail synthesis)
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).toContain(':service/",{"Ref":"ServiceName"},"/*"');
  });

  test('a name built otherwise at deploy time: the pre-update grant is the service\'s ARN, as for a generated one', () => {
    const stack = newStack();
    const stage = new CfnParameter(stack, 'Stage', { default: 'dev' });
    service(stack, {}, { serviceName: Fn.join('-', ['web', stage.valueAsString]) });
    const template = synth(stack);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/service\/\*/);
    const shard = Object.values<any>(template.findResources('AWS::IAM::ManagedPolicy'))[0];
    expect(shard.Properties.PolicyDocument.Statement).toEqual([expect.objectContaining({
      Action: expect.arrayContaining(['apprunner:PauseService', 'apprunner:ResumeService']),
      Resource: { 'Fn::GetAtt': [expect.any(String), 'ServiceArn'] },
    })]);
    expect(shard.DependsOn).toEqual([Object.keys(template.findResources('Custom::AppRunnerPreUpdateResume'))[0]]);
  });
});
