/**
 * CustomDomain as synthesized: with and without a zone, apex and subdomain, dual-stack,
 * IAM scoped to the service and the zone, synth-time checks (one custom domain per domain
 * name, account and region; public hosted zones only).
 */
import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { CustomDomain, IpAddressType, OperationsProvider, Service, ServiceProps, Source } from '../../src';
import { expectValidationError, newAgnosticStack, newStack, resolvedPolicySize, synth } from '../support/util';

const IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';

function service(stack: Stack, props: Partial<ServiceProps> = {}, id = 'Svc'): Service {
  return new Service(stack, id, { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), ...props });
}

function zone(stack: Stack, name = 'example.com', id = 'Zone', hostedZoneId = 'Z123EXAMPLE'): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(stack, id, { hostedZoneId, zoneName: name });
}

function domainProps(template: Template): any {
  const resources = Object.values(template.findResources('Custom::AppRunnerCustomDomain'));
  expect(resources).toHaveLength(1);
  return resources[0].Properties;
}

/** The RolePolicy resources of the custom domains' services (two per service: one per handler role). */
function domainRolePolicies(template: Template): Record<string, any> {
  return template.findResources('AWS::IAM::RolePolicy', {
    Properties: { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['apprunner:AssociateCustomDomain']) })]) } },
  });
}

/** The RolePolicy resources of the custom domains' hosted zones (two per zone). */
function zoneRolePolicies(template: Template): Record<string, any> {
  return template.findResources('AWS::IAM::RolePolicy', {
    Properties: { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'route53:ChangeResourceRecordSets' })]) } },
  });
}

describe('IAM', () => {
  test('inline policies per service and per zone on both handler roles, which the domains depend on', () => {
    const stack = newStack();
    const s = service(stack);
    const a = s.addCustomDomain({ domainName: 'api.example.com', hostedZone: zone(stack) });
    const b = s.addCustomDomain({ domainName: 'web.example.com', hostedZone: zone(stack, 'example.com', 'Zone2') });
    const template = synth(stack);
    const policies = domainRolePolicies(template);
    const ids = Object.keys(policies).sort();
    // same service, same zone (imported twice by id): one pair
    expect(ids).toHaveLength(2);
    expect(ids[0]).toMatch(/^AppRunnerKitOperationsProviderDomainPolicy[0-9a-f]{8}IsComplete[0-9A-F]{8}$/);
    expect(ids[1]).toMatch(/^AppRunnerKitOperationsProviderDomainPolicy[0-9a-f]{8}OnEvent[0-9A-F]{8}$/);
    const provider = OperationsProvider.of(stack);
    expect(ids.map((id) => policies[id].Properties.RoleName).sort((x: any, y: any) => x.Ref.localeCompare(y.Ref))).toEqual(
      [provider.isCompleteFunction, provider.onEventFunction].map((fn) => ({ Ref: stack.getLogicalId(fn.role!.node.defaultChild as any) })));
    const zoneIds = Object.keys(zoneRolePolicies(template)).sort();
    expect(zoneIds).toHaveLength(2);
    expect(zoneIds[0]).toMatch(/^AppRunnerKitOperationsProviderZonePolicy[0-9a-f]{8}IsComplete[0-9A-F]{8}$/);
    for (const d of [a, b]) {
      expect(template.findResources('Custom::AppRunnerCustomDomain')[stack.getLogicalId(d.node.defaultChild as any)].DependsOn)
        .toEqual(expect.arrayContaining([...ids, ...zoneIds]));
    }
    expect(policies[ids[0]].Properties.PolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Action: ['apprunner:AssociateCustomDomain', 'apprunner:DisassociateCustomDomain', 'apprunner:DescribeCustomDomains', 'apprunner:DescribeService',
          'apprunner:ListOperations', 'apprunner:PauseService', 'apprunner:ResumeService'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [stack.getLogicalId(s.cfnService), 'ServiceArn'] },
      }],
    });
    // the zone's: ListResourceRecordSets, and ChangeResourceRecordSets of its domains' records only (see zone-policy.test.ts)
    const zoneArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':route53:::hostedzone/Z123EXAMPLE']] };
    expect(zoneRolePolicies(template)[zoneIds[0]].Properties.PolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Action: 'route53:ListResourceRecordSets', Effect: 'Allow', Resource: zoneArn },
        {
          Action: 'route53:ChangeResourceRecordSets',
          Condition: {
            'ForAllValues:StringEquals': {
              'route53:ChangeResourceRecordSetsActions': ['UPSERT', 'DELETE'],
              'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME'],
            },
            'ForAllValues:StringLike': {
              'route53:ChangeResourceRecordSetsNormalizedRecordNames': [
                '_*.api.example.com', '_*.web.example.com', 'api.example.com', 'web.example.com', 'www.api.example.com', 'www.web.example.com',
              ],
            },
          },
          Effect: 'Allow',
          Resource: zoneArn,
        },
      ],
    });
    // which resources of the stack declare a domain, and is the stack being deleted: reads of the stack only (the provider's, always)
    const stackStatements = Object.values<any>(template.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement).filter((st: any) => JSON.stringify(st.Action).includes('cloudformation:'));
    expect(stackStatements).toEqual([1, 2].map(() => ({
      Action: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackResource', 'cloudformation:ListStackResources'], Effect: 'Allow', Resource: { Ref: 'AWS::StackId' },
    })));
  });

  test('the policies are named after the service ID and the zone ID: a replaced service (or zone) gets new ones, the old ones stay until cleanup', () => {
    const stack = newStack();
    const s = service(stack);
    s.addCustomDomain({ domainName: 'api.example.com', hostedZone: zone(stack) });
    const template = synth(stack);
    const arn = { 'Fn::GetAtt': [stack.getLogicalId(s.cfnService), 'ServiceArn'] };
    expect(Object.values<any>(domainRolePolicies(template))[0].Properties.PolicyName).toEqual({
      'Fn::Join': ['-', [
        expect.stringMatching(/^AppRunnerKitDomainPolicy[0-9a-f]{8}$/),
        { 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', arn] }] }] }] },
      ]],
    });
    // and the zone's, in a fingerprint of its domains' record names and types (zone-policy.test.ts)
    expect(Object.values<any>(zoneRolePolicies(template))[0].Properties.PolicyName).toMatch(/^AppRunnerKitZonePolicy[0-9a-f]{8}-Z123EXAMPLE-[0-9a-f]{8}$/);
    // resolved, the names stay within IAM's 128 characters: prefix and a 32-character service ID, or a zone ID (at most 32) and the fingerprint
    expect('AppRunnerKitDomainPolicy12345678-'.length + 32).toBeLessThanOrEqual(128);
    expect('AppRunnerKitZonePolicy12345678-'.length + 32 + '-12345678'.length).toBeLessThanOrEqual(128);
  });

  test('the policies\' construct ids follow the service (resp. the zone), not the domain name', () => {
    const policyIds = (zoneId: string, serviceId: string, domainName = 'api.example.com') => {
      const stack = newStack();
      const s = new Service(stack, serviceId, { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }) });
      const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: zoneId, zoneName: 'example.com' });
      s.addCustomDomain({ domainName, hostedZone });
      const template = synth(stack);
      return { service: Object.keys(domainRolePolicies(template)).sort()[0], zone: Object.keys(zoneRolePolicies(template)).sort()[0] };
    };
    expect(policyIds('Z1', 'Svc')).toEqual(policyIds('Z1', 'Svc', 'web.example.com'));
    expect(policyIds('Z1', 'Svc').service).toBe(policyIds('Z2', 'Svc').service);
    expect(policyIds('Z1', 'Svc').zone).not.toBe(policyIds('Z2', 'Svc').zone);
    expect(policyIds('Z1', 'Svc').service).not.toBe(policyIds('Z1', 'Other').service);
    expect(policyIds('Z1', 'Svc').zone).toBe(policyIds('Z1', 'Other').zone);
  });

  test('12 services with domains in 4 zones, every operations option (named, paused): the handler roles\' inline policies fit IAM\'s 10,240 characters', () => {
    const stack = newStack();
    const zones = [0, 1, 2, 3].map((i) => zone(stack, `example${i}.com`, `Zone${i}`, `Z0${i}23456789ABCDEFGHIJK`));
    for (let i = 0; i < 12; i++) {
      service(stack, { serviceName: `service-with-a-long-name-${String(i).padStart(2, '0')}-abcdefghij`, paused: true, redeploy: 'v1', failOnRollback: true }, `S${i}`)
        .addCustomDomain({ domainName: `d${i}.example${i % 4}.com`, hostedZone: zones[i % 4] });
    }
    const template = synth(stack);
    // intrinsics replaced by values of realistic (long) length: a 40-character service name in ap-southeast-1, and the
    // longest partition (aws-us-gov: the generic 110 characters of a Ref overstated each zone ARN by 100 characters)
    const partition = (doc: unknown) => JSON.parse(JSON.stringify(doc).replace(/\{"Ref":"AWS::Partition"\}/g, '"aws-us-gov"'));
    const provider = OperationsProvider.of(stack);
    for (const fn of [provider.onEventFunction, provider.isCompleteFunction]) {
      const roleId = stack.getLogicalId(fn.role!.node.defaultChild as any);
      const inline = Object.values<any>(template.findResources('AWS::IAM::Policy')).filter((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId));
      const rolePolicies = Object.values<any>(template.findResources('AWS::IAM::RolePolicy')).filter((p) => p.Properties.RoleName.Ref === roleId);
      expect(rolePolicies).toHaveLength(16);
      const size = [...inline, ...rolePolicies].reduce((sum, p) => sum + resolvedPolicySize(partition(p.Properties.PolicyDocument), 125, 110), 0);
      expect(size).toBeLessThanOrEqual(10240);
    }
  });

  test('more than 12 services with domains in one stack: a clear error (IAM\'s inline policy size per role)', () => {
    const stack = newStack();
    for (let i = 0; i < 12; i++) service(stack, {}, `S${i}`).addCustomDomain({ domainName: `d${i}.example.com` });
    expectValidationError(() => service(stack, {}, 'S12').addCustomDomain({ domainName: 'd12.example.com' }),
      /^The operations provider of stack TestStack would need more than 12 policies of its own \(one per service with custom domains\)/);
  });

  test('more than 4 hosted zones with custom domains in one stack: a clear error', () => {
    const stack = newStack();
    const s = service(stack);
    for (let i = 0; i < 4; i++) s.addCustomDomain({ domainName: `d.example${i}.com`, hostedZone: zone(stack, `example${i}.com`, `Z${i}`, `Z${i}`) });
    expectValidationError(() => s.addCustomDomain({ domainName: 'd.example4.com', hostedZone: zone(stack, 'example4.com', 'Z4', 'Z4') }),
      /^The operations provider of stack TestStack would need more than 4 policies of its own \(one per hosted zone of custom domains\)/);
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
    expect(Object.keys(domainRolePolicies(template))).toHaveLength(2);
    expect(Object.keys(zoneRolePolicies(template))).toHaveLength(2);
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
    const policies = JSON.stringify([template.findResources('AWS::IAM::Policy'), template.findResources('AWS::IAM::RolePolicy')]);
    expect(policies).toContain('apprunner:AssociateCustomDomain');
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
      for (let i = 0; i < 6; i++) new CustomDomain(stack, `Domain${i}`, { service: Service.fromServiceArn(stack, `Imported${i}`, arn), domainName: `d${i}.example.com` });
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
    ['a service imported by name (its ARN has no ID)', () => { const stack = newStack(); new CustomDomain(stack, 'Domain', { service: Service.fromServiceName(stack, 'ByName', 'web-service'), domainName: 'a.example.com' }); },
      /^Custom domain a.example.com needs the service's full ARN \(arn:PARTITION:apprunner:REGION:ACCOUNT:service\/NAME\/ID\), but the ARN of service\/web-service has no service ID \(a service imported with Service.fromServiceName\): import it with Service.fromServiceArn/],
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

describe('one custom domain per domain name, account and region', () => {
  test('the same domain on two services is a ValidationError naming both; compared case-insensitively, without a trailing dot', () => {
    const stack = newStack();
    service(stack, {}, 'A').addCustomDomain({ domainName: 'api.example.com', hostedZone: zone(stack) });
    const b = service(stack, {}, 'B');
    expectValidationError(() => b.addCustomDomain({ domainName: 'API.Example.com.', hostedZone: zone(stack, 'example.com', 'Zone2') }),
      'Custom domain api.example.com of TestStack/B/CustomDomain-API.Example.com. is already a custom domain of TestStack/A/CustomDomain-api.example.com '
      + 'in account 123456789012, region us-east-1 (compared case-insensitively, without a trailing dot; a www subdomain counts as a domain of its own): '
      + 'App Runner associates a domain with one service only, and two custom domains of it would take it (and its DNS records) from each other at every '
      + 'deployment. Keep one CustomDomain per domain name (move it to another service by changing its service).');
  });

  test('two CustomDomain constructs of one domain on the same service (e.g. a refactoring that kept the old one)', () => {
    const stack = newStack();
    const s = service(stack);
    s.addCustomDomain({ domainName: 'api.example.com', enableWwwSubdomain: false });
    expectValidationError(() => new CustomDomain(stack, 'Refactored', { service: s, domainName: 'api.example.com', enableWwwSubdomain: false }),
      /^Custom domain api.example.com of TestStack\/Refactored is already a custom domain of TestStack\/Svc\/CustomDomain-api.example.com in account 123456789012, region us-east-1/);
  });

  test('the www subdomain counts: example.com with www and www.example.com collide, without www they do not', () => {
    const stack = newStack();
    service(stack, {}, 'A').addCustomDomain({ domainName: 'example.com' });
    expectValidationError(() => service(stack, {}, 'B').addCustomDomain({ domainName: 'www.example.com', enableWwwSubdomain: false }),
      /^Custom domain www.example.com of TestStack\/B\/CustomDomain-www.example.com is already a custom domain of TestStack\/A\/CustomDomain-example.com in/);
    const ok = newStack();
    service(ok, {}, 'A').addCustomDomain({ domainName: 'example.com', enableWwwSubdomain: false });
    service(ok, {}, 'B').addCustomDomain({ domainName: 'www.example.com', enableWwwSubdomain: false });
    expect(Object.keys(synth(ok).findResources('Custom::AppRunnerCustomDomain'))).toHaveLength(2);
  });

  test('across stacks of one account and region; other domains, regions and environment-agnostic stacks are accepted', () => {
    const first = newStack();
    const app = first.node.root as App;
    service(first).addCustomDomain({ domainName: 'api.example.com' });
    service(first, {}, 'Other').addCustomDomain({ domainName: 'web.example.com' });
    const sameEnv = new Stack(app, 'SameEnv', { env: { account: '123456789012', region: 'us-east-1' } });
    expectValidationError(() => service(sameEnv).addCustomDomain({ domainName: 'api.example.com' }),
      /^Custom domain api.example.com of SameEnv\/Svc\/CustomDomain-api.example.com is already a custom domain of TestStack\/Svc\/CustomDomain-api.example.com in account 123456789012, region us-east-1/);
    service(new Stack(app, 'West', { env: { account: '123456789012', region: 'us-west-2' } })).addCustomDomain({ domainName: 'api.example.com' });
    service(new Stack(app, 'Agnostic')).addCustomDomain({ domainName: 'api.example.com' });
    expect(Object.keys(synth(first).findResources('Custom::AppRunnerCustomDomain'))).toHaveLength(2);
  });

  test('in an environment-agnostic stack, two custom domains of one name collide (the stack deploys to one account and region)', () => {
    const stack = newAgnosticStack();
    service(stack, {}, 'A').addCustomDomain({ domainName: 'api.example.com' });
    expectValidationError(() => service(stack, {}, 'B').addCustomDomain({ domainName: 'api.example.com' }),
      /^Custom domain api.example.com of AgnosticStack\/B\/CustomDomain-api.example.com is already a custom domain of AgnosticStack\/A\/CustomDomain-api.example.com in the environment-agnostic stack AgnosticStack/);
  });
});

describe('the hosted zone must be public', () => {
  const message = (path: string, kind: string) =>
    `hostedZone ${path} of custom domain api.example.com is a private hosted zone (${kind}): App Runner validates the domain's certificate through public DNS, `
    + 'which a private zone does not answer, so the domain would never become active. Pass the public hosted zone of the domain, or no hostedZone '
    + '(the records are then stack outputs for your DNS provider).';

  test('a PrivateHostedZone, a HostedZone with vpcs and PrivateHostedZone.fromPrivateHostedZoneId are ValidationErrors', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    const s = service(stack);
    const privateZone = new route53.PrivateHostedZone(stack, 'Private', { zoneName: 'example.com', vpc });
    expectValidationError(() => s.addCustomDomain({ domainName: 'api.example.com', hostedZone: privateZone }),
      message('TestStack/Private', 'a PrivateHostedZone'));
    const withVpcs = new route53.HostedZone(stack, 'WithVpcs', { zoneName: 'example.com', vpcs: [vpc] });
    expectValidationError(() => new CustomDomain(stack, 'D2', { service: s, domainName: 'api.example.com', hostedZone: withVpcs }),
      message('TestStack/WithVpcs', 'a HostedZone with vpcs, which makes it private'));
    const byId = route53.PrivateHostedZone.fromPrivateHostedZoneId(stack, 'ById', 'Z0PRIVATE');
    expectValidationError(() => new CustomDomain(stack, 'D3', { service: s, domainName: 'api.example.com', hostedZone: byId }),
      message('TestStack/ById', 'imported with PrivateHostedZone.fromPrivateHostedZoneId'));
  });

  test('accepted: a PublicHostedZone, a HostedZone without vpcs, an imported zone (which cannot be told)', () => {
    const stack = newStack();
    const s = service(stack);
    s.addCustomDomain({ domainName: 'api.example.com', hostedZone: new route53.PublicHostedZone(stack, 'Public', { zoneName: 'example.com' }) });
    s.addCustomDomain({ domainName: 'web.example.org', hostedZone: new route53.HostedZone(stack, 'Plain', { zoneName: 'example.org' }) });
    s.addCustomDomain({ domainName: 'app.example.net', hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Imported', { hostedZoneId: 'Z1', zoneName: 'example.net' }) });
    // an import of a private zone by attributes looks like any other import: not refused at synth
    s.addCustomDomain({ domainName: 'app.example.info', hostedZone: route53.PrivateHostedZone.fromPrivateHostedZoneAttributes(stack, 'PrivByAttrs', { hostedZoneId: 'Z2', zoneName: 'example.info' }) });
    expect(Object.keys(synth(stack).findResources('Custom::AppRunnerCustomDomain'))).toHaveLength(4);
  });
});
