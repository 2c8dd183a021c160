/**
 * VpcConnector: subnets, security groups (default and given), connections, the name,
 * import, wiring into Service, replacement warnings.
 */
import { Stack, Tags, Token } from 'aws-cdk-lib';
import { CfnVpcConnector } from 'aws-cdk-lib/aws-apprunner';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Service, Source, VpcConnector, VpcConnectorBase } from '../../src';
import { newStack, onlyResourceProps, synth, warnings } from '../support/util';

const TYPE = 'AWS::AppRunner::VpcConnector';
const IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';

function vpcOf(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
}
const ref = (stack: Stack, c: ec2.ISubnet | ec2.ISecurityGroup) => stack.getLogicalId(c.node.defaultChild as any);

describe('VpcConnector', () => {
  test('subnets of the selection, a default security group, the name; attributes; one Cfn child with id Resource', () => {
    const stack = newStack();
    const vpc = vpcOf(stack);
    const connector = new VpcConnector(stack, 'Connector', {
      vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, vpcConnectorName: 'my-connector',
    });
    const template = synth(stack);
    const props = onlyResourceProps(template, TYPE);
    expect(props.VpcConnectorName).toBe('my-connector');
    expect(props.Subnets).toEqual(vpc.isolatedSubnets.map((s) => ({ Ref: ref(stack, s) })));
    expect(props.SecurityGroups).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^ConnectorSecurityGroup/), 'GroupId'] }]);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'TestStack/Connector/SecurityGroup',
      SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', IpProtocol: '-1' }],
    });
    expect(Object.keys(template.findResources(TYPE))).toEqual([expect.stringMatching(/^Connector[0-9A-F]{8}$/)]);
    expect(connector.vpcConnectorName).toBe('my-connector');
    expect(stack.resolve(connector.vpcConnectorArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Connector/), 'VpcConnectorArn'] });
    expect(stack.resolve(connector.vpcConnectorRevision)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Connector/), 'VpcConnectorRevision'] });
    expect(connector.connections.securityGroups).toHaveLength(1);
    expect(connector.node.defaultChild).toBeInstanceOf(CfnVpcConnector);
    expect(connector.node.defaultChild!.node.id).toBe('Resource');
    expect(connector).toBeInstanceOf(VpcConnectorBase);
  });

  test('default subnets are the private ones; without a name it is split out of the ARN and nothing warns', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const connector = new VpcConnector(stack, 'Connector', { vpc });
    const props = onlyResourceProps(synth(stack), TYPE);
    expect(props.Subnets).toEqual(vpc.privateSubnets.map((s) => ({ Ref: ref(stack, s) })));
    expect(props.VpcConnectorName).toBeUndefined();
    expect(stack.resolve(connector.vpcConnectorName)['Fn::Select'][0]).toBe(1);
    expect(warnings(stack)).toEqual([]);
  });

  test('given security groups are used (no default one); connections write rules', () => {
    const stack = newStack();
    const vpc = vpcOf(stack);
    const sg = new ec2.SecurityGroup(stack, 'Mine', { vpc });
    const connector = new VpcConnector(stack, 'Connector', { vpc, securityGroups: [sg], vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    const db = new ec2.SecurityGroup(stack, 'Db', { vpc });
    db.connections.allowFrom(connector, ec2.Port.tcp(5432));
    const template = synth(stack);
    expect(onlyResourceProps(template, TYPE).SecurityGroups).toEqual([{ 'Fn::GetAtt': [ref(stack, sg), 'GroupId'] }]);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 2);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 5432, ToPort: 5432, IpProtocol: 'tcp', SourceSecurityGroupId: { 'Fn::GetAtt': [ref(stack, sg), 'GroupId'] },
    });
    expect(warnings(stack)).toEqual([]);
  });

  test('an empty securityGroups list gets the default security group, as in the alpha module', () => {
    const stack = newStack();
    new VpcConnector(stack, 'Connector', { vpc: vpcOf(stack), securityGroups: [], vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    const template = synth(stack);
    expect(onlyResourceProps(template, TYPE).SecurityGroups).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^ConnectorSecurityGroup/), 'GroupId'] }]);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
  });

  test('imported subnets and security groups', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a', 'us-east-1b'], privateSubnetIds: ['subnet-1', 'subnet-2'] });
    new VpcConnector(stack, 'Connector', {
      vpc, securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'A', 'sg-a'), ec2.SecurityGroup.fromSecurityGroupId(stack, 'B', 'sg-b')],
    });
    synth(stack).hasResourceProperties(TYPE, { Subnets: ['subnet-1', 'subnet-2'], SecurityGroups: ['sg-a', 'sg-b'] });
  });

  test('a security group added through connections is rendered and warns that the connector is replaced', () => {
    const stack = newStack();
    const vpc = vpcOf(stack);
    const connector = new VpcConnector(stack, 'Connector', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    connector.connections.addSecurityGroup(new ec2.SecurityGroup(stack, 'Extra', { vpc }));
    expect(onlyResourceProps(synth(stack), TYPE).SecurityGroups).toHaveLength(2);
    const found = warnings(stack);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^Security groups were added to the VPC connector through `connections`: SecurityGroups is create-only/);
  });

  test('a fixed name warns that subnet or security-group changes cannot replace the connector', () => {
    const stack = newStack();
    new VpcConnector(stack, 'Connector', { vpc: vpcOf(stack), vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, vpcConnectorName: 'egress' });
    synth(stack);
    const found = warnings(stack);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^The VPC connector has a fixed name \(egress\): its subnets, security groups and tags are create-only/);
    expect(found[0]).toMatch(/App Runner supports only one revision per connector name/);
    expect(found[0]).toMatch(/\[ack: cdk-apprunner-kit:vpcConnectorNameReplacement\]$/);
  });

  test('a token name warns too (without the value) and is not validated', () => {
    const stack = newStack();
    const connector = new VpcConnector(stack, 'Connector', {
      vpc: vpcOf(stack), vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, vpcConnectorName: Token.asString({ Ref: 'Name' }),
    });
    synth(stack).hasResourceProperties(TYPE, { VpcConnectorName: { Ref: 'Name' } });
    expect(warnings(stack)[0]).toMatch(/^The VPC connector has a fixed name: /);
    expect(stack.resolve(connector.vpcConnectorName)['Fn::Select'][0]).toBe(1);
  });

  test('tags warn that they replace the connector', () => {
    const stack = newStack();
    const connector = new VpcConnector(stack, 'Connector', { vpc: vpcOf(stack), vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    Tags.of(connector).add('team', 'web');
    synth(stack).hasResourceProperties(TYPE, { Tags: [{ Key: 'team', Value: 'web' }] });
    expect(warnings(stack)).toEqual([expect.stringMatching(/^Tags on an App Runner VPC connector are create-only/)]);
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

  test('fromVpcConnectorAttributes keeps the attributes and the security groups', () => {
    const stack = newStack();
    const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-12345678');
    const connector = VpcConnector.fromVpcConnectorAttributes(stack, 'Imported', {
      vpcConnectorArn: 'arn:aws:apprunner:us-east-1:123456789012:vpcconnector/c/1/abc', vpcConnectorName: 'c', vpcConnectorRevision: 1, securityGroups: [sg],
    });
    expect([connector.vpcConnectorArn, connector.vpcConnectorName, connector.vpcConnectorRevision])
      .toEqual(['arn:aws:apprunner:us-east-1:123456789012:vpcconnector/c/1/abc', 'c', 1]);
    expect(connector.connections.securityGroups).toEqual([sg]);
    expect(connector).toBeInstanceOf(VpcConnectorBase);

    const service = new Service(stack, 'Svc', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), vpcConnector: connector });
    expect(service).toBeDefined();
    expect(onlyResourceProps(synth(stack), 'AWS::AppRunner::Service').NetworkConfiguration.EgressConfiguration.VpcConnectorArn)
      .toBe('arn:aws:apprunner:us-east-1:123456789012:vpcconnector/c/1/abc');
  });
});
