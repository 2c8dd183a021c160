/**
 * The awsQuery wire of the loopback ELB v2 (elbv2-fake.ts holds its load balancers, listeners,
 * rules and target groups and answers the operations): the API's shapes of rule conditions and
 * actions; a form-encoded request read into a tree (parseQuery) and its parameters checked
 * (lists, strings, and parameters the fake does not model refused); the conditions and actions
 * of a ModifyRule validated as ELB validates them; the XML of answers (2015-12-01 namespace) and
 * of errors; and a request as IAM sees it (elbRequest).
 *
 * Sourced (ELB API reference and user guide, and public reports of ELB's answers):
 * - Conditions: Values only for host-header and path-pattern (documented for one value, more
 *   taking the *Config: the fake takes several, as ELB was reported to, and stores them in the
 *   *Config); each *Config only for its field; at most one host-header, path-pattern,
 *   http-request-method and source-ip condition a rule; a condition's values cannot be empty.
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RuleCondition.html
 * - Host names: at most 128 characters of a-z A-Z 0-9 - _ . and the wildcards * ?, at least one
 *   ".", only letters after the last "."; case-insensitive.
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/add-rule.html
 * - Both Values and HostHeaderConfig in one condition: ValidationError "You cannot provide both
 *   Values and 'HostHeaderConfig' for a condition of type 'host-header'"
 *   (https://github.com/aws-controllers-k8s/community/issues/2759). The path-pattern form of the
 *   message ('PathPatternConfig' … 'path-pattern') is INFERRED from it.
 * - 5 condition values a rule (quota "Condition values per rule", not adjustable:
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html),
 *   counted over all the rule's conditions. ValidationError "A rule can only have '5' condition
 *   values" (https://github.com/aws-cloudformation/cfn-lint/issues/3833,
 *   https://github.com/aws/aws-cdk/issues/10065); since regex matching exists, ELB words it
 *   "A rule can only have '5' condition values and regex values" (public deployment logs of
 *   2025-2026, no issue thread to cite), which the fake answers. INFERRED: what one value is per
 *   field (an http-header's name does not count, a query-string key/value pair is one value,
 *   regex values count).
 * - Forward actions: TargetGroupArn for one target group, ForwardConfig for one or more; both
 *   only when ForwardConfig holds that one target group; weights 0-999.
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_Action.html,
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetGroupTuple.html
 * - Error codes (HTTP 400): RuleNotFound, ListenerNotFound, LoadBalancerNotFound,
 *   TargetGroupNotFound, ValidationError; the message "One or more listeners not found" is in
 *   public ingress-controller logs (kubernetes-sigs/aws-load-balancer-controller); "One or more
 *   rules / load balancers / target groups not found" are INFERRED from it.
 * INFERRED, not confirmed by documentation:
 * - DescribeRules echoes a host-header / path-pattern condition's values in Values beside the
 *   *Config (so a described condition sent back as it is gets the "both" error above); forward
 *   actions come back with ForwardConfig (stickiness disabled), and with TargetGroupArn too when
 *   they forward to one target group.
 * - Values are kept as sent (case and order); duplicates are not refused.
 * - The messages of the other ValidationErrors (marked below), and that invalid conditions are
 *   refused before the value count is checked.
 * Not modelled: the 5 wildcards a rule, Transforms, actions other than forward / fixed-response /
 * redirect (refused, as are unknown parameters: the fake never accepts what it does not
 * understand).
 */
import type { ServiceRequest } from './server';

export const ELB_NS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';
const CONDITION_VALUES_PER_RULE = 5;
const LIMIT_MESSAGE = `A rule can only have '${CONDITION_VALUES_PER_RULE}' condition values and regex values`;

export class Elbv2Error extends Error {
  constructor(public readonly code: string, message: string, public readonly status = 400) {
    super(message);
  }
}

export interface ValuesConfig {
  Values?: string[];
  RegexValues?: string[];
}

/** A rule condition as the API shapes it (RuleCondition). */
export interface RuleCondition {
  Field?: string;
  Values?: string[];
  RegexValues?: string[];
  HostHeaderConfig?: ValuesConfig;
  PathPatternConfig?: ValuesConfig;
  HttpHeaderConfig?: ValuesConfig & { HttpHeaderName?: string };
  QueryStringConfig?: { Values?: Array<{ Key?: string; Value?: string }> };
  HttpRequestMethodConfig?: { Values?: string[] };
  SourceIpConfig?: { Values?: string[] };
}

export interface TargetGroupTuple {
  TargetGroupArn: string;
  Weight?: number;
}

/** A rule action as the API shapes it (Action): forward, fixed-response or redirect. */
export interface RuleAction {
  Type: string;
  Order?: number;
  TargetGroupArn?: string;
  ForwardConfig?: { TargetGroups?: TargetGroupTuple[]; TargetGroupStickinessConfig?: { Enabled?: boolean; DurationSeconds?: number } };
  FixedResponseConfig?: { StatusCode?: string; ContentType?: string; MessageBody?: string };
  RedirectConfig?: { StatusCode?: string; Protocol?: string; Port?: string; Host?: string; Path?: string; Query?: string };
}

const FIELDS: Record<string, keyof RuleCondition> = {
  'host-header': 'HostHeaderConfig',
  'path-pattern': 'PathPatternConfig',
  'http-header': 'HttpHeaderConfig',
  'query-string': 'QueryStringConfig',
  'http-request-method': 'HttpRequestMethodConfig',
  'source-ip': 'SourceIpConfig',
};
/** Fields a rule has at most one condition of. */
const SINGLE_FIELDS = ['host-header', 'path-pattern', 'http-request-method', 'source-ip'];
const HOST_NAME = /^[A-Za-z0-9\-_.*?]{1,128}$/;
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export const notFound = (code: string, what: string) => new Elbv2Error(code, `One or more ${what} not found`);
export const invalid = (message: string) => new Elbv2Error('ValidationError', message);

/** An ELB awsQuery error body. */
export function elbErrorXml(code: string, message: string, requestId = 'r'): string {
  return `<ErrorResponse xmlns="${ELB_NS}"><Error><Type>Sender</Type><Code>${escape(code)}</Code><Message>${escape(message)}</Message></Error>`
    + `<RequestId>${requestId}</RequestId></ErrorResponse>`;
}

/** An ELB awsQuery answer: the result as XML in <ActionResult>, with the request id. */
export function elbResultXml(action: string, result: Record<string, unknown>, requestId: string): string {
  return `<${action}Response xmlns="${ELB_NS}"><${action}Result>${xmlOf(result)}</${action}Result>`
    + `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

/**
 * An ELB call as IAM sees it: `elasticloadbalancing:<Action>` on the rule (listener, load
 * balancer, target group) it names; the Describe* calls do not support resource-level
 * permissions, their resource is `*`.
 */
export function elbRequest(form: URLSearchParams): ServiceRequest {
  const action = form.get('Action') ?? 'UnknownOperation';
  const resource = action.startsWith('Describe') ? '*'
    : form.get('RuleArn') ?? form.get('ListenerArn') ?? form.get('LoadBalancerArn') ?? form.get('TargetGroupArn') ?? '*';
  return { service: 'elasticloadbalancing', action: `elasticloadbalancing:${action}`, resource, context: {} };
}

/**
 * An awsQuery form as a tree: `A.member.2.B=x` → { A: [, { B: 'x' }] }; list members in order,
 * gaps closed. A list sent empty (`A=`) is ''.
 */
export function parseQuery(form: URLSearchParams): Record<string, any> {
  const root: Record<string, any> = {};
  for (const [key, value] of form) {
    if (key === 'Action' || key === 'Version') continue;
    const parts = key.split('.');
    const path: Array<string | number> = [];
    for (let i = 0; i < parts.length; i++) {
      if (parts[i] === 'member' && /^\d+$/.test(parts[i + 1] ?? '')) path.push(Number(parts[++i]) - 1);
      else path.push(parts[i]);
    }
    let node: any = root;
    for (let i = 0; i < path.length - 1; i++) {
      node[path[i]] ??= typeof path[i + 1] === 'number' ? [] : {};
      node = node[path[i]];
    }
    node[path[path.length - 1]] = value;
  }
  const compact = (v: any): any => {
    if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(compact);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, compact(x)]));
    return v;
  };
  return compact(root);
}

/** awsQuery XML of a value: lists as <member>s, objects as elements, undefined left out. */
function xmlOf(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => `<member>${xmlOf(v)}</member>`).join('');
  if (value && typeof value === 'object') {
    return Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `<${k}>${xmlOf(v)}</${k}>`).join('');
  }
  return escape(String(value));
}

/** A list parameter: absent → undefined, sent empty → [], else the members. */
export function listOf<T>(value: unknown, name: string): T[] | undefined {
  if (value === undefined) return undefined;
  if (value === '') return [];
  if (!Array.isArray(value)) throw invalid(`loopback: ${name} is not a list`);
  return value as T[];
}

export function strings(value: unknown, name: string): string[] | undefined {
  const list = listOf<unknown>(value, name);
  if (list?.some((v) => typeof v !== 'string')) throw invalid(`loopback: ${name} is not a list of strings`);
  return list as string[] | undefined;
}

/** Refuse parameters the fake does not understand (never accept them silently). */
export function known(input: Record<string, any>, keys: string[], where: string): void {
  const unknown = Object.keys(input).filter((k) => !keys.includes(k));
  if (unknown.length > 0) throw invalid(`loopback: the ELB fake does not model ${unknown.join(', ')} in ${where}`);
}

/** Validate a rule's new conditions (none for the default rule); returns them as stored (*Config form). */
export function checkConditions(rule: { readonly priority: number | 'default' }, given: Array<Record<string, any>>): RuleCondition[] {
  if (rule.priority === 'default' && given.length > 0) throw invalid('Conditions cannot be specified for the default rule'); // INFERRED
  if (rule.priority !== 'default' && given.length === 0) throw invalid('A rule must have at least one condition'); // INFERRED
  const stored = given.map((c) => {
    known(c, ['Field', 'Values', 'RegexValues', ...Object.values(FIELDS)], 'a rule condition');
    const field = String(c.Field ?? '');
    const configKey = FIELDS[field];
    if (!configKey) throw invalid(`Condition field '${field}' must be one of [${Object.keys(FIELDS).join(', ')}]`); // INFERRED
    const others = Object.values(FIELDS).filter((k) => k !== configKey && c[k] !== undefined);
    if (others.length > 0) throw invalid(`You cannot provide '${others[0]}' for a condition of type '${field}'`); // INFERRED
    const values = strings(c.Values, 'Values');
    const config = c[configKey] === undefined || c[configKey] === '' ? undefined : c[configKey];
    if (values !== undefined && config !== undefined) {
      throw invalid(`You cannot provide both Values and '${configKey}' for a condition of type '${field}'`);
    }
    if (values !== undefined && field !== 'host-header' && field !== 'path-pattern') {
      throw invalid(`You cannot provide Values for a condition of type '${field}', use '${configKey}'`); // INFERRED
    }
    const condition: RuleCondition = { Field: field };
    const regex = strings(c.RegexValues, 'RegexValues');
    if (regex !== undefined) condition.RegexValues = regex;
    if (field === 'query-string') {
      known(config ?? {}, ['Values'], 'QueryStringConfig');
      condition.QueryStringConfig = { Values: listOf<{ Key?: string; Value?: string }>(config?.Values, 'QueryStringConfig.Values') ?? [] };
    } else {
      known(config ?? {}, field === 'http-header' ? ['HttpHeaderName', 'Values', 'RegexValues']
        : field === 'host-header' || field === 'path-pattern' ? ['Values', 'RegexValues'] : ['Values'], configKey);
      const kept: ValuesConfig & { HttpHeaderName?: string } = {};
      if (field === 'http-header') kept.HttpHeaderName = config?.HttpHeaderName;
      const configValues = values ?? strings(config?.Values, `${configKey}.Values`);
      if (configValues !== undefined) kept.Values = configValues;
      const configRegex = strings(config?.RegexValues, `${configKey}.RegexValues`);
      if (configRegex !== undefined) kept.RegexValues = configRegex;
      (condition as any)[configKey] = kept;
    }
    if (countValues(condition) === 0) throw invalid(`A condition of type '${field}' must have at least one value`); // INFERRED
    if (field === 'host-header') {
      const bad = (condition.HostHeaderConfig?.Values ?? []).find((h) => !HOST_NAME.test(h) || !/\.[A-Za-z]+$/.test(h));
      if (bad !== undefined) throw invalid(`The host header '${bad}' is not valid`); // INFERRED (the rule itself is sourced)
    }
    return condition;
  });
  const repeated = SINGLE_FIELDS.find((f) => stored.filter((c) => c.Field === f).length > 1);
  if (repeated) throw invalid(`A rule can only have one '${repeated}' condition`); // INFERRED
  if (stored.reduce((sum, c) => sum + countValues(c), 0) > CONDITION_VALUES_PER_RULE) throw invalid(LIMIT_MESSAGE);
  return stored;
}

/** Validate new actions (forward, fixed-response, redirect; forwards to `targetGroups` only); returns them as stored. */
export function checkActions(given: Array<Record<string, any>>, targetGroups: { has(arn: string): boolean }): RuleAction[] {
  if (given.length === 0) throw invalid('A rule must have at least one action'); // INFERRED
  return given.map((a, i) => {
    known(a, ['Type', 'Order', 'TargetGroupArn', 'ForwardConfig', 'FixedResponseConfig', 'RedirectConfig'], 'a rule action');
    const order = a.Order === undefined ? i + 1 : Number(a.Order);
    if (a.Type === 'fixed-response') return { Type: a.Type, Order: order, FixedResponseConfig: a.FixedResponseConfig ?? {} };
    if (a.Type === 'redirect') return { Type: a.Type, Order: order, RedirectConfig: a.RedirectConfig ?? {} };
    if (a.Type !== 'forward') throw invalid(`loopback: the ELB fake does not model actions of type '${a.Type}'`);
    known(a.ForwardConfig || {}, ['TargetGroups', 'TargetGroupStickinessConfig'], 'ForwardConfig');
    const tuples = (listOf<Record<string, any>>(a.ForwardConfig?.TargetGroups, 'TargetGroups') ?? [])
      .map((t) => ({ TargetGroupArn: String(t.TargetGroupArn), Weight: t.Weight === undefined ? 1 : Number(t.Weight) }));
    if (a.TargetGroupArn !== undefined && tuples.length > 0 && !(tuples.length === 1 && tuples[0].TargetGroupArn === a.TargetGroupArn)) {
      throw invalid('You cannot specify both a target group ARN and a forward config with different target groups'); // INFERRED
    }
    if (a.TargetGroupArn === undefined && tuples.length === 0) throw invalid('A forward action must specify a target group ARN or a forward config'); // INFERRED
    if (tuples.some((t) => !Number.isInteger(t.Weight) || t.Weight < 0 || t.Weight > 999)) throw invalid('Target group weights must be between 0 and 999'); // INFERRED
    const arns = a.TargetGroupArn !== undefined && tuples.length === 0 ? [String(a.TargetGroupArn)] : tuples.map((t) => t.TargetGroupArn);
    if (arns.some((arn) => !targetGroups.has(arn))) throw notFound('TargetGroupNotFound', 'target groups');
    const action = forwardTo(arns, tuples.length > 0 ? tuples.map((t) => t.Weight) : [1], order);
    const stickiness = a.ForwardConfig?.TargetGroupStickinessConfig;
    if (stickiness) {
      action.ForwardConfig!.TargetGroupStickinessConfig = {
        Enabled: stickiness.Enabled === 'true',
        ...(stickiness.DurationSeconds !== undefined ? { DurationSeconds: Number(stickiness.DurationSeconds) } : {}),
      };
    }
    return action;
  });
}

/** A forward action to these target groups with these weights. */
export function forwardTo(targetGroupArns: string[], weights: number[], order = 1): RuleAction {
  return {
    Type: 'forward',
    Order: order,
    ...(targetGroupArns.length === 1 ? { TargetGroupArn: targetGroupArns[0] } : {}),
    ForwardConfig: {
      TargetGroups: targetGroupArns.map((arn, i) => ({ TargetGroupArn: arn, Weight: weights[i] })),
      TargetGroupStickinessConfig: { Enabled: false },
    },
  };
}

/** The values a condition counts towards the 5 of a rule. */
function countValues(c: RuleCondition): number {
  const config = FIELDS[c.Field ?? ''] ? (c as any)[FIELDS[c.Field!]] : undefined;
  return (config?.Values?.length ?? 0) + (config?.RegexValues?.length ?? 0) + (c.RegexValues?.length ?? 0);
}

/** A rule as DescribeRules / ModifyRule answer it (host-header and path-pattern values echoed in Values). */
export function ruleXml(rule: { arn: string; priority: number | 'default'; conditions: RuleCondition[]; actions: RuleAction[] }): Record<string, unknown> {
  return {
    RuleArn: rule.arn,
    Priority: String(rule.priority),
    Conditions: rule.conditions.map((c) => {
      const echoed = c.Field === 'host-header' ? c.HostHeaderConfig?.Values : c.Field === 'path-pattern' ? c.PathPatternConfig?.Values : undefined;
      return { Field: c.Field, ...(echoed?.length ? { Values: echoed } : {}), ...c };
    }),
    Actions: rule.actions,
    IsDefault: rule.priority === 'default',
  };
}
