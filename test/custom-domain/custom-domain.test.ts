/**
 * CustomDomain as synthesized: with and without a zone, apex and subdomain, dual-stack,
 * IAM scoped to the service and the zone, synth-time checks.
 */
import { Duration, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { CustomDomain, IpAddressType, OperationsProvider, Service, ServiceProps, Source } from '../../src';
import { expectValidationError, newAgnosticStack, newStack, resolvedPolicySize, synth } from '../support/util';

const IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';

function service(stack: Stack, props: Partial<ServiceProps> = {}, id = 'Svc'): Service {
  return new Service(stack, id, { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), ...props });
}

function zone(stack: Stack, name = 'example.com', id = 'Zone'): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(stack, id, { hostedZoneId: 'Z123EXAMPLE', zoneName: name });
}

function domainProps(template: Template): any {
  const resources = Object.values(template.findResources('Custom::AppRunnerCustomDomain'));
  expect(resources).toHaveLength(1);
  return resources[0].Properties;
}

describe('IAM', () => {
  test('a policy per service and zone, which its domains depend on: removing a domain leaves it, removing the last deletes it after the domain', () => {
    const stack = newStack();
    const s = service(stack);
    const a = s.addCustomDomain({ domainName: 'api.example.com', hostedZone: zone(stack) });
    const b = s.addCustomDomain({ domainName: 'web.example.com', hostedZone: zone(stack, 'example.com', 'Zone2') });
    const template = synth(stack);
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['apprunner:AssociateCustomDomain']) })]) } },
    });
    const ids = Object.keys(policies);
    expect(ids).toHaveLength(1); // same service, same zone (imported twice by id): one policy
    expect(ids[0]).toMatch(/^AppRunnerKitOperationsProviderDomainPolicy[0-9a-f]{8}/);
    for (const d of [a, b]) {
      expect(template.findResources('Custom::AppRunnerCustomDomain')[stack.getLogicalId(d.node.defaultChild as any)].DependsOn).toContain(ids[0]);
    }
    // the stack status (is the whole stack being deleted?) is in the functions' own policies
    const describeStacks = Object.values<any>(template.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement).filter((st: any) => st.Action === 'cloudformation:DescribeStacks');
    expect(describeStacks).toEqual([1, 2].map(() => ({ Action: 'cloudformation:DescribeStacks', Effect: 'Allow', Resource: { Ref: 'AWS::StackId' } })));
  });

  test('the policy\'s id follows the service and the zone, not the domain name', () => {
    const policyId = (zoneId: string, serviceId: string, domainName = 'api.example.com') => {
      const stack = newStack();
      const s = new Service(stack, serviceId, { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }) });
      const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: zoneId, zoneName: 'example.com' });
      s.addCustomDomain({ domainName, hostedZone });
      return Object.keys(synth(stack).findResources('AWS::IAM::Policy')).find((id) => id.includes('DomainPolicy'))!;
    };
    expect(policyId('Z1', 'Svc')).toMatch(/^AppRunnerKitOperationsProviderDomainPolicy[0-9a-f]{8}[0-9A-F]{8}$/);
    expect(policyId('Z1', 'Svc')).toBe(policyId('Z1', 'Svc', 'web.example.com'));
    expect(policyId('Z1', 'Svc')).not.toBe(policyId('Z2', 'Svc'));
    expect(policyId('Z1', 'Svc')).not.toBe(policyId('Z1', 'Other'));
  });

  test('12 services with domains and every operations option (named, paused): the handler roles\' inline policies fit IAM\'s 10,240 characters', () => {
    const stack = newStack();
    const hostedZone = zone(stack);
    for (let i = 0; i < 12; i++) {
      service(stack, { serviceName: `service-with-a-long-name-${String(i).padStart(2, '0')}-abcdefghij`, paused: true, redeploy: 'v1', failOnRollback: true }, `S${i}`)
        .addCustomDomain({ domainName: `d${i}.example.com`, hostedZone });
    }
    const template = synth(stack);
    // intrinsics replaced by values of realistic (long) length: a 40-character service name in ap-southeast-1
    const provider = OperationsProvider.of(stack);
    for (const fn of [provider.onEventFunction, provider.isCompleteFunction]) {
      const roleId = stack.getLogicalId(fn.role!.node.defaultChild as any);
      const inline = Object.values<any>(template.findResources('AWS::IAM::Policy')).filter((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId));
      expect(inline.reduce((sum, p) => sum + resolvedPolicySize(p.Properties.PolicyDocument, 125, 110), 0)).toBeLessThanOrEqual(10240);
    }
  });

  test('more than 12 services with domains in one stack: a clear error (IAM\'s inline policy size per role)', () => {
    const stack = newStack();
    for (let i = 0; i < 12; i++) service(stack, {}, `S${i}`).addCustomDomain({ domainName: `d${i}.example.com` });
    expectValidationError(() => service(stack, {}, 'S12').addCustomDomain({ domainName: 'd12.example.com' }),
      /^The operations provider of stack TestStack would need more than 12 policies of its own \(one per service and hosted zone with custom domains\)/);
  });
});

describe('with a hosted zone', () => {
  test('subdomain: CNAME mode, waits for active by default, IAM on the service and the zone', () => {
    const stack = newStack();
    const s = service(stack);
    s.addCustomDomain({ domainName: 'api.example.com', hostedZone: zone(stack) });
    const template = synth(stack);
    expect(domainProps(template)).toEqual({
      ServiceToken: { 'Fn::GetAtt': ['AppRunnerKitOperationsProviderframeworkonEvent2228CAF3', 'Arn'] },
      ServiceArn: { 'Fn::GetAtt': [stack.getLogicalId(s.cfnService), 'ServiceArn'] },
      DomainName: 'api.example.com',
      EnableWwwSubdomain: 'true',
      WaitForActive: 'true',
      RecordMode: 'CNAME',
      DualStack: 'false',
      HostedZoneId: 'Z123EXAMPLE',
      TimeoutSeconds: '1740',
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: ['apprunner:AssociateCustomDomain', 'apprunner:DisassociateCustomDomain', 'apprunner:DescribeCustomDomains', 'apprunner:DescribeService'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [stack.getLogicalId(s.cfnService), 'ServiceArn'] },
          },
          {
            Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets'],
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':route53:::hostedzone/Z123EXAMPLE']] },
          },
        ]),
      },
    });
    template.resourceCountIs('AWS::Lambda::Function', 5);
    expect(Object.keys(template.toJSON().Outputs ?? {})).toEqual([]);
  });

  test('apex: ALIAS mode with App Runner\'s hosted zone of the region; AAAA for dual-stack services', () => {
    const stack = newStack({ env: { account: '123456789012', region: 'eu-west-1' } });
    const s = service(stack, { ipAddressType: IpAddressType.DUAL_STACK });
    new CustomDomain(stack, 'Domain', { service: s, domainName: 'example.com', hostedZone: zone(stack, 'example.com.'), enableWwwSubdomain: false });
    const props = domainProps(synth(stack));
    expect(props).toMatchObject({ RecordMode: 'ALIAS', AliasHostedZoneId: 'Z087551914Z2PCAU0QHMW', DualStack: 'true', EnableWwwSubdomain: 'false' });
  });

  test('an apex domain in a region without a known App Runner zone is a synth error with the list', () => {
    const stack = newStack({ env: { account: '123456789012', region: 'sa-east-1' } });
    const s = service(stack);
    expectValidationError(() => s.addCustomDomain({ domainName: 'example.com', hostedZone: zone(stack) }),
      /The apex domain example.com needs an alias record to App Runner's hosted zone of region sa-east-1.*regions with a known zone: us-east-1, us-east-2, us-west-2/);
  });

  test('waitForActive and timeout can be set', () => {
    const stack = newStack();
    service(stack).addCustomDomain({ domainName: 'api.example.com', hostedZone: zone(stack), waitForActive: false, timeout: Duration.minutes(10) });
    expect(domainProps(synth(stack))).toMatchObject({ WaitForActive: 'false', TimeoutSeconds: '600' });
  });
});

describe('without a hosted zone', () => {
  test('no records written, no wait; DNS target and validation records as attributes and outputs', () => {
    const stack = newStack();
    const s = service(stack);
    const domain = s.addCustomDomain({ domainName: 'api.example.org' });
    const template = synth(stack);
    expect(domainProps(template)).toMatchObject({ RecordMode: 'NONE', WaitForActive: 'false' });
    expect(domainProps(template).HostedZoneId).toBeUndefined();
    const outputs = Object.values<any>(template.toJSON().Outputs);
    expect(outputs).toHaveLength(2);
    expect(outputs[0].Value['Fn::GetAtt'][1]).toBe('DNSTarget');
    expect(outputs[1].Value['Fn::GetAtt'][1]).toBe('ValidationRecords');
    expect(stack.resolve(domain.status)['Fn::GetAtt'][1]).toBe('Status');
    expect(stack.resolve(domain.validationRecord(1).value)['Fn::GetAtt'][1]).toBe('ValidationRecord1Value');
    expect(domain.domainName).toBe('api.example.org');
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).not.toContain('route53:');
  });
});

describe('ordering', () => {
  test('a paused service is paused only after its domains are done', () => {
    const stack = newStack();
    const s = service(stack, { paused: true });
    s.addCustomDomain({ domainName: 'api.example.com', hostedZone: zone(stack) });
    const template = synth(stack);
    const [domainId] = Object.keys(template.findResources('Custom::AppRunnerCustomDomain'));
    const runState = Object.values<any>(template.findResources('Custom::AppRunnerRunState'))[0];
    expect(runState.DependsOn).toContain(domainId);
  });
});

describe('bad inputs', () => {
  test.each<[string, () => unknown, string | RegExp]>([
    ['six domains on one service', () => {
      const stack = newStack();
      const s = service(stack);
      for (let i = 0; i < 6; i++) s.addCustomDomain({ domainName: `d${i}.example.com` });
    }, 'A service takes at most 5 custom domains; d5.example.com would be number 6 of TestStack/Svc'],
    ['six domains on imports of one service ARN', () => {
      const stack = newStack();
      const arn = 'arn:aws:apprunner:us-east-1:123456789012:service/web/0123456789abcdef0123456789abcdef';
      for (let i = 0; i < 6; i++) Service.fromServiceArn(stack, `Imported${i}`, arn).addCustomDomain({ domainName: `d${i}.example.com` });
    }, 'A service takes at most 5 custom domains; d5.example.com would be number 6 of TestStack/Imported5'],
    ['a hosted zone that does not know its name', () => {
      const stack = newStack();
      service(stack).addCustomDomain({ domainName: 'api.example.com', hostedZone: route53.HostedZone.fromHostedZoneId(stack, 'ById', 'Z123') });
    }, /^hostedZone TestStack\/ById does not know its zone name \(HostedZone.fromHostedZoneId\): import it with HostedZone.fromHostedZoneAttributes/],
    ['a wildcard not in the first label', () => service(newStack()).addCustomDomain({ domainName: 'api.*.example.com', enableWwwSubdomain: false }),
      'domainName may use a wildcard only as its first label ("*.example.com"), got "api.*.example.com"'],
    ['www with a wildcard', () => service(newStack()).addCustomDomain({ domainName: '*.example.com' }),
      'enableWwwSubdomain cannot be used with the wildcard domain "*.example.com" (App Runner refuses it); set enableWwwSubdomain: false'],
    ['an underscore', () => service(newStack()).addCustomDomain({ domainName: 'my_api.example.com' }),
      'domainName may contain only letters, digits, hyphens, dots and a leading "*.", got "my_api.example.com"'],
    ['a single label', () => service(newStack()).addCustomDomain({ domainName: 'localhost' }),
      /^domainName must be a fully qualified name of at least two labels/],
    ['a label over 63 characters', () => service(newStack()).addCustomDomain({ domainName: `${'a'.repeat(64)}.example.com` }),
      /^domainName must be a fully qualified name of at least two labels, each 1–63/],
    ['over 255 characters', () => service(newStack()).addCustomDomain({ domainName: `${'a.'.repeat(128)}com` }),
      'domainName must be between 1 and 255 characters, got 259 characters'],
    ['a domain outside the zone', () => { const stack = newStack(); service(stack).addCustomDomain({ domainName: 'api.example.org', hostedZone: zone(stack) }); },
      'domainName api.example.org is not in the hosted zone example.com'],
    ['a timeout longer than the provider allows', () => service(newStack()).addCustomDomain({ domainName: 'a.example.com', timeout: Duration.hours(1) }),
      'timeout must be between 30 and 1740 seconds, got 3600'],
    ['a validation record index out of range', () => service(newStack()).addCustomDomain({ domainName: 'a.example.com' }).validationRecord(10),
      'validationRecord index must be an integer between 0 and 9, got 10'],
  ])('%s', (_name, fn, expected) => {
    expectValidationError(fn, expected);
  });

  test('a token domain name is not checked; in an agnostic stack the apex zone comes from a mapping', () => {
    const stack = newAgnosticStack();
    const s = service(stack);
    expect(() => s.addCustomDomain({ domainName: Token.asString({ Ref: 'DomainParam' }) })).not.toThrow();
    const other = newAgnosticStack();
    const z = route53.HostedZone.fromHostedZoneAttributes(other, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.com' });
    service(other).addCustomDomain({ domainName: 'example.com', hostedZone: z, enableWwwSubdomain: false });
    const template = synth(other);
    expect(domainProps(template).AliasHostedZoneId).toEqual({ 'Fn::FindInMap': ['AppRunnerHostedZones', { Ref: 'AWS::Region' }, 'zoneId'] });
    expect(template.toJSON().Mappings.AppRunnerHostedZones['eu-west-3']).toEqual({ zoneId: 'Z087117439MBKHYM69QS6' });
  });
});
