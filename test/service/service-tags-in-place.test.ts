/**
 * Issue 12 part 1, as synthesized: `tagsInPlace` moves a service's tags (Tags.of() aspects
 * included) from its create-only Tags property to a Custom::AppRunnerTags resource; without it
 * the template is unchanged; `creationTags` stay in the Tags property; IAM on the service's ARN;
 * the warning; bad inputs; the service's replacement hash no longer sees the tags.
 */
import { App, Stack, Tags } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AutoScalingConfiguration, NagAcknowledgements, Service, ServiceProps, Source } from '../../src';
import { expectValidationError, newStack, onlyResourceProps, synth, warnings } from '../support/util';

const IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';
const TYPE = 'Custom::AppRunnerTags';

function service(stack: Stack, props: Partial<ServiceProps> = {}, id = 'Web'): Service {
  return new Service(stack, id, { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), ...props });
}

/** A stack with one service and the tags of Tags.of(stack) and of the constructor. */
function tagged(props: Partial<ServiceProps>): { stack: Stack; template: Template; service: Service } {
  const stack = newStack();
  const s = service(stack, props);
  Tags.of(stack).add('cost-center', 'x');
  Tags.of(s).add('team', 'web');
  return { stack, template: synth(stack), service: s };
}

describe('without tagsInPlace: the template of today', () => {
  test.each([undefined, false])('tagsInPlace %s: the tags are in the service\'s Tags property, no custom resource, no provider', (tagsInPlace) => {
    const { template } = tagged(tagsInPlace === undefined ? {} : { tagsInPlace });
    expect(onlyResourceProps(template, 'AWS::AppRunner::Service').Tags).toEqual([{ Key: 'cost-center', Value: 'x' }, { Key: 'team', Value: 'web' }]);
    expect(Object.keys(template.findResources(TYPE))).toEqual([]);
    expect(Object.keys(template.findResources('AWS::Lambda::Function'))).toEqual([]);
  });

  test('tagsInPlace: false synthesizes exactly as no prop at all', () => {
    expect(tagged({ tagsInPlace: false }).template.toJSON()).toEqual(tagged({}).template.toJSON());
  });
});

describe('with tagsInPlace', () => {
  test('Tags.of() and constructor tags go to Custom::AppRunnerTags (sorted JSON), not to the service\'s Tags property', () => {
    const { stack, template, service: s } = tagged({ tagsInPlace: true });
    expect(onlyResourceProps(template, 'AWS::AppRunner::Service').Tags).toBeUndefined();
    const props = onlyResourceProps(template, TYPE);
    expect(props.Tags).toBe('{"cost-center":"x","team":"web"}');
    expect(props.ResourceArn).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(s.cfnService), 'ServiceArn'] });
  });

  test('no tags: the custom resource holds "{}", the service no Tags', () => {
    const stack = newStack();
    service(stack, { tagsInPlace: true });
    const template = synth(stack);
    expect(onlyResourceProps(template, TYPE).Tags).toBe('{}');
    expect(onlyResourceProps(template, 'AWS::AppRunner::Service').Tags).toBeUndefined();
    expect(warnings(stack).filter((w) => /tagsMovedInPlace|serviceTagsReplace/.test(w))).toEqual([]);
  });

  test('creationTags stay in the service\'s Tags property (sorted as the TagManager renders them); the managed tags in the custom resource', () => {
    const { template } = tagged({ tagsInPlace: true, creationTags: { zeta: '1', alpha: '2' } });
    expect(onlyResourceProps(template, 'AWS::AppRunner::Service').Tags).toEqual([{ Key: 'alpha', Value: '2' }, { Key: 'zeta', Value: '1' }]);
    expect(onlyResourceProps(template, TYPE).Tags).toBe('{"cost-center":"x","team":"web"}');
  });

  test('creationTags equal to the tags of before: the service\'s properties are exactly as before (no replacement)', () => {
    const before = onlyResourceProps(tagged({}).template, 'AWS::AppRunner::Service');
    const after = onlyResourceProps(tagged({ tagsInPlace: true, creationTags: { 'team': 'web', 'cost-center': 'x' } }).template, 'AWS::AppRunner::Service');
    expect(after).toEqual(before);
  });

  test('IAM: TagResource and UntagResource on the service\'s ARN only; the custom resource depends on that policy', () => {
    const { stack, template, service: s } = tagged({ tagsInPlace: true });
    const arn = { 'Fn::GetAtt': [stack.getLogicalId(s.cfnService), 'ServiceArn'] };
    const policies = template.findResources('AWS::IAM::ManagedPolicy', {
      Properties: { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['apprunner:TagResource', 'apprunner:UntagResource'], Resource: arn })]) } },
    });
    expect(Object.keys(policies)).toHaveLength(1);
    const statements = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    for (const st of statements.filter((x: any) => [x.Action].flat().some((a: string) => /Tag/.test(a)))) expect(st.Resource).toEqual(arn);
    const cr = Object.values(template.findResources(TYPE))[0] as any;
    expect(cr.DependsOn).toEqual(expect.arrayContaining(Object.keys(policies)));
  });

  test('the warning tagsMovedInPlace (and not serviceTagsReplace) when there are tags', () => {
    const { stack } = tagged({ tagsInPlace: true });
    const w = warnings(stack);
    expect(w.filter((x) => x.includes('cdk-apprunner-kit:tagsMovedInPlace'))).toHaveLength(1);
    expect(w.filter((x) => x.includes('cdk-apprunner-kit:serviceTagsReplace'))).toEqual([]);
    expect(w.find((x) => x.includes('tagsMovedInPlace'))).toMatch(/creationTags/);
  });

  test('creationTags alone raise the warning too', () => {
    const stack = newStack();
    service(stack, { tagsInPlace: true, creationTags: { team: 'web' } });
    expect(warnings(stack).filter((x) => x.includes('cdk-apprunner-kit:tagsMovedInPlace'))).toHaveLength(1);
  });

  test('with paused: the pre-update resume\'s ReplacementHash does not change with the managed tags (no replacement)', () => {
    const hashes = (team: string, on: (s: Service) => any) => {
      const stack = newStack();
      const s = service(stack, { tagsInPlace: true, paused: true });
      Tags.of(on(s)).add('team', team);
      const props = onlyResourceProps(synth(stack), 'Custom::AppRunnerPreUpdateResume');
      return { replacement: props.ReplacementHash, config: props.ConfigHash };
    };
    expect(hashes('a', (s) => s).replacement).toEqual(hashes('b', (s) => s).replacement);
    // tags that reach only the service: its configuration is unchanged too (no resume of a paused service)
    expect(hashes('a', (s) => s.cfnService)).toEqual(hashes('b', (s) => s.cfnService));
    // Tags.of(service) also tags its instance role (an IAM role is taggable): an update of the role, which the
    // configuration hash sees (the service references it): a paused service is resumed for that deployment
    expect(hashes('a', (s) => s).config).not.toEqual(hashes('b', (s) => s).config);
  });

  test('two services: one custom resource each, each granted on its own ARN', () => {
    const stack = newStack();
    service(stack, { tagsInPlace: true }, 'A');
    service(stack, { tagsInPlace: true }, 'B');
    const resources = Object.values(synth(stack).findResources(TYPE)) as any[];
    expect(resources).toHaveLength(2);
    expect(new Set(resources.map((r) => r.Properties.ResourceArn['Fn::GetAtt'][0])).size).toBe(2);
  });
});

describe('bad inputs', () => {
  test('creationTags without tagsInPlace', () => {
    expectValidationError(() => service(newStack(), { creationTags: { team: 'web' } }), /creationTags only apply with tagsInPlace: true/);
  });

  test.each([
    [{ 'aws:x': '1' }, /creationTags: tag key must not start with "aws:", got "aws:x"/],
    [{ '': '1' }, /creationTags: tag key must be between 1 and 128 characters/],
    [{ ['k'.repeat(129)]: '1' }, /creationTags: tag key must be between 1 and 128 characters/],
    [{ k: 'v'.repeat(257) }, /creationTags: value of tag k must be at most 256 characters/],
  ])('creationTags %j', (creationTags, message) => {
    expectValidationError(() => service(newStack(), { tagsInPlace: true, creationTags }), message);
  });

  test('an aws: key from Tags.of() with tagsInPlace: a synth error (App Runner reserves them)', () => {
    const stack = newStack();
    service(stack, { tagsInPlace: true });
    Tags.of(stack).add('aws:reserved', 'x');
    expect(() => synth(stack)).toThrow(/tag key must not start with "aws:"/);
  });
});

test('cdk-nag AwsSolutions: tagsInPlace adds no finding beyond the acknowledged provider ones (its grant is on exact ARNs)', () => {
  const app = new App();
  NagAcknowledgements.acknowledge(app);
  const stack = new Stack(app, 'Tagged', { env: { account: '123456789012', region: 'eu-west-1' } });
  service(stack, { tagsInPlace: true, creationTags: { team: 'web' } });
  new AutoScalingConfiguration(stack, 'Scaling', { maxSize: 3, tagsInPlace: true });
  Tags.of(stack).add('cost-center', 'x');
  app.synth();
  const report = new AwsSolutionsChecks().validateScope(app);
  expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.resourceLogicalId).join(',')}`)).toEqual([]);
});
