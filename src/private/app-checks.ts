import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { appState } from './app-state';
import { fail } from './validation';

/**
 * App-wide synth-time checks: what App Runner (or this library's custom resources) allows
 * once per account and region, claimed by the constructs of an app. Each construct calls one
 * `claim…` function; the bookkeeping is here alone.
 *
 * Where the claims are compared (`deploymentScope`):
 * - a stack with a concrete account and region: with every stack of the app in the same
 *   account and region (other stages and nested stacks included);
 * - an environment-agnostic stack (account or region a token): within that stack only (with
 *   its nested stacks). It deploys to one account and region, so two claims in it always
 *   collide; whether it meets another stack's claims is only known at deploy time, so it is
 *   not compared with other stacks.
 *
 * Claims whose value is a token are not checked. Resources made outside the app (another
 * app, the console) are not seen.
 */

/** What a claim is for, with how the error describes it. */
interface ClaimKind {
  /** The error code. */
  readonly code: string;
  /** The message for a second claim of `value` by `scope`, already held by `holder`, in `where`. */
  readonly message: (value: string, scope: IConstruct, holder: IConstruct, where: string) => string;
}

/** The claims of an app: deployment scope + kind + value → the construct holding it. */
const claimsByApp = new WeakMap<IConstruct, Map<string, IConstruct>>();

/**
 * The account and region a construct deploys to, as a key and a description; for an
 * environment-agnostic stack, the (top-level) stack itself.
 */
function deploymentScope(scope: IConstruct): { key: string; where: string } {
  let stack = Stack.of(scope);
  if (!Token.isUnresolved(stack.account) && !Token.isUnresolved(stack.region)) {
    return { key: `env:${stack.account}:${stack.region}`, where: `account ${stack.account}, region ${stack.region}` };
  }
  while (stack.nestedStackParent) stack = stack.nestedStackParent;
  return { key: `stack:${stack.node.addr}`, where: `the environment-agnostic stack ${stack.node.path}` };
}

/**
 * Record that `scope` claims each of `values`; a ValidationError, recording none of them,
 * when another construct holds one.
 */
function claim(kind: ClaimKind, values: string[], scope: IConstruct): void {
  const { key, where } = deploymentScope(scope);
  const claims = appState(claimsByApp, scope, () => new Map<string, IConstruct>());
  const ids = values.map((value) => `${key}\0${kind.code}\0${value}`);
  ids.forEach((id, i) => {
    const holder = claims.get(id);
    if (holder !== undefined && holder !== scope) fail(kind.code, kind.message(values[i], scope, holder, where), scope);
  });
  for (const id of ids) claims.set(id, scope);
}

const SERVICE_NAME: ClaimKind = {
  code: 'DuplicateServiceName',
  message: (name, scope, holder, where) =>
    `serviceName ${name} of ${scope.node.path} is already the serviceName of ${holder.node.path} in ${where}: App Runner service names are unique `
    + 'per account and region, so the second service would fail to deploy. Give one of them another serviceName (or none: CloudFormation then generates one).',
};

/**
 * An App Runner service name, once per account and region (only `Service` constructs claim:
 * services imported by name are the same service, not a second one).
 */
export function claimServiceName(service: IConstruct, serviceName: string | undefined): void {
  if (serviceName === undefined || Token.isUnresolved(serviceName)) return;
  claim(SERVICE_NAME, [serviceName], service);
}

const CUSTOM_DOMAIN: ClaimKind = {
  code: 'DuplicateCustomDomain',
  message: (name, scope, holder, where) =>
    `Custom domain ${name} of ${scope.node.path} is already a custom domain of ${holder.node.path} in ${where} (compared case-insensitively, `
    + 'without a trailing dot; a www subdomain counts as a domain of its own): App Runner associates a domain with one service only, and two '
    + 'custom domains of it would take it (and its DNS records) from each other at every deployment. Keep one CustomDomain per domain name '
    + '(move it to another service by changing its service).',
};

/**
 * A custom domain, once per account and region whatever the service: the name, compared
 * case-insensitively and without a trailing dot, and `www.` + the name when the www subdomain
 * is associated too. The custom-domain handler relies on this: two resources of one stack
 * declaring the same domain would hand it over to each other (see "another live instance" in
 * src/operations/runtime/custom-domain.ts).
 */
export function claimCustomDomain(domain: IConstruct, domainName: string, enableWwwSubdomain: boolean): void {
  if (Token.isUnresolved(domainName)) return;
  const name = (domainName.endsWith('.') ? domainName.slice(0, -1) : domainName).toLowerCase();
  claim(CUSTOM_DOMAIN, enableWwwSubdomain ? [name, `www.${name}`] : [name], domain);
}

const DEFAULT_AUTO_SCALING: ClaimKind = {
  code: 'DuplicateDefaultAutoScaling',
  message: (_value, scope, holder, where) =>
    `isDefault: true on ${scope.node.path}, but ${holder.node.path} is already made the default auto scaling configuration of ${where}: `
    + 'an account has one default per region, and two would replace each other at every deployment (and restore each other\'s predecessor '
    + 'when removed). Set isDefault on one configuration only.',
};

/** The account's default auto scaling configuration (`isDefault: true`), once per account and region. */
export function claimDefaultAutoScaling(configuration: IConstruct, isDefault: boolean | undefined): void {
  if (isDefault !== true) return;
  claim(DEFAULT_AUTO_SCALING, ['default'], configuration);
}
