/**
 * VpcIngressConnection: the interface endpoint (created or given; one per VPC and stack, shared
 * by its connections), the VPC's CIDR block, the private-service rule, attributes, imports
 * (concrete and token ARNs), the create-only tags warning.
 */
import { App, Stack, Tags, Token } from 'aws-cdk-lib';
import { CfnVpcIngressConnection } from 'aws-cdk-lib/aws-apprunner';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Service, Source, VpcIngressConnection, VpcIngressConnectionBase } from '../../src';
import { expectValidationError, newAgnosticStack, newStack, onlyResourceProps, synth, warnings } from '../support/util';

const TYPE = 'AWS::AppRunner::VpcIngressConnection';
const IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';
const ARN = 'arn:aws:apprunner:us-east-1:123456789012:vpcingressconnection/internal/0123456789abcdef0123456789abcdef';

function vpcOf(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
}
function privateService(stack: Stack, isPubliclyAccessible = false): Service {
  return new Service(stack, 'Svc', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), isPubliclyAccessible });
}

describe('VpcIngressConnection', () => {
  test('creates the apprunner.requests interface endpoint when none is given; renders the alpha template shape', () => {
    const stack = newStack();
    const vpc = vpcOf(stack);
    const service = privateService(stack);
    const ingress = new VpcIngressConnection(stack, 'Ingress', { vpc, service, vpcIngressConnectionName: 'internal' });
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: 'com.amazonaws.us-east-1.apprunner.requests',
      VpcEndpointType: 'Interface',
      PrivateDnsEnabled: false,
      SubnetIds: vpc.isolatedSubnets.map((s) => ({ Ref: stack.getLogicalId(s.node.defaultChild as ec2.CfnSubnet) })),
    });
    const endpointId = Object.keys(template.findResources('AWS::EC2::VPCEndpoint'))[0];
    expect(endpointId).toMatch(/^IngressEndpoint/);
    expect(onlyResourceProps(template, TYPE)).toEqual({
      IngressVpcConfiguration: { VpcEndpointId: { Ref: endpointId }, VpcId: { Ref: stack.getLogicalId(vpc.node.defaultChild as ec2.CfnVPC) } },
      ServiceArn: { 'Fn::GetAtt': [stack.getLogicalId(service.cfnService), 'ServiceArn'] },
      VpcIngressConnectionName: 'internal',
    });
    const logicalId = Object.keys(template.findResources(TYPE))[0];
    expect(ingress.vpcIngressConnectionName).toBe('internal');
    expect(stack.resolve(ingress.vpcIngressConnectionArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'VpcIngressConnectionArn'] });
    expect(stack.resolve(ingress.domainName)).toEqual({ 'Fn::GetAtt': [logicalId, 'DomainName'] });
    expect(stack.resolve(ingress.status)).toEqual({ 'Fn::GetAtt': [logicalId, 'Status'] });
    expect(stack.resolve(ingress.interfaceVpcEndpoint.vpcEndpointId)).toEqual({ Ref: endpointId });
    expect(ingress.node.defaultChild).toBeInstanceOf(CfnVpcIngressConnection);
    expect(ingress.node.defaultChild!.node.id).toBe('Resource');
    expect(ingress).toBeInstanceOf(VpcIngressConnectionBase);
    // the fixed name: a replaced service replaces the connection, which the name would block
    expect(warnings(stack)).toEqual([expect.stringMatching(/^The VPC ingress connection has a fixed name \(internal\): its service \(a replaced service replaces it too\), name and tags are create-only/)]);
  });

  test('without a name: none is rendered, the generated one is split out of the ARN', () => {
    const stack = newStack();
    const ingress = new VpcIngressConnection(stack, 'Ingress', { vpc: vpcOf(stack), service: privateService(stack) });
    const template = synth(stack);
    expect(onlyResourceProps(template, TYPE).VpcIngressConnectionName).toBeUndefined();
    const logicalId = Object.keys(template.findResources(TYPE))[0];
    expect(stack.resolve(ingress.vpcIngressConnectionName)).toEqual({
      'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::GetAtt': [logicalId, 'VpcIngressConnectionArn'] }] }] }] }],
    });
  });

  test('in an environment-agnostic stack the endpoint service name uses the region token', () => {
    const stack = newAgnosticStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    new VpcIngressConnection(stack, 'Ingress', { vpc, service: privateService(stack) });
    synth(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.apprunner.requests']] },
    });
  });

  test('the created endpoint allows HTTPS from the VPC CIDR: a token CIDR (a Vpc of the app) or an imported VPC\'s vpcCidrBlock', () => {
    const stack = newStack();
    new VpcIngressConnection(stack, 'Ingress', { vpc: vpcOf(stack), service: privateService(stack) });
    synth(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [{ CidrIp: { 'Fn::GetAtt': ['Vpc8378EB38', 'CidrBlock'] }, FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }],
    });
    const other = newStack();
    const imported = ec2.Vpc.fromVpcAttributes(other, 'Imported', {
      vpcId: 'vpc-1', vpcCidrBlock: '10.1.0.0/16', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-1'],
    });
    new VpcIngressConnection(other, 'Ingress', { vpc: imported, service: privateService(other) });
    const template = synth(other);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [{ CidrIp: '10.1.0.0/16', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }],
    });
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcId: 'vpc-1', SubnetIds: ['subnet-1'] });
  });

  test('an imported VPC without a CIDR block is a ValidationError naming vpcCidrBlock and interfaceVpcEndpoint (the endpoint would admit nothing)', () => {
    const stack = newStack();
    const imported = ec2.Vpc.fromVpcAttributes(stack, 'Imported', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-1'] });
    expectValidationError(() => new VpcIngressConnection(stack, 'Ingress', { vpc: imported, service: privateService(stack) }),
      'vpc TestStack/Imported (vpc-1) does not know its CIDR block (ec2.Vpc.fromVpcAttributes without vpcCidrBlock), which the security group of the '
      + 'apprunner.requests interface endpoint this VPC ingress connection creates must admit HTTPS from: without it nothing in the VPC could reach the '
      + 'service. Import the VPC with vpcCidrBlock, or pass interfaceVpcEndpoint (a com.amazonaws.us-east-1.apprunner.requests interface endpoint of '
      + 'the VPC whose security group admits your clients).');
    // the accepted side: the same VPC with an endpoint of the user's
    const other = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(other, 'Imported', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-1'] });
    const endpoint = ec2.InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(other, 'Endpoint', { vpcEndpointId: 'vpce-123', port: 443 });
    new VpcIngressConnection(other, 'Ingress', { vpc, service: privateService(other), interfaceVpcEndpoint: endpoint });
    const template = synth(other);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 0);
    template.hasResourceProperties(TYPE, { IngressVpcConfiguration: { VpcEndpointId: 'vpce-123', VpcId: 'vpc-1' } });
  });

  test('a given endpoint is used and none is created (the alpha prop)', () => {
    const stack = newStack();
    const vpc = vpcOf(stack);
    const endpoint = ec2.InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(stack, 'Endpoint', { vpcEndpointId: 'vpce-123', port: 443 });
    const ingress = new VpcIngressConnection(stack, 'Ingress', { vpc, service: privateService(stack), interfaceVpcEndpoint: endpoint });
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    template.hasResourceProperties(TYPE, { IngressVpcConfiguration: { VpcEndpointId: 'vpce-123' } });
    expect(ingress.interfaceVpcEndpoint).toBe(endpoint);
  });

  test('a publicly accessible service (the default of Service) is refused with a ValidationError', () => {
    const stack = newStack();
    const vpc = vpcOf(stack);
    const publicService = new Service(stack, 'Public', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }) });
    expectValidationError(() => new VpcIngressConnection(stack, 'Ingress', { vpc, service: publicService }),
      'The service TestStack/Public is publicly accessible: a VPC ingress connection needs a private service. Set `isPubliclyAccessible: false` on the service.');
  });

  test('an imported service is accepted (its accessibility is unknown)', () => {
    const stack = newStack();
    const imported = Service.fromServiceArn(stack, 'Imported', 'arn:aws:apprunner:us-east-1:123456789012:service/s/0123');
    new VpcIngressConnection(stack, 'Ingress', { vpc: vpcOf(stack), service: imported });
    synth(stack).hasResourceProperties(TYPE, { ServiceArn: 'arn:aws:apprunner:us-east-1:123456789012:service/s/0123' });
  });

  test('tags warn that they replace the connection and change its domain name', () => {
    const stack = newStack();
    const ingress = new VpcIngressConnection(stack, 'Ingress', { vpc: vpcOf(stack), service: privateService(stack) });
    Tags.of(ingress).add('team', 'web');
    synth(stack).hasResourceProperties(TYPE, { Tags: [{ Key: 'team', Value: 'web' }] });
    expect(warnings(stack)).toEqual([expect.stringMatching(/^Tags on an App Runner VPC ingress connection are create-only: .*it gets a new domain name/)]);
  });
});

describe('one apprunner.requests endpoint per VPC and stack', () => {
  function services(stack: Stack, n: number): Service[] {
    return Array.from({ length: n }, (_, i) => new Service(stack, `Svc${i}`, {
      source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), isPubliclyAccessible: false,
    }));
  }
  const endpointRef = (template: ReturnType<typeof synth>, id: string) =>
    template.findResources(TYPE)[id].Properties.IngressVpcConfiguration.VpcEndpointId;

  test('one connection: the endpoint and its security group keep the logical ids of the per-connection endpoint', () => {
    const stack = newStack();
    new VpcIngressConnection(stack, 'Ingress', { vpc: vpcOf(stack), service: privateService(stack) });
    const template = synth(stack);
    expect(Object.keys(template.findResources('AWS::EC2::VPCEndpoint'))).toEqual(['IngressEndpoint11B38610']);
    expect(Object.keys(template.findResources('AWS::EC2::SecurityGroup'))).toEqual(['IngressEndpointSecurityGroupBEC037D4']);
    expect(endpointRef(template, 'Ingress0D3F461F')).toEqual({ Ref: 'IngressEndpoint11B38610' });
  });

  test('connections of one VPC share the endpoint the first one created; its resources are those of a stack with one connection', () => {
    const single = newStack();
    new VpcIngressConnection(single, 'Ingress', { vpc: vpcOf(single), service: services(single, 1)[0] });
    const singleJson = synth(single).toJSON().Resources;

    const stack = newStack();
    const vpc = vpcOf(stack);
    const [s0, s1, s2] = services(stack, 3);
    const first = new VpcIngressConnection(stack, 'Ingress', { vpc, service: s0 });
    const second = new VpcIngressConnection(stack, 'Second', { vpc, service: s1 });
    const third = new VpcIngressConnection(stack, 'Third', { vpc, service: s2, vpcIngressConnectionName: 'third' });
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    template.resourceCountIs(TYPE, 3);
    for (const id of ['Ingress0D3F461F', stack.getLogicalId(second.node.defaultChild as CfnVpcIngressConnection),
      stack.getLogicalId(third.node.defaultChild as CfnVpcIngressConnection)]) {
      expect(endpointRef(template, id)).toEqual({ Ref: 'IngressEndpoint11B38610' });
    }
    expect(second.interfaceVpcEndpoint).toBe(first.interfaceVpcEndpoint);
    expect(third.interfaceVpcEndpoint).toBe(first.interfaceVpcEndpoint);
    // the first connection, its endpoint and security group: byte for byte those of the stack with one connection
    const json = template.toJSON().Resources;
    for (const id of ['IngressEndpoint11B38610', 'IngressEndpointSecurityGroupBEC037D4', 'Ingress0D3F461F']) {
      expect(JSON.stringify(json[id])).toBe(JSON.stringify(singleJson[id]));
    }
  });

  test('two imports of one VPC id share too', () => {
    const stack = newStack();
    const attrs = { vpcId: 'vpc-1', vpcCidrBlock: '10.1.0.0/16', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-1'] };
    const [s0, s1] = services(stack, 2);
    const a = new VpcIngressConnection(stack, 'A', { vpc: ec2.Vpc.fromVpcAttributes(stack, 'Import1', attrs), service: s0 });
    const b = new VpcIngressConnection(stack, 'B', { vpc: ec2.Vpc.fromVpcAttributes(stack, 'Import2', attrs), service: s1 });
    synth(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    expect(b.interfaceVpcEndpoint).toBe(a.interfaceVpcEndpoint);
  });

  test('different VPCs get an endpoint each', () => {
    const stack = newStack();
    const vpcA = new ec2.Vpc(stack, 'VpcA', { maxAzs: 2, natGateways: 0 });
    const vpcB = new ec2.Vpc(stack, 'VpcB', { maxAzs: 2, natGateways: 0 });
    const [s0, s1, s2] = services(stack, 3);
    const a = new VpcIngressConnection(stack, 'A', { vpc: vpcA, service: s0 });
    const b = new VpcIngressConnection(stack, 'B', { vpc: vpcB, service: s1 });
    const a2 = new VpcIngressConnection(stack, 'A2', { vpc: vpcA, service: s2 });
    const template = synth(stack);
    const endpoints = template.findResources('AWS::EC2::VPCEndpoint');
    expect(Object.keys(endpoints).sort()).toEqual([stack.getLogicalId(a.interfaceVpcEndpoint.node.defaultChild as ec2.CfnVPCEndpoint),
      stack.getLogicalId(b.interfaceVpcEndpoint.node.defaultChild as ec2.CfnVPCEndpoint)].sort());
    const vpcRef = (vpc: ec2.Vpc) => ({ Ref: stack.getLogicalId(vpc.node.defaultChild as ec2.CfnVPC) });
    expect(Object.values<any>(endpoints).map((e) => e.Properties.VpcId).sort((x, y) => x.Ref.localeCompare(y.Ref)))
      .toEqual([vpcRef(vpcA), vpcRef(vpcB)]);
    expect(a.interfaceVpcEndpoint.node.path).toBe('TestStack/A/Endpoint');
    expect(b.interfaceVpcEndpoint.node.path).toBe('TestStack/B/Endpoint');
    expect(a2.interfaceVpcEndpoint).toBe(a.interfaceVpcEndpoint);
  });

  test('a connection given an endpoint creates none and does not take part: the next one without creates the VPC\'s', () => {
    const stack = newStack();
    const vpc = vpcOf(stack);
    const given = ec2.InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(stack, 'Given', { vpcEndpointId: 'vpce-123', port: 443 });
    const [s0, s1, s2] = services(stack, 3);
    const withGiven = new VpcIngressConnection(stack, 'WithGiven', { vpc, service: s0, interfaceVpcEndpoint: given });
    const owner = new VpcIngressConnection(stack, 'Owner', { vpc, service: s1 });
    const givenAgain = new VpcIngressConnection(stack, 'GivenAgain', { vpc, service: s2, interfaceVpcEndpoint: given });
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    expect(withGiven.interfaceVpcEndpoint).toBe(given);
    expect(givenAgain.interfaceVpcEndpoint).toBe(given);
    expect(owner.interfaceVpcEndpoint.node.path).toBe('TestStack/Owner/Endpoint');
    expect(endpointRef(template, stack.getLogicalId(withGiven.node.defaultChild as CfnVpcIngressConnection))).toBe('vpce-123');
  });

  test('per stack: a VPC used by connections in two other stacks gets one endpoint in each, none in its own stack', () => {
    const vpcStack = newStack({ stackName: 'Network' });
    const app = vpcStack.node.root as App;
    const vpc = vpcOf(vpcStack);
    const env = { account: '123456789012', region: 'us-east-1' };
    const stackB = new Stack(app, 'B', { env });
    const stackC = new Stack(app, 'C', { env });
    const [b0, b1] = services(stackB, 2);
    const b = new VpcIngressConnection(stackB, 'Ingress', { vpc, service: b0 });
    const b2 = new VpcIngressConnection(stackB, 'Ingress2', { vpc, service: b1 });
    const c = new VpcIngressConnection(stackC, 'Ingress', { vpc, service: services(stackC, 1)[0] });
    synth(vpcStack).resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    synth(stackB).resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    synth(stackC).resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    expect(b2.interfaceVpcEndpoint).toBe(b.interfaceVpcEndpoint);
    expect(c.interfaceVpcEndpoint).not.toBe(b.interfaceVpcEndpoint);
    expect(Stack.of(c.interfaceVpcEndpoint)).toBe(stackC);
  });
});

describe('VpcIngressConnection imports', () => {
  test('fromArn parses the name from a concrete ARN', () => {
    const imported = VpcIngressConnection.fromArn(newStack(), 'A', ARN);
    expect([imported.vpcIngressConnectionArn, imported.vpcIngressConnectionName]).toEqual([ARN, 'internal']);
    expect(imported).toBeInstanceOf(VpcIngressConnectionBase);
  });

  test('fromArn with a token ARN: the name is derived with Fn::Split/Fn::Select', () => {
    const stack = newAgnosticStack();
    const imported = VpcIngressConnection.fromArn(stack, 'B', Token.asString({ Ref: 'IngressArn' }));
    expect(stack.resolve(imported.vpcIngressConnectionName)).toEqual({
      'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { Ref: 'IngressArn' }] }] }] }],
    });
    expect(stack.resolve(imported.vpcIngressConnectionArn)).toEqual({ Ref: 'IngressArn' });
  });

  test('fromVpcIngressConnectionAttributes keeps every attribute, as the alpha module does', () => {
    const imported = VpcIngressConnection.fromVpcIngressConnectionAttributes(newStack(), 'C', {
      vpcIngressConnectionArn: ARN, vpcIngressConnectionName: 'internal', domainName: 'x.awsapprunner.com', status: 'AVAILABLE',
    });
    expect(imported).toMatchObject({
      vpcIngressConnectionArn: ARN, vpcIngressConnectionName: 'internal', domainName: 'x.awsapprunner.com', status: 'AVAILABLE',
    });
  });
});
