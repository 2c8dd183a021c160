/**
 * CloudFormation template resolution for the lifecycle driver: parameters (with defaults and
 * SSM parameter types), conditions, intrinsic functions, dynamic references and the
 * dependency graph. Anything this file does not know is a harness error, never a silent pass.
 */

/** A problem of the harness or of the way it is used (an unsupported template feature, …). */
export class HarnessError extends Error {
  constructor(message: string) {
    super(`harness: ${message}`);
    this.name = 'HarnessError';
  }
}

/** CloudFormation refuses the deployment before it starts (the stack stays as it was). */
export class ValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValidationError';
  }
}

/** A resource operation fails with this reason (the stack rolls back). */
export class ResourceFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResourceFailure';
  }
}

export type Json = any;

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, Json>;
  readonly DependsOn?: string | string[];
  readonly Condition?: string;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Metadata?: Json;
}

export interface Template {
  readonly Parameters?: Record<string, { Type: string; Default?: Json; AllowedValues?: string[] }>;
  readonly Conditions?: Record<string, Json>;
  readonly Mappings?: Record<string, Record<string, Record<string, Json>>>;
  readonly Resources: Record<string, TemplateResource>;
  readonly Outputs?: Record<string, { Value: Json; Condition?: string; Export?: { Name: Json } }>;
  readonly [key: string]: Json;
}

/** Marks a value that AWS::NoValue removed. */
export const NO_VALUE = Symbol('AWS::NoValue');

/** What resolution needs from the stack being deployed. */
export interface Scope {
  /** Pseudo parameters without the AWS:: prefix: AccountId, Region, Partition, StackId, StackName, URLSuffix. */
  readonly pseudo: Record<string, string>;
  readonly parameters: Record<string, string | string[]>;
  readonly conditions: Record<string, boolean>;
  readonly mappings: Template['Mappings'];
  isResource(logicalId: string): boolean;
  ref(logicalId: string): Json;
  getAtt(logicalId: string, attribute: string): Json;
  importValue(name: string): string;
  ssm(name: string): string | undefined;
}

const TEMPLATE_KEYS = new Set(['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings',
  'Conditions', 'Resources', 'Outputs']);

/** Refuse template features the driver does not model (Transform, unknown sections). */
export function checkTemplate(template: Template): void {
  for (const key of Object.keys(template)) {
    if (key === 'Transform') throw new HarnessError('templates with a Transform are not supported');
    if (!TEMPLATE_KEYS.has(key)) throw new ValidationError(`Invalid template property or properties [${key}]`);
  }
  if (!template.Resources || Object.keys(template.Resources).length === 0) {
    throw new ValidationError('Template format error: At least one Resources member must be defined.');
  }
}

/**
 * Parameter values as CloudFormation sees them: given values, else defaults; SSM parameter
 * types (AWS::SSM::Parameter::Value<…>) resolve the value, a parameter name, from `ssm`;
 * list types are split on commas.
 */
export function resolveParameters(template: Template, given: Record<string, string>,
  ssm: (name: string) => string | undefined): { values: Record<string, string | string[]>; names: Record<string, string> } {
  const declared = template.Parameters ?? {};
  const unknown = Object.keys(given).filter((k) => !(k in declared));
  if (unknown.length > 0) throw new ValidationError(`Parameters: [${unknown.join(', ')}] do not exist in the template`);
  const values: Record<string, string | string[]> = {};
  const names: Record<string, string> = {};
  const missing: string[] = [];
  for (const [name, decl] of Object.entries(declared)) {
    const raw = given[name] ?? (decl.Default === undefined ? undefined : String(decl.Default));
    if (raw === undefined) {
      missing.push(name);
      continue;
    }
    names[name] = raw;
    if (decl.AllowedValues && !decl.AllowedValues.map(String).includes(raw)) {
      throw new ValidationError(`Parameter '${name}' must be one of AllowedValues`);
    }
    let value = raw;
    const ssmType = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(decl.Type);
    if (ssmType) {
      const found = ssm(raw);
      if (found === undefined) throw new ValidationError(`Unable to fetch parameters [${raw}] from parameter store for this account.`);
      value = found;
    }
    const type = ssmType ? ssmType[1] : decl.Type;
    values[name] = /^List<|^CommaDelimitedList$/.test(type) ? (value === '' ? [] : value.split(',').map((v) => v.trim())) : value;
  }
  if (missing.length > 0) throw new ValidationError(`Parameters: [${missing.join(', ')}] must have values`);
  return { values, names };
}

/** Evaluate the Conditions section. */
export function evaluateConditions(template: Template, scope: Omit<Scope, 'conditions'>): Record<string, boolean> {
  const defs = template.Conditions ?? {};
  const out: Record<string, boolean> = {};
  const visiting = new Set<string>();
  const condition = (name: string): boolean => {
    if (name in out) return out[name];
    if (!(name in defs)) throw new ValidationError(`Template error: unresolved condition dependency ${name}`);
    if (visiting.has(name)) throw new ValidationError(`Template error: circular condition dependency ${name}`);
    visiting.add(name);
    out[name] = evalCondition(defs[name]);
    return out[name];
  };
  const conditionScope: Scope = {
    ...scope,
    conditions: new Proxy({}, { get: (_t, name) => condition(String(name)), has: (_t, name) => String(name) in defs }),
    isResource: () => false,
  };
  const evalCondition = (node: Json): boolean => {
    if (!node || typeof node !== 'object' || Array.isArray(node) || Object.keys(node).length !== 1) {
      throw new ValidationError(`Template error: invalid condition ${JSON.stringify(node)}`);
    }
    const [fn, arg] = Object.entries(node)[0] as [string, Json];
    switch (fn) {
      case 'Condition': return condition(String(arg));
      case 'Fn::Equals': {
        const [a, b] = (arg as Json[]).map((x) => resolveValue(x, conditionScope));
        return JSON.stringify(stringy(a)) === JSON.stringify(stringy(b));
      }
      case 'Fn::Not': return !evalCondition(arg[0]);
      case 'Fn::And': return (arg as Json[]).every(evalCondition);
      case 'Fn::Or': return (arg as Json[]).some(evalCondition);
      default: throw new HarnessError(`unsupported function ${fn} in a condition`);
    }
  };
  for (const name of Object.keys(defs)) condition(name);
  return out;
}

/** CloudFormation compares condition operands as strings. */
function stringy(v: Json): Json {
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
}

/** Resolve every intrinsic function of a value (AWS::NoValue removes the property or element). */
export function resolveValue(node: Json, scope: Scope): Json {
  if (Array.isArray(node)) return node.map((n) => resolveValue(n, scope)).filter((n) => n !== NO_VALUE);
  if (typeof node === 'string') return resolveDynamicReferences(node, scope);
  if (!node || typeof node !== 'object') return node;
  const keys = Object.keys(node);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return intrinsic(keys[0], node[keys[0]], scope);
  if (keys.length === 1 && keys[0] === 'Condition' && typeof node.Condition === 'string') {
    // only meaningful in Conditions (Fn::And/Or/Not operands); in resources it is a property
    return node;
  }
  const out: Record<string, Json> = {};
  for (const key of keys) {
    const value = resolveValue(node[key], scope);
    if (value !== NO_VALUE) out[key] = value;
  }
  return out;
}

function intrinsic(fn: string, arg: Json, scope: Scope): Json {
  const r = (x: Json) => resolveValue(x, scope);
  switch (fn) {
    case 'Ref': return ref(String(arg), scope);
    case 'Fn::GetAtt': {
      const [id, attribute] = Array.isArray(arg) ? [String(arg[0]), r(arg[1])] : splitOnce(String(arg));
      if (!scope.isResource(id)) throw new ValidationError(`Template error: instance of Fn::GetAtt references undefined resource ${id}`);
      return scope.getAtt(id, String(attribute));
    }
    case 'Fn::Join': {
      const [delimiter, list] = arg as [string, Json];
      const values = r(list);
      if (!Array.isArray(values)) throw new ValidationError('Template error: Fn::Join requires a list');
      return values.map((v: Json) => scalar(v, 'Fn::Join')).join(r(delimiter));
    }
    case 'Fn::Select': {
      const index = Number(r(arg[0]));
      const list = r(arg[1]);
      if (!Array.isArray(list) || !Number.isInteger(index) || index < 0 || index >= list.length) {
        throw new ValidationError(`Template error: Fn::Select cannot select nonexistent value at index ${index}`);
      }
      return list[index];
    }
    case 'Fn::Split': return String(scalar(r(arg[1]), 'Fn::Split')).split(r(arg[0]));
    case 'Fn::Sub': return sub(arg, scope);
    case 'Fn::If': {
      const [name, yes, no] = arg as [string, Json, Json];
      if (!(name in scope.conditions)) throw new ValidationError(`Template error: unresolved condition dependency ${name} in Fn::If`);
      return r(scope.conditions[name] ? yes : no);
    }
    case 'Fn::ImportValue': return scope.importValue(String(scalar(r(arg), 'Fn::ImportValue')));
    case 'Fn::FindInMap': {
      if ((arg as Json[]).length !== 3) throw new HarnessError('Fn::FindInMap with a default value (language extensions) is not supported');
      const [map, top, second] = (arg as Json[]).map((x) => String(r(x)));
      const value = scope.mappings?.[map]?.[top]?.[second];
      if (value === undefined) throw new ValidationError(`Template error: Unable to get mapping for ${map}::${top}::${second}`);
      return value;
    }
    case 'Fn::Base64': return Buffer.from(String(scalar(r(arg), 'Fn::Base64')), 'utf8').toString('base64');
    case 'Fn::GetAZs': {
      const region = String(r(arg) || scope.pseudo.Region);
      return ['a', 'b', 'c', 'd', 'e', 'f'].map((z) => `${region}${z}`);
    }
    default:
      throw new HarnessError(`the intrinsic function ${fn} is not supported (${JSON.stringify({ [fn]: arg }).slice(0, 200)})`);
  }
}

function ref(name: string, scope: Scope): Json {
  if (name.startsWith('AWS::')) {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name === 'AWS::NotificationARNs') return [];
    const value = scope.pseudo[name.slice('AWS::'.length)];
    if (value === undefined) throw new HarnessError(`the pseudo parameter ${name} is not supported`);
    return value;
  }
  if (name in scope.parameters) return scope.parameters[name];
  if (scope.isResource(name)) return scope.ref(name);
  throw new ValidationError(`Template format error: Unresolved resource dependencies [${name}] in the Resources block of the template`);
}

function scalar(v: Json, where: string): string | number | boolean {
  if (v === null || typeof v === 'object') throw new ValidationError(`Template error: ${where} needs strings, got ${JSON.stringify(v)}`);
  return v;
}

function splitOnce(s: string): [string, string] {
  const i = s.indexOf('.');
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

function sub(arg: Json, scope: Scope): string {
  const [text, vars] = Array.isArray(arg) ? [arg[0] as string, resolveValue(arg[1] ?? {}, scope) as Record<string, Json>] : [arg as string, {}];
  if (typeof text !== 'string') throw new ValidationError('Template error: Fn::Sub needs a string');
  return resolveDynamicReferences(text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    const key = name.trim();
    if (key in vars) return String(scalar(vars[key], 'Fn::Sub'));
    if (key.startsWith('AWS::') || key in scope.parameters || scope.isResource(key)) {
      const value = ref(key, scope);
      if (Array.isArray(value)) throw new ValidationError(`Template error: variable ${key} in Fn::Sub is a list`);
      return String(value);
    }
    const [id, attribute] = splitOnce(key);
    if (attribute && scope.isResource(id)) return String(scalar(scope.getAtt(id, attribute), 'Fn::Sub'));
    throw new ValidationError(`Template error: variable ${whole} in Fn::Sub does not resolve`);
  }), scope);
}

/** `{{resolve:ssm:NAME}}` and `{{resolve:ssm:NAME:VERSION}}`; secure references stay literal. */
function resolveDynamicReferences(text: string, scope: Scope): string {
  if (!text.includes('{{resolve:')) return text;
  return text.replace(/\{\{resolve:([a-z-]+):([^}]*)\}\}/g, (whole, service: string, rest: string) => {
    if (service === 'ssm-secure' || service === 'secretsmanager') return whole;
    if (service !== 'ssm') throw new HarnessError(`dynamic reference ${whole} is not supported`);
    const m = /^(.+?)(?::(\d+))?$/.exec(rest)!;
    const value = scope.ssm(m[1]);
    if (value === undefined) throw new ResourceFailure(`SSM parameter ${m[1]} referenced by ${whole} does not exist`);
    return value;
  });
}

/** The resources a template node refers to (Ref, Fn::GetAtt, names in Fn::Sub strings). */
export function referencedResources(node: Json, isResource: (id: string) => boolean, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    node.forEach((n) => referencedResources(n, isResource, into));
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'Ref' && typeof value === 'string') {
        if (isResource(value)) into.add(value);
      } else if (key === 'Fn::GetAtt') {
        const id = Array.isArray(value) ? String(value[0]) : String(value).split('.')[0];
        if (isResource(id)) into.add(id);
        if (Array.isArray(value)) referencedResources(value[1], isResource, into);
      } else if (key === 'Fn::Sub') {
        const text = Array.isArray(value) ? value[0] : value;
        const vars = Array.isArray(value) ? value[1] ?? {} : {};
        for (const m of String(text).matchAll(/\$\{([^}!][^}]*)\}/g)) {
          const id = m[1].trim().split('.')[0];
          if (!(m[1].trim() in vars) && isResource(id)) into.add(id);
        }
        referencedResources(vars, isResource, into);
      } else {
        referencedResources(value, isResource, into);
      }
    }
  }
  return into;
}

/** The dependency graph of the template's (condition-selected) resources: id → the ids it depends on. */
export function dependencyGraph(template: Template, included: Set<string>): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const isResource = (id: string) => included.has(id);
  for (const id of included) {
    const def = template.Resources[id];
    const deps = referencedResources(def.Properties ?? {}, isResource);
    for (const d of [def.DependsOn ?? []].flat()) {
      if (!(d in template.Resources)) throw new ValidationError(`Template format error: Unresolved resource dependencies [${d}] in the Resources block of the template`);
      if (included.has(d)) deps.add(d);
    }
    deps.delete(id);
    graph.set(id, deps);
  }
  const cycle = findCycle(graph);
  if (cycle) throw new ValidationError(`Circular dependency between resources: [${cycle.join(', ')}]`);
  return graph;
}

function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return stack.slice(stack.indexOf(id));
    state.set(id, 'visiting');
    stack.push(id);
    for (const d of graph.get(id) ?? []) {
      const found = visit(d);
      if (found) return found;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of graph.keys()) {
    const found = visit(id);
    if (found) return found;
  }
  return undefined;
}

/** The resources whose Condition holds. */
export function includedResources(template: Template, conditions: Record<string, boolean>): Set<string> {
  const out = new Set<string>();
  for (const [id, def] of Object.entries(template.Resources)) {
    if (def.Condition !== undefined && !(def.Condition in conditions)) {
      throw new ValidationError(`Template format error: Unresolved condition ${def.Condition} of resource ${id}`);
    }
    if (def.Condition === undefined || conditions[def.Condition]) out.add(id);
  }
  return out;
}

/** Properties as CloudFormation hands them to a custom resource: every scalar is a string. */
export function stringifyLeaves(value: Json): Json {
  if (Array.isArray(value)) return value.map(stringifyLeaves);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringifyLeaves(v)]));
  if (value === null || value === undefined) return value;
  return String(value);
}

/** JSON with sorted object keys, to compare resolved properties. */
export function canonical(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The value at a JSON pointer below Properties (`/properties/A/B`). */
export function atPointer(properties: Json, pointer: string): Json {
  return pointer.replace(/^\/properties\//, '').split('/').reduce((v, k) => (v && typeof v === 'object' ? v[k] : undefined), properties);
}

/** A small seeded PRNG (mulberry32), for the order among independent resources. */
export function prng(seed: number): () => number {
  /* eslint-disable no-bitwise */
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /* eslint-enable no-bitwise */
}
