import { AppRunnerClient } from '@aws-sdk/client-apprunner';
import { Route53Client } from '@aws-sdk/client-route-53';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { errorName } from './apprunner';
import { serviceIdOf } from './arn';

/** The clients the custom-domain handler changes a service's domains with. */
export interface DomainClients {
  readonly appRunner: AppRunnerClient;
  readonly route53: Route53Client;
}

/** Temporary credentials, as the SDK clients take them. */
export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration?: Date;
}

/** Where the handler's credentials come from (tests inject fakes). */
export interface RoleSource {
  /** The clients of the handler's own role. */
  readonly own: DomainClients;
  readonly sts: STSClient;
  /** Clients that sign with the given credentials. */
  clientsWith(credentials: TemporaryCredentials): DomainClients;
}

/** The waits between tries to assume a service's own domain role (a new role takes seconds to be assumable): 26 s in all. */
const OWN_ROLE_RETRY_MS = [1000, 2000, 3000, 5000, 7000, 8000];

/** The session name of every assumed domain role (it shows in CloudTrail). */
export const DOMAIN_ROLE_SESSION = 'apprunner-kit-custom-domain';

/**
 * The clients of the stack's domain role of a service: `RoleArnPrefix` + the service's ID (see
 * src/operations/domain-roles.ts). The role of the custom resource's own service exists (the
 * resource depends on it): it is assumed, retried for a while when IAM does not let it be assumed
 * yet (a role just created), and a failure then fails the operation. Another service's role (a
 * holder the domain is taken from, the service it is handed back to) may not exist: a domain of
 * that service declared by an earlier version, which had no domain roles; the handler's own role
 * (which held those permissions then) acts instead.
 *
 * A custom domain of an earlier version's template (no `RoleArnPrefix`) acts on its own service
 * with the handler's own role (whose inline policies that template has), and on another service
 * (a domain handed over to a custom domain of the new version) with that service's role, named
 * from the stack's ID as the constructs name it (`fallbackPrefix`).
 *
 * A role is assumed once per handler invocation (an instance of this class), never reused across
 * invocations: a role deleted and created again under the same name (a rollback, then the same
 * update again) is another role, and the old session's credentials are refused.
 */
export class DomainRoles {
  /** The clients of the roles assumed in this invocation. */
  private readonly sessions = new Map<string, Promise<DomainClients>>();

  constructor(
    private readonly source: RoleSource,
    private readonly prefix: string | undefined,
    private readonly ownServiceArn: string,
    private readonly fallbackPrefix?: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** The clients for the domains of `serviceArn`. */
  public of(serviceArn: string): Promise<DomainClients> {
    const roleArn = this.roleArnOf(serviceArn);
    if (roleArn === undefined) return Promise.resolve(this.source.own);
    let session = this.sessions.get(roleArn);
    if (!session) {
      session = this.assume(roleArn, serviceArn === this.ownServiceArn, serviceArn);
      this.sessions.set(roleArn, session);
      // a failed attempt is not kept: a later call tries again
      session.catch(() => this.sessions.delete(roleArn));
    }
    return session;
  }

  private async assume(roleArn: string, own: boolean, serviceArn: string): Promise<DomainClients> {
    const waits = own ? OWN_ROLE_RETRY_MS : [];
    for (let attempt = 0; ; attempt++) {
      try {
        const request = { RoleArn: roleArn, RoleSessionName: DOMAIN_ROLE_SESSION, DurationSeconds: 900 };
        const out = await this.source.sts.send(new AssumeRoleCommand(request));
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error(`STS AssumeRole of ${roleArn} returned no credentials`);
        return this.source.clientsWith({
          accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration,
        });
      } catch (e) {
        if (!isAccessDenied(e)) throw e;
        if (!own) return this.source.own;
        if (attempt >= waits.length) {
          throw new Error(`Cannot assume the custom-domain role ${roleArn} of ${serviceArn} (${(e as Error).message}): `
            + 'the role is created with the custom domain; was it deleted, or its trust policy changed?');
        }
        await this.sleep(waits[attempt]);
      }
    }
  }

  /**
   * The domain role of a service, or undefined without a service ID, or without a prefix (an
   * earlier version's template: for its own service; another service's is tried with `fallbackPrefix`).
   */
  private roleArnOf(serviceArn: string): string | undefined {
    const prefix = this.prefix ?? (serviceArn === this.ownServiceArn ? undefined : this.fallbackPrefix);
    const id = serviceIdOf(serviceArn);
    return prefix && id ? `${prefix}${id}` : undefined;
  }
}

/** STS's AccessDenied (a role not assumable: not there yet, or not at all). */
function isAccessDenied(e: unknown): boolean {
  return ['AccessDenied', 'AccessDeniedException'].includes(errorName(e));
}
