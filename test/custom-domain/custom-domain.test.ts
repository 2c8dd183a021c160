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
import { expectValidationError, newAgnosticStack, newStack, synth } from '../support/util';

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

/** The domain roles (one per service with custom domains), by logical id. */
function domainRoles(template: Template): Record<string, any> {
  return template.findResources('AWS::IAM::Role', { Properties: { Path: '/cdk-apprunner-kit/' } });
}

/** The zone policies of the domain roles (one per service and hosted zone), by logical id. */
function zoneRolePolicies(template: Template): Record<string, any> {
  return template.findResources('AWS::IAM::RolePolicy', {
    Properties: { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'route53:ChangeResourceRecordSets' })]) } },
  });
}

/** The first 8 characters of the stack ID's UUID, at deploy time. */
const STACK_ID_PART = { 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }] };

/** The role name a domain role of a service gets: `apprunner-kit-`, the stack ID's part and the service's ID. */
function roleName(stack: Stack, s: Service): any {
  const arn = { 'Fn::GetAtt': [stack.getLogicalId(s.cfnService), 'ServiceArn'] };
  return {
    'Fn::Join': ['', [
      'apprunner-kit-', STACK_ID_PART, '-',
      { 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', arn] }] }] }] },
    ]],
  };
}

describe('IAM', () => {
  test('a domain role per service, assumed by both handler roles; its zone policies; the domains depend on them', () => {
    const stack = newStack();
    const s = service(stack);
    const a = s.addCustomDomain({ domainName: 'api.example.com', hostedZone: zone(stack) });
    const b = s.addCustomDomain({ domainName: 'web.example.com', hostedZone: zone(stack, 'example.com', 'Zone2') });
    const template = synth(stack);
    const roles = domainRoles(template);
    const [roleId] = Object.keys(roles);
    // same service: one role; same zone (imported twice by id): one zone policy
    expect(Object.keys(roles)).toHaveLength(1);
    expect(roleId).toMatch(/^AppRunnerKitOperationsProviderDomainRole[0-9a-f]{8}Role[0-9A-F]{8}$/);
    const provider = OperationsProvider.of(stack);
    const handlerRoleArns = [provider.onEventFunction, provider.isCompleteFunction]
      .map((fn) => ({ 'Fn::GetAtt': [stack.getLogicalId(fn.role!.node.defaultChild as any), 'Arn'] }));
    expect(roles[roleId].Properties).toEqual({
      RoleName: roleName(stack, s),
      Path: '/cdk-apprunner-kit/',
      Description: 'cdk-apprunner-kit: what the custom-domain handlers of TestStack may do on one service and its hosted zones',
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: handlerRoleArns.map((arn) => ({ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: arn } })),
      },
      Policies: [{
        PolicyName: 'Service',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{
            Action: ['apprunner:AssociateCustomDomain', 'apprunner:DisassociateCustomDomain', 'apprunner:DescribeCustomDomains', 'apprunner:DescribeService',
              'apprunner:ListOperations', 'apprunner:PauseService', 'apprunner:ResumeService'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [stack.getLogicalId(s.cfnService), 'ServiceArn'] },
          }],
        },
      }],
    });
    const zoneIds = Object.keys(zoneRolePolicies(template));
    expect(zoneIds).toHaveLength(1);
    expect(zoneIds[0]).toMatch(/^AppRunnerKitOperationsProviderDomainRole[0-9a-f]{8}Zone[0-9a-f]{8}[0-9A-F]{8}$/);
    const zonePolicy = zoneRolePolicies(template)[zoneIds[0]].Properties;
    expect(zonePolicy.RoleName).toEqual({ Ref: roleId });
    for (const d of [a, b]) {
      expect(template.findResources('Custom::AppRunnerCustomDomain')[stack.getLogicalId(d.node.defaultChild as any)].DependsOn)
        .toEqual(expect.arrayContaining([roleId, zoneIds[0]]));
    }
    // the zone's: ListResourceRecordSets, and ChangeResourceRecordSets of its domains' records only (see zone-policy.test.ts)
    const zoneArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':route53:::hostedzone/Z123EXAMPLE']] };
    expect(zonePolicy.PolicyDocument).toEqual({
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
    // the handler roles: no App Runner domain or Route 53 permission of their own; they assume the stack's domain roles
    // (by name prefix, whatever domains the stack has) and read the stack (the provider's, always)
    const handlerStatements = Object.values<any>(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('OnEvent') || JSON.stringify(p.Properties.Roles).includes('IsComplete'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(JSON.stringify(handlerStatements)).not.toMatch(/CustomDomain|route53:/);
    const assume = handlerStatements.filter((st: any) => st.Action === 'sts:AssumeRole');
    expect(assume).toHaveLength(1);
    // in a policy of its own (AssumeDomainRoles) on both handler roles, which every custom domain depends on
    const [assumePolicyId] = Object.keys(template.findResources('AWS::IAM::Policy', { Properties: { PolicyDocument: { Statement: [Match.objectLike({ Action: 'sts:AssumeRole' })] } } }));
    expect(assumePolicyId).toMatch(/^AppRunnerKitOperationsProviderAssumeDomainRoles[0-9A-F]{8}$/);
    expect(template.toJSON().Resources[assumePolicyId].Properties.Roles).toEqual(expect.arrayContaining(handlerRoleArns.map((arn) => ({ Ref: arn['Fn::GetAtt'][0] }))));
    for (const d of [a, b]) {
      expect(template.findResources('Custom::AppRunnerCustomDomain')[stack.getLogicalId(d.node.defaultChild as any)].DependsOn).toContain(assumePolicyId);
    }
    expect(assume[0].Resource).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/cdk-apprunner-kit/apprunner-kit-', STACK_ID_PART, '-*']],
    });
    // the custom resource names the prefix of the role ARNs (the handler adds a service's ID)
    expect(Object.values<any>(template.findResources('Custom::AppRunnerCustomDomain'))[0].Properties.RoleArnPrefix).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/cdk-apprunner-kit/apprunner-kit-', STACK_ID_PART, '-']],
    });
    const stackStatements = handlerStatements.filter((st: any) => JSON.stringify(st.Action).includes('cloudformation:'));
    expect(stackStatements).toEqual([1, 2].map(() => ({
      Action: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackResource', 'cloudformation:ListStackResources'], Effect: 'Allow', Resource: { Ref: 'AWS::StackId' },
    })));
  });

  test('the role is named after the stack ID and the service ID: a replaced service gets a new role, the old one stays until cleanup', () => {
    const stack = newStack();
    const s = service(stack);
    s.addCustomDomain({ domainName: 'api.example.com', hostedZone: zone(stack) });
    const template = synth(stack);
    const [role] = Object.values<any>(domainRoles(template));
    // built at deploy time from the stack's ID (whatever name the stack is deployed under: a handler derives it from its event's stack ID)
    expect(role.Properties.RoleName).toEqual(roleName(stack, s));
    // resolved, the name stays within IAM's 64 characters: the prefix, 8 characters of the stack ID, a 32-character service ID
    expect('apprunner-kit-'.length + 8 + 1 + 32).toBe(55);
    // and the zone policy's name ends in the zone's ID and a fingerprint of its domains' record names and types (zone-policy.test.ts)
    expect(Object.values<any>(zoneRolePolicies(template))[0].Properties.PolicyName).toMatch(/^AppRunnerKitZone-Z123EXAMPLE-[0-9a-f]{8}$/);
    expect('AppRunnerKitZone-'.length + 32 + '-12345678'.length).toBeLessThanOrEqual(128);
  });

  test('the construct ids follow the service (resp. the service and the zone), not the domain name', () => {
    const ids = (zoneId: string, serviceId: string, domainName = 'api.example.com') => {
      const stack = newStack();
      const s = new Service(stack, serviceId, { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }) });
      const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: zoneId, zoneName: 'example.com' });
      s.addCustomDomain({ domainName, hostedZone });
      const template = synth(stack);
      return { role: Object.keys(domainRoles(template))[0], zone: Object.keys(zoneRolePolicies(template))[0] };
    };
    expect(ids('Z1', 'Svc')).toEqual(ids('Z1', 'Svc', 'web.example.com'));
    expect(ids('Z1', 'Svc').role).toBe(ids('Z2', 'Svc').role);
    expect(ids('Z1', 'Svc').zone).not.toBe(ids('Z2', 'Svc').zone);
    expect(ids('Z1', 'Svc').role).not.toBe(ids('Z1', 'Other').role);
    expect(ids('Z1', 'Svc').zone).not.toBe(ids('Z1', 'Other').zone);
  });

  test('a service imported by ARN: its domain role is named by the ID in the ARN', () => {
    const stack = newStack();
    const imported = Service.fromServiceArn(stack, 'Imported', 'arn:aws:apprunner:us-east-1:123456789012:service/web/0123456789abcdef0123456789abcdef');
    new CustomDomain(stack, 'Domain', { service: imported, domainName: 'api.example.com', hostedZone: zone(stack) });
    const [role] = Object.values<any>(domainRoles(synth(stack)));
    expect(role.Properties.RoleName).toEqual({ 'Fn::Join': ['', ['apprunner-kit-', STACK_ID_PART, '-0123456789abcdef0123456789abcdef']] });
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
      RoleArnPrefix: expect.anything(),
      TimeoutSeconds: '1740',
    });
    expect(Object.keys(domainRoles(template))).toHaveLength(1);
    expect(Object.keys(zoneRolePolicies(template))).toHaveLength(1);
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
    const policies = JSON.stringify([template.findResources('AWS::IAM::Policy'), template.findResources('AWS::IAM::Role'), template.findResources('AWS::IAM::RolePolicy')]);
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
