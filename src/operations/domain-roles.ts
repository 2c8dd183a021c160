import { Aws, Fn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { DOMAIN_ROLE_NAME_START, DOMAIN_ROLE_PATH } from './domain-role-name';
import { shortHash } from '../private/hash';
import { serviceIdFromArn } from '../private/service-arn';
import { ZoneDomain, ZoneRecordGrant } from '../private/zone-policy';

/** What the custom-domain handlers may do on a service of one of their domains. */
const DOMAIN_SERVICE_ACTIONS = [
  'apprunner:AssociateCustomDomain', 'apprunner:DisassociateCustomDomain', 'apprunner:DescribeCustomDomains', 'apprunner:DescribeService',
  'apprunner:ListOperations', 'apprunner:PauseService', 'apprunner:ResumeService',
];

/**
 * The name prefix of the stack's domain roles, from its stack ID at deploy time (see
 * src/operations/domain-role-name.ts): `apprunner-kit-` + the first 8 characters of the stack
 * ID's UUID + `-`.
 */
export function domainRoleNamePrefix(): string {
  return Fn.join('', [DOMAIN_ROLE_NAME_START, stackIdPart(), '-']);
}

/** The first 8 characters of the stack ID's UUID, at deploy time (`arn:…:stack/NAME/UUID`). */
export function stackIdPart(): string {
  return Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))));
}

/**
 * The ARN of the domain role of a service of the stack, without the service's ID:
 * `arn:PARTITION:iam::ACCOUNT:role/cdk-apprunner-kit/apprunner-kit-XXXXXXXX-`. The custom-domain
 * handlers get it as `RoleArnPrefix` and add the ID of the service they act on.
 */
export function domainRoleArnPrefix(): string {
  return `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role${DOMAIN_ROLE_PATH}${domainRoleNamePrefix()}`;
}

/**
 * The role the custom-domain handlers assume to change the domains of one service: the
 * service's App Runner actions in its inline policy, and for each hosted zone of its domains
 * an `AWS::IAM::RolePolicy` limited to their record names and types.
 *
 * One role per service keeps every role far within IAM's 10,240 characters of inline policies
 * (a service has at most 5 custom domains), however many services a stack has: the handler
 * roles themselves only get `sts:AssumeRole` on the stack's domain roles (by name prefix).
 *
 * The role's name ends in the service's ID, so a replaced service gets a new role (created in
 * the update phase) while the old one, with the old service's permissions, stays until the
 * cleanup phase, after the custom domains that used it: moving a domain from the old to the
 * new service, and back in a rollback, is allowed at every moment. A handler that must act on
 * another service of the stack's domains (taking a domain from it, handing it back) assumes that
 * service's role, whose name it derives from the service's ID the same way.
 */
export class DomainRole extends Construct {
  /** The role. */
  public readonly role: iam.Role;

  private readonly zones = new Map<string, { readonly grant: ZoneRecordGrant; readonly policy: iam.CfnRolePolicy }>();

  constructor(scope: Construct, id: string, serviceArn: string, handlerRoles: iam.IRole[]) {
    super(scope, id);
    const serviceId = serviceIdFromArn(serviceArn)!;
    this.role = new iam.Role(this, 'Role', {
      roleName: Fn.join('', [domainRoleNamePrefix(), serviceId]),
      path: DOMAIN_ROLE_PATH,
      description: `cdk-apprunner-kit: what the custom-domain handlers of ${Stack.of(this).stackName} may do on one service and its hosted zones`,
      assumedBy: new iam.CompositePrincipal(...handlerRoles.map((r) => new iam.ArnPrincipal(r.roleArn))),
      inlinePolicies: {
        Service: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: DOMAIN_SERVICE_ACTIONS, resources: [serviceArn] })] }),
      },
    });
  }

  /**
   * Allow the role the Route 53 changes of `domain` in its hosted zone (`zoneKey`: the zone's
   * ID, or its construct's address when the ID is a token), and make `dependent` depend on that
   * policy. The policy of a zone holds every domain of this service in it; its name ends in
   * the zone's ID and a fingerprint of its conditions, so adding or removing a domain replaces
   * it, and the old one (allowing the removed domain's records) stays until the cleanup phase.
   */
  public addZoneDomain(zoneKey: string, zoneId: string, zoneArn: string, domain: ZoneDomain, dependent: IConstruct): void {
    let zone = this.zones.get(zoneKey);
    if (!zone) {
      const grant = new ZoneRecordGrant(zoneArn);
      const policy = new iam.CfnRolePolicy(this, `Zone${shortHash(zoneKey)}`, {
        roleName: this.role.roleName,
        policyName: Fn.join('-', ['AppRunnerKitZone', zoneId, grant.fingerprint]),
        policyDocument: new iam.PolicyDocument({ statements: grant.statements }),
      });
      zone = { grant, policy };
      this.zones.set(zoneKey, zone);
    }
    zone.grant.addDomain(domain);
    dependent.node.addDependency(zone.policy);
  }
}
