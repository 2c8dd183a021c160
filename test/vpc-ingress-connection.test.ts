/**
 * VpcIngressConnection: the interface endpoint (created or given), the private-service rule,
 * attributes, imports (concrete and token ARNs), the create-only tags warning.
 */
import { Stack, Tags, Token } from 'aws-cdk-lib';
import { CfnVpcIngressConnection } from 'aws-cdk-lib/aws-apprunner';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Service, Source, VpcIngressConnection, VpcIngressConnectionBase } from '../src';
import { expectValidationError, newAgnosticStack, newStack, onlyResourceProps, synth, warnings } from './support/util';

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

  test('the created endpoint allows HTTPS from the VPC CIDR; an imported VPC without a CIDR gets a closed endpoint', () => {
    const stack = newStack();
    new VpcIngressConnection(stack, 'Ingress', { vpc: vpcOf(stack), service: privateService(stack) });
    synth(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [{ CidrIp: { 'Fn::GetAtt': ['Vpc8378EB38', 'CidrBlock'] }, FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }],
    });
    const other = newStack();
    const imported = ec2.Vpc.fromVpcAttributes(other, 'Imported', {
      vpcId: 'vpc-1', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-1'],
    });
    const ingress = new VpcIngressConnection(other, 'Ingress', { vpc: imported, service: privateService(other) });
    const template = synth(other);
    const groups = Object.values<any>(template.findResources('AWS::EC2::SecurityGroup'));
    expect(groups).toHaveLength(1);
    expect(groups[0].Properties.SecurityGroupIngress).toBeUndefined();
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcId: 'vpc-1', SubnetIds: ['subnet-1'] });
    expect(ingress.interfaceVpcEndpoint.connections.securityGroups).toHaveLength(1);
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
