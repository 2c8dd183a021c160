/**
 * IAM for the lifecycle driver: which identity policies a role has *at this moment* (from
 * the live physical resources: AWS::IAM::Role inline Policies and ManagedPolicyArns,
 * AWS::IAM::Policy, AWS::IAM::ManagedPolicy, AWS::IAM::RolePolicy), and the evaluation of a
 * request against them as IAM does it: an explicit Deny wins, otherwise an Allow must match
 * the action (wildcards, case-insensitive), the resource (wildcards) and every condition.
 *
 * Supported condition operators: StringEquals, StringNotEquals, StringLike, StringNotLike,
 * ArnEquals, ArnLike, ArnNotEquals, ArnNotLike, each optionally with ForAllValues: or
 * ForAnyValue:. Supported keys: see CONDITION_KEYS. Anything else is a HarnessError.
 *
 * sts:AssumeRole of a role in the same account (all roles here are) needs both: the caller's
 * identity policies allow sts:AssumeRole on the role's ARN (`evaluate`), and the role's trust
 * policy (AssumeRolePolicyDocument) allows the caller (`trustDecision`). Stricter than IAM,
 * which lets a trust policy naming the caller's role ARN suffice on its own within an account:
 * the library must grant both, as CDK's grantAssumeRole does.
 */
import { HarnessError, Json } from './template';

export interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: Statement | Statement[];
}

/** A policy in effect for a role, and where it comes from. */
export interface AttachedPolicy {
  /** e.g. `AWS::IAM::Policy Test/MyPolicy (physical id)`. */
  readonly source: string;
  readonly document: PolicyDocument;
}

export interface AuthorizationRequest {
  readonly action: string;
  readonly resource: string;
  /** Condition keys (any case) → values. */
  readonly context: Record<string, string[]>;
}

export interface Decision {
  readonly allowed: boolean;
  readonly explicitDeny: boolean;
  /** The statement that decided (the Deny, or the first Allow that matched). */
  readonly statement?: Statement;
  readonly source?: string;
}

/** Known condition keys (lower case) → multi-valued. */
export const CONDITION_KEYS: Record<string, boolean> = {
  'route53:changeresourcerecordsetsnormalizedrecordnames': true,
  'route53:changeresourcerecordsetsrecordtypes': true,
  'route53:changeresourcerecordsetsactions': true,
  'aws:principalarn': false,
  'aws:requestedregion': false,
  'sts:rolesessionname': false,
};

const OPERATORS: Record<string, { like: boolean; negated: boolean; caseless: boolean }> = {
  stringequals: { like: false, negated: false, caseless: false },
  stringnotequals: { like: false, negated: true, caseless: false },
  stringlike: { like: true, negated: false, caseless: false },
  stringnotlike: { like: true, negated: true, caseless: false },
  arnequals: { like: true, negated: false, caseless: false },
  arnlike: { like: true, negated: false, caseless: false },
  arnnotequals: { like: true, negated: true, caseless: false },
  arnnotlike: { like: true, negated: true, caseless: false },
};

/** `*` and `?` wildcards (IAM's); the rest literal. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const source = pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's').test(value);
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function checkStatement(s: Statement): void {
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new HarnessError(`policy statement with Effect ${JSON.stringify(s.Effect)}`);
  if ((s.Action === undefined) === (s.NotAction === undefined)) throw new HarnessError('a statement needs exactly one of Action and NotAction');
  if ((s.Resource === undefined) === (s.NotResource === undefined)) throw new HarnessError('a statement needs exactly one of Resource and NotResource');
  if ('Principal' in s || 'NotPrincipal' in s) throw new HarnessError('an identity policy statement with a Principal');
  const known = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
  const unknown = Object.keys(s).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new HarnessError(`unknown statement keys ${unknown.join(', ')}`);
  for (const r of [...list(s.Resource), ...list(s.NotResource)]) {
    if (typeof r !== 'string') throw new HarnessError(`an unresolved resource in a policy: ${JSON.stringify(r)}`);
    if (r.includes('${')) throw new HarnessError(`policy variables are not supported (${r})`);
  }
}

function conditionHolds(condition: Statement['Condition'], context: Record<string, string[]>): boolean {
  const ctx: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(context)) ctx[k.toLowerCase()] = v;
  for (const [rawOperator, entries] of Object.entries(condition ?? {})) {
    const m = /^(ForAllValues:|ForAnyValue:)?(.+)$/i.exec(rawOperator)!;
    const set = m[1]?.toLowerCase().replace(':', '');
    const op = OPERATORS[m[2].toLowerCase()];
    if (!op) throw new HarnessError(`the condition operator ${rawOperator} is not supported`);
    for (const [rawKey, rawValues] of Object.entries(entries)) {
      const key = rawKey.toLowerCase();
      if (!(key in CONDITION_KEYS)) throw new HarnessError(`the condition key ${rawKey} is not supported`);
      if (CONDITION_KEYS[key] && !set) throw new HarnessError(`the multi-valued condition key ${rawKey} needs ForAllValues: or ForAnyValue: (${rawOperator})`);
      const patterns = list(rawValues).map(String);
      const one = (value: string): boolean => {
        const hit = patterns.some((p) => (op.like ? wildcardMatch(p, value, op.caseless) : p === value));
        return op.negated ? !hit : hit;
      };
      const values = ctx[key];
      let holds: boolean;
      if (set === 'forallvalues') holds = (values ?? []).every(one);
      else if (set === 'foranyvalue') holds = (values ?? []).some(one);
      else if (values === undefined || values.length === 0) holds = op.negated;
      else holds = one(values[0]);
      if (!holds) return false;
    }
  }
  return true;
}

function statementMatches(s: Statement, request: AuthorizationRequest): boolean {
  const actionHit = (patterns: string[]) => patterns.some((p) => wildcardMatch(p, request.action, true));
  const resourceHit = (patterns: string[]) => patterns.some((p) => wildcardMatch(p, request.resource));
  const action = s.Action !== undefined ? actionHit(list(s.Action)) : !actionHit(list(s.NotAction));
  if (!action) return false;
  const resource = s.Resource !== undefined ? resourceHit(list(s.Resource)) : !resourceHit(list(s.NotResource));
  if (!resource) return false;
  return conditionHolds(s.Condition, request.context);
}

/** Evaluate a request against identity policies (no resource policies, boundaries or SCPs). */
export function evaluate(policies: readonly AttachedPolicy[], request: AuthorizationRequest): Decision {
  let allow: Decision | undefined;
  for (const policy of policies) {
    if (!policy.document || typeof policy.document !== 'object') throw new HarnessError(`policy ${policy.source} has no document`);
    for (const s of list(policy.document.Statement as Json)) {
      const statement = s as unknown as Statement;
      checkStatement(statement);
      if (!statementMatches(statement, request)) continue;
      if (statement.Effect === 'Deny') return { allowed: false, explicitDeny: true, statement, source: policy.source };
      allow ??= { allowed: true, explicitDeny: false, statement, source: policy.source };
    }
  }
  return allow ?? { allowed: false, explicitDeny: false };
}

/** A live physical resource, as far as IAM cares. */
export interface IamResource {
  readonly type: string;
  readonly physicalId: string;
  readonly label: string;
  readonly properties: Json;
  readonly attributes: Record<string, Json>;
}

/** The policies in effect for the role named `roleName`, from the live resources. */
export function policiesOfRole(roleName: string, live: readonly IamResource[]): AttachedPolicy[] {
  const out: AttachedPolicy[] = [];
  const role = live.find((r) => r.type === 'AWS::IAM::Role' && r.physicalId === roleName);
  if (!role) return out;
  const managedArns = new Set<string>((role.properties.ManagedPolicyArns ?? []).map(String));
  for (const p of role.properties.Policies ?? []) {
    out.push({ source: `${role.label} inline policy ${p.PolicyName}`, document: p.PolicyDocument });
  }
  for (const r of live) {
    const roles: string[] = (r.properties.Roles ?? []).map(String);
    if (r.type === 'AWS::IAM::Policy' && roles.includes(roleName)) {
      out.push({ source: r.label, document: r.properties.PolicyDocument });
    } else if (r.type === 'AWS::IAM::RolePolicy' && r.properties.RoleName === roleName) {
      out.push({ source: r.label, document: r.properties.PolicyDocument });
    } else if (r.type === 'AWS::IAM::ManagedPolicy' && (roles.includes(roleName) || managedArns.has(r.attributes.PolicyArn))) {
      out.push({ source: r.label, document: r.properties.PolicyDocument });
    }
  }
  // AWS managed policies (arn:aws:iam::aws:policy/…, e.g. AWSLambdaBasicExecutionRole) grant
  // CloudWatch Logs and the like: nothing the handlers call here, so they are ignored.
  return out;
}

/** The message IAM puts in an AccessDenied error. */
export function deniedMessage(principalArn: string, decision: Decision, request: AuthorizationRequest): string {
  const why = decision.explicitDeny ? 'with an explicit deny in an identity-based policy' : `because no identity-based policy allows the ${request.action} action`;
  return `User: ${principalArn} is not authorized to perform: ${request.action} on resource: ${request.resource} ${why}`;
}

/** A trust policy statement (AssumeRolePolicyDocument). */
export interface TrustStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal: '*' | Record<string, string | string[]>;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

function checkTrustStatement(s: TrustStatement): void {
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new HarnessError(`trust policy statement with Effect ${JSON.stringify(s.Effect)}`);
  if ((s.Action === undefined) === (s.NotAction === undefined)) throw new HarnessError('a trust policy statement needs exactly one of Action and NotAction');
  if ('NotPrincipal' in s) throw new HarnessError('NotPrincipal in a trust policy is not supported');
  if ('Resource' in s || 'NotResource' in s) throw new HarnessError('a trust policy statement with a Resource (IAM refuses it: MalformedPolicyDocument)');
  if (s.Principal === undefined) throw new HarnessError('a trust policy statement without a Principal');
  const known = new Set(['Sid', 'Effect', 'Principal', 'Action', 'NotAction', 'Condition']);
  const unknown = Object.keys(s).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new HarnessError(`unknown trust policy statement keys ${unknown.join(', ')}`);
  if (s.Principal !== '*' && (typeof s.Principal !== 'object' || Array.isArray(s.Principal))) {
    throw new HarnessError(`an unsupported trust policy Principal ${JSON.stringify(s.Principal)}`);
  }
}

/**
 * Whether a statement's Principal names the caller, a role of `account` with the role ARN
 * `callerRoleArn`: `*`, AWS `*`, the role ARN itself (as trust policies name roles, not their
 * sessions), or the account (`arn:aws:iam::ACCOUNT:root` or `ACCOUNT`: it delegates to the
 * identity policies, which sts:AssumeRole always checks here). Service, Federated and
 * CanonicalUser principals never name a role.
 */
function principalNames(principal: TrustStatement['Principal'], callerRoleArn: string, account: string): boolean {
  if (principal === '*') return true;
  return list(principal.AWS).some((p) => {
    if (typeof p !== 'string') throw new HarnessError(`an unresolved principal in a trust policy: ${JSON.stringify(p)}`);
    return p === '*' || p === callerRoleArn || p === `arn:aws:iam::${account}:root` || p === account;
  });
}

/**
 * The trust policy's decision on sts:AssumeRole by the role `callerRoleArn` (of `account`),
 * with the request's condition keys: an explicit Deny naming the caller wins, otherwise an
 * Allow naming the caller must match the action and every condition.
 */
export function trustDecision(document: PolicyDocument | undefined, callerRoleArn: string, account: string, request: AuthorizationRequest): Decision {
  if (!document || typeof document !== 'object') return { allowed: false, explicitDeny: false };
  let allow: Decision | undefined;
  for (const raw of list(document.Statement as Json)) {
    const s = raw as unknown as TrustStatement;
    checkTrustStatement(s);
    const actionHit = (patterns: string[]) => patterns.some((p) => wildcardMatch(p, request.action, true));
    const action = s.Action !== undefined ? actionHit(list(s.Action)) : !actionHit(list(s.NotAction));
    if (!action || !principalNames(s.Principal, callerRoleArn, account) || !conditionHolds(s.Condition, request.context)) continue;
    const statement = s as unknown as Statement;
    if (s.Effect === 'Deny') return { allowed: false, explicitDeny: true, statement, source: 'trust policy' };
    allow ??= { allowed: true, explicitDeny: false, statement, source: 'trust policy' };
  }
  return allow ?? { allowed: false, explicitDeny: false };
}

/** The message STS puts in an AccessDenied error of AssumeRole (whatever denied it). */
export function assumeRoleDeniedMessage(principalArn: string, roleArn: string): string {
  return `User: ${principalArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`;
}
