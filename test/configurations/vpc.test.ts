/**
 * VpcConnector and VpcIngressConnection: props, imports, security groups, the interface
 * endpoint, the private-service rule, wiring into Service, warnings.
 */
import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Service, Source, VpcConnector, VpcIngressConnection } from '../../src';
import { expectValidationError, newAgnosticStack, newStack, onlyResourceProps, synth, warnings } from '../support/util';

const IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';
const INGRESS_ARN = 'arn:aws:apprunner:us-east-1:123456789012:vpcingressconnection/internal/0123456789abcdef0123456789abcdef';

function vpcOf(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
}

describe('VpcConnector', () => {
  test('subnets of the selection, a default security group, the name', () => {
    const stack = newStack();
    const vpc = vpcOf(stack);
    const connector = new VpcConnector(stack, 'Connector', {
      vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, vpcConnectorName: 'my-connector',
    });
    const template = synth(stack);
    const props = onlyResourceProps(template, 'AWS::AppRunner::VpcConnector');
    expect(props.VpcConnectorName).toBe('my-connector');
    expect(props.Subnets).toEqual(vpc.isolatedSubnets.map((s) => ({ Ref: stack.getLogicalId(s.node.defaultChild as ec2.CfnSubnet) })));
    expect(props.SecurityGroups).toHaveLength(1);
    expect(props.SecurityGroups[0]['Fn::GetAtt'][1]).toBe('GroupId');
    expect(props.SecurityGroups[0]['Fn::GetAtt'][0]).toMatch(/^ConnectorSecurityGroup/);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    expect(connector.vpcConnectorName).toBe('my-connector');
    expect(stack.resolve(connector.vpcConnectorRevision)['Fn::GetAtt'][1]).toBe('VpcConnectorRevision');
    expect(connector.connections.securityGroups).toHaveLength(1);
  });

  test('given security groups are used; connections allow rules to be written', () => {
    const stack = newStack();
    const vpc = vpcOf(stack);
    const sg = new ec2.SecurityGroup(stack, 'Mine', { vpc });
    const connector = new VpcConnector(stack, 'Connector', { vpc, securityGroups: [sg], vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    const db = new ec2.SecurityGroup(stack, 'Db', { vpc });
    db.connections.allowFrom(connector, ec2.Port.tcp(5432));
    const template = synth(stack);
    expect(onlyResourceProps(template, 'AWS::AppRunner::VpcConnector').SecurityGroups).toEqual([{ 'Fn::GetAtt': [stack.getLogicalId(sg.node.defaultChild as ec2.CfnSecurityGroup), 'GroupId'] }]);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 5432, ToPort: 5432, IpProtocol: 'tcp' });
    expect(warnings(stack)).toEqual([]);
  });

  test('a security group added through connections warns that the connector is replaced', () => {
    const stack = newStack();
    const vpc = vpcOf(stack);
    const connector = new VpcConnector(stack, 'Connector', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    connector.connections.addSecurityGroup(new ec2.SecurityGroup(stack, 'Extra', { vpc }));
    expect(onlyResourceProps(synth(stack), 'AWS::AppRunner::VpcConnector').SecurityGroups).toHaveLength(2);
    expect(warnings(stack).join('\n')).toMatch(/Security groups were added to the VPC connector through `connections`/);
  });

  test('wired into a Service: VPC egress with the connector ARN', () => {
    const stack = newStack();
    const vpc = vpcOf(stack);
    const connector = new VpcConnector(stack, 'Connector', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    new Service(stack, 'Svc', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), vpcConnector: connector });
    expect(onlyResourceProps(synth(stack), 'AWS::AppRunner::Service').NetworkConfiguration.EgressConfiguration).toEqual({
      EgressType: 'VPC', VpcConnectorArn: { 'Fn::GetAtt': [stack.getLogicalId(connector.node.defaultChild as any), 'VpcConnectorArn'] },
    });
  });

  test('fromVpcConnectorAttributes', () => {
    const stack = newStack();
    const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-12345678');
    const connector = VpcConnector.fromVpcConnectorAttributes(stack, 'Imported', {
      vpcConnectorArn: 'arn:aws:apprunner:us-east-1:123456789012:vpcconnector/c/1/abc', vpcConnectorName: 'c', vpcConnectorRevision: 1, securityGroups: [sg],
    });
    expect([connector.vpcConnectorName, connector.vpcConnectorRevision]).toEqual(['c', 1]);
    expect(connector.connections.securityGroups).toEqual([sg]);
  });
});

describe('VpcIngressConnection', () => {
  function privateService(stack: Stack, isPubliclyAccessible = false): Service {
    return new Service(stack, 'Svc', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), isPubliclyAccessible });
  }

  test('creates the apprunner.requests interface endpoint when none is given', () => {
    const stack = newStack();
    const vpc = vpcOf(stack);
    const service = privateService(stack);
    const ingress = new VpcIngressConnection(stack, 'Ingress', { vpc, service, vpcIngressConnectionName: 'internal' });
    const template = synth(stack);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: 'com.amazonaws.us-east-1.apprunner.requests',
      VpcEndpointType: 'Interface',
      PrivateDnsEnabled: false,
    });
    const endpointId = Object.keys(template.findResources('AWS::EC2::VPCEndpoint'))[0];
    expect(onlyResourceProps(template, 'AWS::AppRunner::VpcIngressConnection')).toEqual({
      IngressVpcConfiguration: { VpcEndpointId: { Ref: endpointId }, VpcId: { Ref: stack.getLogicalId(vpc.node.defaultChild as ec2.CfnVPC) } },
      ServiceArn: { 'Fn::GetAtt': [stack.getLogicalId(service.cfnService), 'ServiceArn'] },
      VpcIngressConnectionName: 'internal',
    });
    expect(ingress.vpcIngressConnectionName).toBe('internal');
    expect(stack.resolve(ingress.domainName)['Fn::GetAtt'][1]).toBe('DomainName');
    expect(stack.resolve(ingress.status)['Fn::GetAtt'][1]).toBe('Status');
    expect(ingress.interfaceVpcEndpoint).toBeDefined();
  });

  test('in an environment-agnostic stack the endpoint service name uses the region token', () => {
    const stack = newAgnosticStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    new VpcIngressConnection(stack, 'Ingress', { vpc, service: privateService(stack) });
    synth(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.apprunner.requests']] },
    });
  });

  test('the endpoint allows HTTPS from the VPC CIDR; an imported VPC without a CIDR gets a closed endpoint', () => {
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
    const groups = Object.values<any>(synth(other).findResources('AWS::EC2::SecurityGroup'));
    expect(groups).toHaveLength(1);
    expect(groups[0].Properties.SecurityGroupIngress).toBeUndefined();
    expect(ingress.interfaceVpcEndpoint.connections.securityGroups).toHaveLength(1);
  });

  test('a given endpoint is used and none is created', () => {
    const stack = newStack();
    const vpc = vpcOf(stack);
    const endpoint = ec2.InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(stack, 'Endpoint', { vpcEndpointId: 'vpce-123', port: 443 });
    new VpcIngressConnection(stack, 'Ingress', { vpc, service: privateService(stack), interfaceVpcEndpoint: endpoint });
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    expect(onlyResourceProps(template, 'AWS::AppRunner::VpcIngressConnection').IngressVpcConfiguration.VpcEndpointId).toBe('vpce-123');
  });

  test('a publicly accessible service is refused', () => {
    const stack = newStack();
    const vpc = vpcOf(stack);
    const publicService = new Service(stack, 'Public', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }) });
    expectValidationError(() => new VpcIngressConnection(stack, 'Ingress', { vpc, service: publicService }),
      'The service TestStack/Public is publicly accessible: a VPC ingress connection needs a private service. Set `isPubliclyAccessible: false` on the service.');
  });

  test('an imported service is accepted (its accessibility is unknown)', () => {
    const stack = newStack();
    const vpc = vpcOf(stack);
    const imported = Service.fromServiceArn(stack, 'Imported', 'arn:aws:apprunner:us-east-1:123456789012:service/s/0123');
    expect(() => new VpcIngressConnection(stack, 'Ingress', { vpc, service: imported })).not.toThrow();
  });

  test('fromArn and fromVpcIngressConnectionAttributes', () => {
    const stack = newAgnosticStack();
    expect(VpcIngressConnection.fromArn(stack, 'A', INGRESS_ARN).vpcIngressConnectionName).toBe('internal');
    const token = VpcIngressConnection.fromArn(stack, 'B', Token.asString({ Ref: 'IngressArn' }));
    expect(stack.resolve(token.vpcIngressConnectionName)).toEqual({
      'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { Ref: 'IngressArn' }] }] }] }],
    });
    const attrs = VpcIngressConnection.fromVpcIngressConnectionAttributes(stack, 'C', {
      vpcIngressConnectionArn: INGRESS_ARN, vpcIngressConnectionName: 'internal', domainName: 'x.awsapprunner.com', status: 'AVAILABLE',
    });
    expect(attrs.vpcIngressConnectionArn).toBe(INGRESS_ARN);
  });
});
