/**
 * DomainCutover: the template of each step of a custom domain's move from App Runner to the ECS
 * Express Mode twin, the final step (App Runner's custom domain removed) and every refusal.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { publicService, warningIdsAt } from './fixtures';
import { CustomDomain, DomainCutover, DomainCutoverProps, EcsExpressTwin, IpAddressType, Service, TrafficSplit } from '../../src';
import { expectValidationError, newStack, synth } from '../support/util';

const ZONE = { hostedZoneId: 'Z0EXAMPLE', zoneName: 'example.com' };

interface Built {
  readonly stack: Stack;
  readonly zone: route53.IHostedZone;
  readonly service: Service;
  readonly twin: EcsExpressTwin;
  readonly domain: CustomDomain;
}

function build(opts: { domainName?: string; www?: boolean; ipAddressType?: IpAddressType } = {}): Built {
  const stack = newStack();
  const zone = route53.PublicHostedZone.fromHostedZoneAttributes(stack, 'Zone', ZONE);
  const service = publicService(stack, opts.ipAddressType ? { ipAddressType: opts.ipAddressType } : {});
  const domain = service.addCustomDomain({ domainName: opts.domainName ?? 'api.example.com', hostedZone: zone, enableWwwSubdomain: opts.www });
  const twin = new EcsExpressTwin(stack, 'Twin', { service });
  return { stack, zone, service, twin, domain };
}

function cutover(b: Built, extra: Partial<DomainCutoverProps> = {}, id = 'Cutover'): DomainCutover {
  return new DomainCutover(b.stack, id, { twin: b.twin, customDomain: b.domain, ...extra });
}

/** The weights of a template: App Runner's custom domain RoutingWeight and the twin's record sets by name. */
function weights(template: Template): { appRunner: unknown; express: Record<string, unknown> } {
  const domain = Object.values<any>(template.findResources('Custom::AppRunnerCustomDomain'))[0];
  const express = Object.fromEntries(Object.values<any>(template.findResources('AWS::Route53::RecordSet'))
    .map((r) => [`${r.Properties.Type} ${r.Properties.Name}`, r.Properties.Weight]));
  return { appRunner: domain?.Properties.RoutingWeight, express };
}

const getAtt = (stack: Stack, twin: EcsExpressTwin, name: string) => ({ 'Fn::GetAtt': [stack.getLogicalId(twin.cfnService), name] });

describe('a subdomain with www, half and half', () => {
  const b = build();
  const c = cutover(b, { split: TrafficSplit.HALF });
  const template = synth(b.stack);
  const id = (construct: { node: { defaultChild?: any } } | any) => b.stack.getLogicalId(construct.node?.defaultChild ?? construct);
  const hostNamesId = b.stack.getLogicalId(c.node.findChild('HostNames').node.defaultChild as any);
  const domainId = b.stack.getLogicalId(b.domain.node.defaultChild!.node.defaultChild as any);

  test('the certificate covers the domain and www, DNS-validated in the zone', () => {
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'api.example.com',
      SubjectAlternativeNames: ['www.api.example.com'],
      ValidationMethod: 'DNS',
      DomainValidationOptions: [
        { DomainName: 'api.example.com', HostedZoneId: ZONE.hostedZoneId },
        { DomainName: 'www.api.example.com', HostedZoneId: ZONE.hostedZoneId },
      ],
    });
  });

  test('the certificate is on the twin\'s HTTPS listener', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerCertificate', {
      ListenerArn: getAtt(b.stack, b.twin, 'ECSManagedResourceArns.IngressPath.ListenerArn'),
      Certificates: [{ CertificateArn: { Ref: id(c.certificate) } }],
    });
  });

  test('the host names go on the twin\'s listener rule, after the certificate is on the listener', () => {
    const resource = template.toJSON().Resources[hostNamesId];
    expect(resource.Type).toBe('Custom::AppRunnerExpressDomain');
    expect(resource.Properties).toMatchObject({
      ListenerRuleArn: getAtt(b.stack, b.twin, 'ECSManagedResourceArns.IngressPath.ListenerRuleArn'),
      LoadBalancerArn: getAtt(b.stack, b.twin, 'ECSManagedResourceArns.IngressPath.LoadBalancerArn'),
      HostNames: 'api.example.com,www.api.example.com',
      ConfigHash: expect.stringMatching(/^[0-9a-f]{8}$/),
    });
    expect(resource.DependsOn).toEqual(expect.arrayContaining([b.stack.getLogicalId(c.node.findChild('ListenerCertificate') as any)]));
  });

  test('weighted CNAMEs to the load balancer, 50 each side, with the custom domain\'s TTL; App Runner\'s side first', () => {
    expect(weights(template)).toEqual({ appRunner: '50', express: { 'CNAME api.example.com': 50, 'CNAME www.api.example.com': 50 } });
    for (const record of Object.values<any>(template.findResources('AWS::Route53::RecordSet'))) {
      expect(record.Properties).toMatchObject({
        HostedZoneId: ZONE.hostedZoneId,
        SetIdentifier: 'apprunner-kit-ecs-express',
        TTL: '300',
        ResourceRecords: [{ 'Fn::GetAtt': [hostNamesId, 'DNSName'] }],
      });
      expect(record.DependsOn).toEqual([domainId]);
    }
  });

  test('the handlers may modify this twin\'s rule only; the ELB reads have no resource-level permissions', () => {
    const statements = Object.values<any>(template.findResources('AWS::IAM::RolePolicy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s) => JSON.stringify(s.Action).includes('elasticloadbalancing'));
    expect(statements).toEqual([
      { Action: 'elasticloadbalancing:ModifyRule', Effect: 'Allow', Resource: getAtt(b.stack, b.twin, 'ECSManagedResourceArns.IngressPath.ListenerRuleArn') },
      { Action: 'elasticloadbalancing:ModifyRule', Effect: 'Allow', Resource: getAtt(b.stack, b.twin, 'ECSManagedResourceArns.IngressPath.ListenerRuleArn') },
    ]);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: ['elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeLoadBalancers'], Effect: 'Allow', Resource: '*' }] },
    });
  });

  test('attributes: the domain name and the load balancer\'s DNS name (a deploy-time value)', () => {
    expect(c.domainName).toBe('api.example.com');
    expect(b.stack.resolve(c.loadBalancerDnsName)).toEqual({ 'Fn::GetAtt': [hostNamesId, 'DNSName'] });
    expect(c.split).toBe(TrafficSplit.HALF);
  });
});

describe('the steps', () => {
  test.each<[string, string, number, TrafficSplit]>([
    ['APP_RUNNER_ONLY', '100', 0, TrafficSplit.APP_RUNNER_ONLY],
    ['CANARY', '90', 10, TrafficSplit.CANARY],
    ['HALF', '50', 50, TrafficSplit.HALF],
    ['EXPRESS_ONLY', '0', 100, TrafficSplit.EXPRESS_ONLY],
    ['toExpress(0), the smallest', '100', 0, TrafficSplit.toExpress(0)],
    ['toExpress(1)', '99', 1, TrafficSplit.toExpress(1)],
    ['toExpress(100), the largest', '0', 100, TrafficSplit.toExpress(100)],
  ])('%s: App Runner %s, the twin %d', (_, appRunner, express, split) => {
    const b = build();
    cutover(b, { split });
    expect(weights(synth(b.stack))).toEqual({ appRunner, express: { 'CNAME api.example.com': express, 'CNAME www.api.example.com': express } });
    expect(split.appRunnerPercent + split.expressPercent).toBe(100);
  });

  test('the default split is APP_RUNNER_ONLY: everything in place, no traffic moved', () => {
    const b = build();
    expect(cutover(b).split).toBe(TrafficSplit.APP_RUNNER_ONLY);
    expect(weights(synth(b.stack)).appRunner).toBe('100');
  });

  test.each([-1, 101, 50.5, NaN])('toExpress(%p) is refused', (percent) => {
    const b = build();
    expectValidationError(() => cutover(b, { split: TrafficSplit.toExpress(percent) }), /split must send a whole percentage from 0 to 100/);
  });

  test('only the weights change between steps: the certificate, listener certificate and host names stay', () => {
    const resourcesAt = (split: TrafficSplit) => {
      const b = build();
      cutover(b, { split });
      const resources = synth(b.stack).toJSON().Resources;
      return Object.fromEntries(Object.entries<any>(resources).filter(([, r]) => r.Type !== 'AWS::Route53::RecordSet' && r.Type !== 'Custom::AppRunnerCustomDomain'));
    };
    expect(resourcesAt(TrafficSplit.CANARY)).toEqual(resourcesAt(TrafficSplit.EXPRESS_ONLY));
  });
});

describe('an apex domain', () => {
  test('alias A records to the load balancer (its zone from the host-names resource); www stays a CNAME', () => {
    const b = build({ domainName: 'example.com' });
    const c = cutover(b, { split: TrafficSplit.CANARY });
    const template = synth(b.stack);
    const hostNamesId = b.stack.getLogicalId(c.node.findChild('HostNames').node.defaultChild as any);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'example.com',
      Type: 'A',
      SetIdentifier: 'apprunner-kit-ecs-express',
      Weight: 10,
      AliasTarget: {
        DNSName: { 'Fn::GetAtt': [hostNamesId, 'DNSName'] },
        HostedZoneId: { 'Fn::GetAtt': [hostNamesId, 'CanonicalHostedZoneId'] },
        EvaluateTargetHealth: false,
      },
      TTL: Match.absent(),
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'www.example.com', Type: 'CNAME', Weight: 10 });
    expect(warningIdsAt(b.stack, '/TestStack/Cutover')).toEqual([]);
  });

  test('a dual-stack service\'s apex: a warning that IPv6 clients stay with App Runner', () => {
    const b = build({ domainName: 'example.com', ipAddressType: IpAddressType.DUAL_STACK });
    cutover(b);
    synth(b.stack);
    expect(warningIdsAt(b.stack, '/TestStack/Cutover')).toEqual(['cdk-apprunner-kit:ecsExpressCutoverDualStack']);
  });
});

test('without www: one record and one host name', () => {
  const b = build({ www: false });
  const c = cutover(b, { split: TrafficSplit.HALF });
  const template = synth(b.stack);
  expect(weights(template).express).toEqual({ 'CNAME api.example.com': 50 });
  template.hasResourceProperties('Custom::AppRunnerExpressDomain', { HostNames: 'api.example.com' });
  template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'api.example.com', SubjectAlternativeNames: Match.absent() });
  expect(c.node.tryFindChild('WwwRecord')).toBeUndefined();
});

describe('the final step: App Runner\'s custom domain removed', () => {
  function finalStep(): { stack: Stack; template: Template } {
    const stack = newStack();
    const zone = route53.PublicHostedZone.fromHostedZoneAttributes(stack, 'Zone', ZONE);
    const service = publicService(stack);
    const twin = new EcsExpressTwin(stack, 'Twin', { service });
    new DomainCutover(stack, 'Cutover', { twin, domainName: 'api.example.com', hostedZone: zone, split: TrafficSplit.EXPRESS_ONLY });
    return { stack, template: synth(stack) };
  }

  test('the twin\'s side is exactly what EXPRESS_ONLY had (no resource replaced or changed), without its dependency on the custom domain', () => {
    const before = build();
    cutover(before, { split: TrafficSplit.EXPRESS_ONLY });
    const beforeResources = synth(before.stack).toJSON().Resources;
    const after = finalStep();
    const afterResources = after.template.toJSON().Resources;
    const domainId = Object.keys(beforeResources).find((k) => beforeResources[k].Type === 'Custom::AppRunnerCustomDomain')!;
    expect(afterResources[domainId]).toBeUndefined();
    for (const [logicalId, resource] of Object.entries<any>(afterResources)) {
      if (!/^Cutover/.test(logicalId)) continue;
      const { DependsOn: dependsBefore, ...was } = beforeResources[logicalId];
      const { DependsOn: dependsAfter, ...is } = resource;
      expect(is).toEqual(was);
      expect(dependsAfter ?? []).toEqual((dependsBefore ?? []).filter((d: string) => d !== domainId));
    }
    expect(Object.keys(afterResources).filter((k) => /^Cutover/.test(k)).sort()).toEqual(Object.keys(beforeResources).filter((k) => /^Cutover/.test(k)).sort());
  });

  test('needs the domain and zone, and EXPRESS_ONLY', () => {
    const stack = newStack();
    const zone = route53.PublicHostedZone.fromHostedZoneAttributes(stack, 'Zone', ZONE);
    const twin = new EcsExpressTwin(stack, 'Twin', { service: publicService(stack) });
    expectValidationError(() => new DomainCutover(stack, 'A', { twin, split: TrafficSplit.EXPRESS_ONLY }), /needs domainName and hostedZone/);
    expectValidationError(() => new DomainCutover(stack, 'B', { twin, domainName: 'api.example.com', split: TrafficSplit.EXPRESS_ONLY }), /needs domainName and hostedZone/);
    expectValidationError(() => new DomainCutover(stack, 'C', { twin, domainName: 'api.example.com', hostedZone: zone, split: TrafficSplit.toExpress(99) }),
      /the split must be TrafficSplit.EXPRESS_ONLY, got 99% to the twin/);
    expectValidationError(() => new DomainCutover(stack, 'D', { twin, domainName: 'api.example.org', hostedZone: zone, split: TrafficSplit.EXPRESS_ONLY }),
      /domainName api.example.org is not in the hosted zone example.com/);
    expectValidationError(() => new DomainCutover(stack, 'E', { twin, domainName: 'bad_name.example.com', hostedZone: zone, split: TrafficSplit.EXPRESS_ONLY }),
      /domainName may contain only letters/);
  });
});

describe('refusals', () => {
  test('a custom domain without a hosted zone', () => {
    const stack = newStack();
    const service = publicService(stack);
    const domain = service.addCustomDomain({ domainName: 'api.example.com' });
    const twin = new EcsExpressTwin(stack, 'Twin', { service });
    expectValidationError(() => new DomainCutover(stack, 'Cutover', { twin, customDomain: domain }), /custom domain api.example.com has no hostedZone/);
  });

  test('a custom domain of another service', () => {
    const b = build();
    const other = publicService(b.stack, {}, 'Other');
    const otherDomain = other.addCustomDomain({ domainName: 'other.example.com', hostedZone: b.zone });
    expectValidationError(() => new DomainCutover(b.stack, 'Cutover', { twin: b.twin, customDomain: otherDomain }),
      /custom domain other.example.com is not a domain of TestStack\/Twin's service/);
  });

  test('props that contradict the custom domain', () => {
    const b = build();
    const otherZone = route53.PublicHostedZone.fromHostedZoneAttributes(b.stack, 'OtherZone', ZONE);
    expectValidationError(() => cutover(b, { domainName: 'web.example.com' }, 'A'), /domainName web.example.com is not the custom domain's \(api.example.com\)/);
    expectValidationError(() => cutover(b, { hostedZone: otherZone }, 'B'), /hostedZone .*OtherZone is not the custom domain's/);
    expectValidationError(() => cutover(b, { enableWwwSubdomain: false }, 'C'), /enableWwwSubdomain false is not the custom domain's \(true\)/);
    // the same values are fine
    cutover(b, { domainName: 'api.example.com.', hostedZone: b.zone, enableWwwSubdomain: true }, 'D');
  });

  test('one cutover per custom domain', () => {
    const b = build();
    cutover(b, {}, 'First');
    expectValidationError(() => cutover(b, {}, 'Second'), /custom domain api.example.com already has a traffic cutover \(TestStack\/First\)/);
  });

  test('in another stack than the twin', () => {
    const b = build();
    const other = new Stack(b.stack.node.root as App, 'Other', { env: b.stack.environment ? { account: '123456789012', region: 'us-east-1' } : undefined });
    expectValidationError(() => new DomainCutover(other, 'Cutover', { twin: b.twin, customDomain: b.domain }), /must be in the stack of its twin/);
  });
});

describe('several domains on one twin', () => {
  function twoDomains(secondWww: boolean) {
    const b = build();
    const second = b.service.addCustomDomain({ domainName: 'web.example.com', hostedZone: b.zone, enableWwwSubdomain: secondWww });
    const first = cutover(b);
    return { b, first, second };
  }

  test('4 host names (two domains with www), the most a rule takes besides the twin\'s own: the second waits for the first', () => {
    const { b, first, second } = twoDomains(true);
    const next = new DomainCutover(b.stack, 'Second', { twin: b.twin, customDomain: second });
    const template = synth(b.stack).toJSON();
    const firstId = b.stack.getLogicalId(first.node.findChild('HostNames').node.defaultChild as any);
    const secondId = b.stack.getLogicalId(next.node.findChild('HostNames').node.defaultChild as any);
    expect(template.Resources[secondId].DependsOn).toContain(firstId);
    expect(template.Resources[firstId].DependsOn).not.toContain(secondId);
  });

  test('a fifth host name is refused', () => {
    const { b, second } = twoDomains(true);
    new DomainCutover(b.stack, 'Second', { twin: b.twin, customDomain: second });
    const third = b.service.addCustomDomain({ domainName: 'app.example.com', hostedZone: b.zone, enableWwwSubdomain: false });
    expectValidationError(() => new DomainCutover(b.stack, 'Third', { twin: b.twin, customDomain: third }),
      /would serve 5 custom host names .* at most 4/);
  });
});

describe('no change for users without a cutover', () => {
  test('a custom domain has no RoutingWeight; no ELB permissions', () => {
    const b = build();
    const template = synth(b.stack);
    template.hasResourceProperties('Custom::AppRunnerCustomDomain', { RoutingWeight: Match.absent() });
    expect(JSON.stringify(template.toJSON())).not.toContain('elasticloadbalancing');
  });
});

test('the host-names resource runs again whenever the twin changes (ConfigHash), and only then', () => {
  const hashOf = (variable?: string) => {
    const b = build();
    if (variable) b.service.addEnvironmentVariable('MODE', variable);
    cutover(b);
    return Object.values<any>(synth(b.stack).findResources('Custom::AppRunnerExpressDomain'))[0].Properties.ConfigHash;
  };
  expect(hashOf()).toBe(hashOf());
  expect(hashOf('a')).not.toBe(hashOf());
  expect(hashOf('a')).not.toBe(hashOf('b'));
});
