/**
 * Checks the `AWS::AppRunner::*` resources, and the `AWS::ECS::ExpressGatewayService`
 * resources (the ECS Express Mode twin of an App Runner service), of a synthesized
 * template against the CloudFormation registry schemas in test/fixtures/cfn-schemas
 * (copied verbatim from AWS's published registry; see SOURCE.md there).
 *
 * - registry-only keywords (handlers, tagging, createOnlyProperties, ...) are dropped;
 * - intrinsic functions (`Ref`, `Fn::*`) stand for any value: problems at or below them
 *   are ignored, `{ "Ref": "AWS::NoValue" }` removes the property;
 * - CloudFormation's own scalar conversions ("5" for an integer, "true" for a boolean,
 *   8080 for a string) are accepted;
 * - read-only properties set in a template, and App Runner types without a schema,
 *   are problems.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';

const SCHEMA_DIR = path.join(__dirname, '..', 'fixtures', 'cfn-schemas');

/** Types outside `AWS::AppRunner::*` that are checked too (each has a schema in SCHEMA_DIR). */
const OTHER_CHECKED_TYPES = new Set(['AWS::ECS::ExpressGatewayService']);

/** Whether the check looks at resources of this type. */
export function isSchemaCheckedType(type: unknown): type is string {
  return typeof type === 'string' && (type.startsWith('AWS::AppRunner::') || OTHER_CHECKED_TYPES.has(type));
}

/** Registry-only keywords that are not JSON Schema. */
const REGISTRY_KEYWORDS = new Set([
  'insertionOrder', 'arrayType', 'relationshipRef', 'format', 'tagging', 'handlers',
  'primaryIdentifier', 'additionalIdentifiers', 'createOnlyProperties', 'readOnlyProperties',
  'writeOnlyProperties', 'deprecatedProperties', 'conditionalCreateOnlyProperties',
  'nonPublicProperties', 'nonPublicDefinitions', 'propertyTransform', 'sourceUrl', 'typeName',
  'documentationUrl', 'replacementStrategy', 'taggable', 'resourceLink', 'deprecatedProperties',
]);

interface LoadedSchema {
  readonly validate: ValidateFunction;
  readonly readOnly: string[];
}

let cache: Map<string, LoadedSchema> | undefined;

function stripRegistryKeywords(node: unknown, isPropertiesMap = false): unknown {
  if (Array.isArray(node)) return node.map((n) => stripRegistryKeywords(n));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    // Inside `properties`/`definitions` the keys are names, not keywords.
    if (!isPropertiesMap && REGISTRY_KEYWORDS.has(key)) continue;
    out[key] = stripRegistryKeywords(value, !isPropertiesMap && (key === 'properties' || key === 'definitions' || key === 'patternProperties'));
  }
  return out;
}

function loadSchemas(): Map<string, LoadedSchema> {
  if (cache) return cache;
  const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: true });
  cache = new Map();
  for (const file of fs.readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json'))) {
    const raw = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8'));
    const stripped = stripRegistryKeywords(raw) as Record<string, unknown>;
    const schema = {
      type: 'object',
      properties: stripped.properties,
      definitions: stripped.definitions ?? {},
      required: stripped.required ?? [],
      // CloudFormation rejects unknown top-level properties whatever the schema says.
      additionalProperties: false,
    };
    const readOnly = ((raw.readOnlyProperties ?? []) as string[]).map((p) => p.replace(/^\/properties\//, ''));
    cache.set(raw.typeName, { validate: ajv.compile(schema), readOnly });
  }
  return cache;
}

function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/**
 * Replace intrinsics by `null` (a value no checked schema accepts, so the check
 * reaches them) and record their JSON pointers; drop AWS::NoValue.
 */
function maskIntrinsics(value: unknown, pointer: string, masked: string[]): unknown {
  if (isIntrinsic(value)) {
    masked.push(pointer);
    return null;
  }
  if (Array.isArray(value)) {
    return value
      .filter((v) => !(isIntrinsic(v) && v.Ref === 'AWS::NoValue'))
      .map((v, i) => maskIntrinsics(v, `${pointer}/${i}`, masked));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (isIntrinsic(v) && v.Ref === 'AWS::NoValue') continue;
      out[k] = maskIntrinsics(v, `${pointer}/${k}`, masked);
    }
    return out;
  }
  return value;
}

/** One problem found in a template. */
export interface SchemaProblem {
  readonly logicalId: string;
  readonly type: string;
  readonly path: string;
  readonly message: string;
}

/** Format a problem the way the shared validator prints it. */
export function formatProblem(p: SchemaProblem): string {
  return `${p.logicalId} (${p.type}) Properties${p.path.replace(/\//g, '.')}: ${p.message}`;
}

/**
 * Check every AWS::AppRunner::* and AWS::ECS::ExpressGatewayService resource of a
 * template; returns the problems (empty when valid).
 */
export function checkAppRunnerResources(template: any): SchemaProblem[] {
  const schemas = loadSchemas();
  const problems: SchemaProblem[] = [];
  for (const [logicalId, resource] of Object.entries<any>(template?.Resources ?? {})) {
    const type: string = resource?.Type;
    if (!isSchemaCheckedType(type)) continue;
    const loaded = schemas.get(type);
    if (!loaded) {
      problems.push({ logicalId, type, path: '', message: 'no registry schema for this type' });
      continue;
    }
    const properties = resource.Properties ?? {};
    if (isIntrinsic(properties)) continue;
    for (const readOnly of loaded.readOnly) {
      if (readOnly in properties) {
        problems.push({ logicalId, type, path: `/${readOnly}`, message: 'read-only property set in the template' });
      }
    }
    const masked: string[] = [];
    const data = maskIntrinsics(JSON.parse(JSON.stringify(properties)), '', masked);
    if (loaded.validate(data)) continue;
    for (const error of loaded.validate.errors ?? []) {
      const at = error.instancePath;
      if (masked.some((m) => at === m || at.startsWith(`${m}/`))) continue;
      // two intrinsics in one array (two subnet Refs) are masked alike: not duplicates
      if (error.keyword === 'uniqueItems' && masked.some((m) => m.startsWith(`${at}/`))) continue;
      const detail = error.keyword === 'additionalProperties'
        ? `unknown property ${JSON.stringify((error.params as any).additionalProperty)}`
        : `${error.message}${error.keyword === 'enum' ? ` ${JSON.stringify((error.params as any).allowedValues)}` : ''}`;
      problems.push({ logicalId, type, path: at, message: `${detail} (got ${JSON.stringify(valueAt(data, at))})` });
    }
  }
  return problems;
}

function valueAt(data: unknown, pointer: string): unknown {
  let node: any = data;
  for (const part of pointer.split('/').slice(1)) node = node?.[part];
  return node;
}

/** Throw when a template has registry-schema problems. */
export function assertAppRunnerSchemas(template: any, label = 'template'): void {
  const problems = checkAppRunnerResources(template);
  if (problems.length > 0) {
    throw new Error(`${label}: ${problems.length} registry-schema problem(s):\n${problems.map(formatProblem).join('\n')}`);
  }
}

/** How many checked resources (App Runner, ECS Express) the schema check has looked at in this process. */
export const schemaCheckStats = { templates: 0, resources: 0 };

/** Check and count (used by the global hook in setup.ts). */
export function checkAndCount(template: any, label: string): void {
  schemaCheckStats.templates += 1;
  schemaCheckStats.resources += Object.values<any>(template?.Resources ?? {})
    .filter((r) => isSchemaCheckedType(r?.Type)).length;
  assertAppRunnerSchemas(template, label);
}
