/**
 * Issue 12 part 1 for the four other constructs (AutoScalingConfiguration,
 * ObservabilityConfiguration, VpcConnector, VpcIngressConnection), as synthesized: without
 * `tagsInPlace` the template of today; with it the tags in a Custom::AppRunnerTags on the
 * resource's ARN, `creationTags` in the Tags property, tagsMovedInPlace instead of createOnlyTags.
 */
import { Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { AutoScalingConfiguration, ObservabilityConfiguration, Service, Source, TraceConfigurationVendor, VpcConnector, VpcIngressConnection } from '../src';
import { expectValidationError, newStack, synth, warnings } from './support/util';

const IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';

interface Options { readonly tagsInPlace?: boolean; readonly creationTags?: { [key: string]: string } }

const KINDS: Array<[string, string, string, (stack: Stack, o: Options) => Construct]> = [
  ['AutoScalingConfiguration', 'AWS::AppRunner::AutoScalingConfiguration', 'AutoScalingConfigurationArn',
    (stack, o) => new AutoScalingConfiguration(stack, 'It', { maxSize: 3, ...o })],
  ['ObservabilityConfiguration', 'AWS::AppRunner::ObservabilityConfiguration', 'ObservabilityConfigurationArn',
    (stack, o) => new ObservabilityConfiguration(stack, 'It', { traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY, ...o })],
  ['VpcConnector', 'AWS::AppRunner::VpcConnector', 'VpcConnectorArn',
    (stack, o) => new VpcConnector(stack, 'It', { vpc: vpcOf(stack), ...o })],
  ['VpcIngressConnection', 'AWS::AppRunner::VpcIngressConnection', 'VpcIngressConnectionArn',
    (stack, o) => new VpcIngressConnection(stack, 'It', {
      vpc: vpcOf(stack), service: new Service(stack, 'Svc', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), isPubliclyAccessible: false }), ...o,
    })],
];

function vpcOf(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
}

describe.each(KINDS)('%s', (_name, type, arnAttribute, make) => {
  const build = (o: Options) => {
    const stack = newStack();
    const it = make(stack, o);
    Tags.of(it).add('team', 'web');
    Tags.of(stack).add('cost-center', 'x');
    return { stack, it, template: synth(stack) };
  };
  const own = (t: ReturnType<typeof build>) => t.template.toJSON().Resources[t.stack.getLogicalId(t.it.node.defaultChild as any)];
  const tagResources = (t: ReturnType<typeof build>) => Object.values<any>(t.template.findResources('Custom::AppRunnerTags'))
    .filter((r) => r.Properties.ResourceArn['Fn::GetAtt'][0] === t.stack.getLogicalId(t.it.node.defaultChild as any));

  test('without tagsInPlace: the tags in the Tags property, no custom resource; tagsInPlace: false is the same template', () => {
    const t = build({});
    expect(own(t).Properties.Tags).toEqual([{ Key: 'cost-center', Value: 'x' }, { Key: 'team', Value: 'web' }]);
    expect(tagResources(t)).toEqual([]);
    expect(build({ tagsInPlace: false }).template.toJSON()).toEqual(t.template.toJSON());
    expect(warnings(t.stack).some((w) => w.includes('cdk-apprunner-kit:createOnlyTags'))).toBe(true);
  });

  test('with tagsInPlace: the tags in Custom::AppRunnerTags on the resource\'s ARN, creationTags in the Tags property, the warning', () => {
    const t = build({ tagsInPlace: true, creationTags: { team: 'web' } });
    expect(own(t).Type).toBe(type);
    expect(own(t).Properties.Tags).toEqual([{ Key: 'team', Value: 'web' }]);
    const [resource] = tagResources(t);
    expect(resource.Properties.Tags).toBe('{"cost-center":"x","team":"web"}');
    expect(resource.Properties.ResourceArn['Fn::GetAtt'][1]).toBe(arnAttribute);
    const statements = Object.values<any>(t.template.findResources('AWS::IAM::ManagedPolicy')).flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s) => [s.Action].flat().includes('apprunner:TagResource'));
    expect(statements.map((s) => s.Resource)).toContainEqual(resource.Properties.ResourceArn);
    const w = warnings(t.stack);
    expect(w.some((x) => x.includes('cdk-apprunner-kit:tagsMovedInPlace'))).toBe(true);
    expect(w.some((x) => x.includes('cdk-apprunner-kit:createOnlyTags') && !x.includes('Service'))).toBe(false);
  });

  test('creationTags without tagsInPlace, and an aws: creation tag: errors', () => {
    expectValidationError(() => make(newStack(), { creationTags: { team: 'web' } }), /creationTags only apply with tagsInPlace: true/);
    expectValidationError(() => make(newStack(), { tagsInPlace: true, creationTags: { 'aws:x': '1' } }), /must not start with "aws:"/);
  });
});
