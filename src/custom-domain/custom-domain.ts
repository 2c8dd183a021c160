import { CfnOutput, CustomResource, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { propertyInjectable } from 'aws-cdk-lib/core/lib/prop-injectable';
import { Construct, IConstruct } from 'constructs';
import { CUSTOM_DOMAIN_TYPE, CustomDomainProperties } from '../operations/contract';
import { domainRoleArnPrefix } from '../operations/domain-roles';
import { OperationsProvider } from '../operations/operations-provider';
import { claimCustomDomain } from '../private/app-checks';
import { appState } from '../private/app-state';
import { setCustomDomainHooks } from '../private/cutover-hooks';
import {
  appRunnerHostedZone, checkDomainName, checkPublicHostedZone, isZoneApex, MAX_DOMAINS_PER_SERVICE, stripDot,
} from '../private/domain-rules';
import { checkFullServiceArn } from '../private/service-arn';
import { serviceHooks } from '../private/service-hooks';
import { checkDurationSeconds, fail } from '../private/validation';
import type { IService } from '../service/service-base';

/**
 * How a custom domain is added to a service (`service.addCustomDomain`).
 */
export interface CustomDomainOptions {
  /**
   * The domain name, e.g. `api.example.com`, `example.com` (apex) or `*.example.com`.
   */
  readonly domainName: string;

  /**
   * Also associate `www.` + the domain name. App Runner's API default is true; a wildcard
   * domain needs false.
   *
   * @default true
   */
  readonly enableWwwSubdomain?: boolean;

  /**
   * The Route 53 hosted zone of the domain. When given, the certificate validation records
   * and the target record (a CNAME for a subdomain, an alias A record, and AAAA for a
   * dual-stack service, for the zone's apex) are written into it.
   *
   * The handlers may then UPSERT and DELETE, in this zone, only records of the types and names
   * the service's custom domains in this zone write: each domain, `_*.` + the domain (validation
   * records) and `www.` + the domain with the www subdomain. The names are not limited when a
   * domain name is a token (it cannot be normalized at synth).
   *
   * @default - no DNS records are written: the validation records and the DNS target are
   * attributes and stack outputs, for DNS managed elsewhere
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * Wait, during the deployment, until App Runner reports the domain ACTIVE (certificate
   * validated). A domain ending CREATE_FAILED fails the deployment.
   *
   * @default - true when a hosted zone is given (the records are in place), false otherwise
   */
  readonly waitForActive?: boolean;

  /**
   * How long to wait for the validation records and for ACTIVE.
   *
   * @default - the operations provider's total timeout (30 minutes) less one minute
   */
  readonly timeout?: Duration;

  /**
   * Whether the service is dual-stack (IPv4 and IPv6): an apex domain then also gets an
   * AAAA alias record.
   *
   * @default - true when the service is a `Service` with `ipAddressType: DUAL_STACK`
   */
  readonly dualStack?: boolean;
}

/**
 * Properties of a CustomDomain.
 */
export interface CustomDomainProps extends CustomDomainOptions {
  /**
   * The service to associate the domain with.
   */
  readonly service: IService;
}

/**
 * A certificate validation record (a CNAME) App Runner asks for, as tokens.
 */
export interface CertificateValidationRecord {
  /** The record name. */
  readonly name: string;
  /** The record type (CNAME). */
  readonly type: string;
  /** The record value. */
  readonly value: string;
}

/** Domains per service, per app: keyed by the service's ARN when concrete (imports of one service count together), else its construct. */
const domainCounts = new WeakMap<IConstruct, Map<string, number>>();

/**
 * A custom domain of an App Runner service (not in CloudFormation: a custom resource on
 * AssociateCustomDomain / DescribeCustomDomains / DisassociateCustomDomain), with its DNS
 * records in Route 53 when a hosted zone is given.
 *
 * Changing the domain name or the service replaces the association (the old one is
 * disassociated and its records removed). On deletion, only the records this resource wrote
 * are deleted, with their exact values.
 */
@propertyInjectable
export class CustomDomain extends Construct {
  /** Identifies this class to property injectors (aws-cdk-lib `PropertyInjectors`). */
  public static readonly PROPERTY_INJECTION_ID: string = 'cdk-apprunner-kit.CustomDomain';

  /** The domain name. */
  public readonly domainName: string;

  /** The host name the domain's records point to (the service's `*.awsapprunner.com` host). */
  public readonly dnsTarget: string;

  /** The domain's status after the deployment (e.g. `active`, `pending_certificate_dns_validation`). */
  public readonly status: string;

  /**
   * The certificate validation records as a JSON array of `{ "name", "type", "value" }`, for
   * DNS providers other than Route 53.
   */
  public readonly validationRecordsJson: string;

  private readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: CustomDomainProps) {
    super(scope, id);
    const enableWww = props.enableWwwSubdomain ?? true;
    checkDomainName(props.domainName, enableWww, this);
    checkFullServiceArn(props.service.serviceArn, `Custom domain ${props.domainName}`, this);
    checkPublicHostedZone(props.hostedZone, props.domainName, this);
    const counts = appState(domainCounts, this, () => new Map<string, number>());
    const serviceKey = identityOf(props.service.serviceArn, props.service);
    const count = (counts.get(serviceKey) ?? 0) + 1;
    if (count > MAX_DOMAINS_PER_SERVICE) {
      fail('TooManyCustomDomains',
        `A service takes at most ${MAX_DOMAINS_PER_SERVICE} custom domains; ${props.domainName} would be number ${count} of ${props.service.node.path}`, this);
    }
    counts.set(serviceKey, count);
    claimCustomDomain(this, props.domainName, enableWww);

    const provider = OperationsProvider.of(this);
    if (props.timeout) {
      checkDurationSeconds('timeout', props.timeout, 30, provider.totalTimeout.toSeconds() - 60, { scope: this, code: 'InvalidDomainTimeout' });
    }
    const zone = props.hostedZone;
    const name = stripDot(props.domainName);
    const isApex = zone ? isZoneApex(name, zone, this) : false;
    const dualStack = props.dualStack ?? isDualStack(props.service);
    // a traffic cutover to ECS Express Mode (DomainCutover) makes the target and www records weighted
    let routing: { weight: number; by: IConstruct } | undefined;

    // the custom resource's properties as the contract declares them (src/operations/contract.ts),
    // the optional ones as they apply
    const properties: { -readonly [K in keyof CustomDomainProperties]: CustomDomainProperties[K] } = {
      ServiceArn: props.service.serviceArn,
      DomainName: name,
      EnableWwwSubdomain: String(enableWww),
      WaitForActive: String(props.waitForActive ?? zone !== undefined),
      RecordMode: zone ? (isApex ? 'ALIAS' : 'CNAME') : 'NONE',
      DualStack: String(dualStack),
      RoleArnPrefix: domainRoleArnPrefix(),
      // absent (so templates without a cutover stay as they were) unless a cutover asks
      RoutingWeight: Lazy.string({ produce: () => (routing ? String(routing.weight) : undefined) }),
    };
    if (zone) properties.HostedZoneId = zone.hostedZoneId;
    if (props.timeout) properties.TimeoutSeconds = String(props.timeout.toSeconds());
    if (isApex) properties.AliasHostedZoneId = appRunnerHostedZone(Stack.of(this), name, this);
    this.resource = provider._customResource(this, 'Resource', CUSTOM_DOMAIN_TYPE, properties);

    // The handler's permissions: it assumes the domain role of the service (see DomainRole:
    // one per service, named by the service's ID, so a replaced service gets a new one while
    // the old one stays until the cleanup phase), whose zone policies are limited to the record
    // names and types of the service's domains in each zone (see src/private/zone-policy.ts).
    // Pause/Resume/ListOperations: a PAUSED service is resumed for a domain change and paused again.
    const domainRole = provider._domainRole(props.service.serviceArn, identityOf(props.service.serviceArn, props.service), this.resource);
    if (zone) {
      domainRole.addZoneDomain(identityOf(zone.hostedZoneId, zone), zone.hostedZoneId, zone.hostedZoneArn,
        { name, www: enableWww, apex: isApex, dualStack }, this.resource);
    }
    serviceHooks(props.service)?.registerCustomDomain(this.resource);
    setCustomDomainHooks(this, {
      service: props.service,
      domainName: name,
      www: enableWww,
      hostedZone: zone,
      apex: isApex,
      dualStack,
      resource: this.resource,
      setRoutingWeight: (weight, by) => {
        if (routing && routing.by !== by) {
          fail('DomainCutoverTwice', `custom domain ${name} already has a traffic cutover (${routing.by.node.path}): one cutover per domain`, by);
        }
        routing = { weight, by };
      },
    });

    this.domainName = name;
    this.dnsTarget = this.resource.getAttString('DNSTarget');
    this.status = this.resource.getAttString('Status');
    this.validationRecordsJson = this.resource.getAttString('ValidationRecords');

    if (!zone) {
      new CfnOutput(this, 'DnsTargetOutput', {
        description: `CNAME target for ${name} (App Runner custom domain)`,
        value: this.dnsTarget,
      });
      new CfnOutput(this, 'ValidationRecordsOutput', {
        description: `Certificate validation records for ${name}: create these CNAME records at your DNS provider`,
        value: this.validationRecordsJson,
      });
    }
  }

  /**
   * One certificate validation record (index from 0). App Runner asks for two or three
   * (one more with the www subdomain); asking for one it did not return fails the deployment.
   */
  public validationRecord(index: number): CertificateValidationRecord {
    if (!Number.isInteger(index) || index < 0 || index > 9) {
      fail('InvalidValidationRecordIndex', `validationRecord index must be an integer between 0 and 9, got ${index}`, this);
    }
    return {
      name: this.resource.getAttString(`ValidationRecord${index}Name`),
      type: this.resource.getAttString(`ValidationRecord${index}Type`),
      value: this.resource.getAttString(`ValidationRecord${index}Value`),
    };
  }
}

/** Whether the service is dual-stack: known for a Service of this library, not for an import (then `dualStack` says). */
function isDualStack(service: IService): boolean {
  return serviceHooks(service)?.dualStack ?? false;
}

/** A stable identity of an ARN or id: the value when concrete, else its construct's address. */
function identityOf(value: string, construct: IConstruct): string {
  return Token.isUnresolved(value) ? construct.node.addr : value;
}
