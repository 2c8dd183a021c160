/**
 * README Python snippets: every name of `cdk_apprunner_kit` a ```python block uses exists in
 * the Python package jsii generates — classes, enums and structs, their static and instance
 * members, and the keyword arguments of constructors, methods and structs (required ones
 * included).
 *
 * Running Python CDK is not possible offline (no Python aws-cdk-lib here), and on a clean
 * clone the jsii assembly (`.jsii`) does not exist before `npx projen compile`: so the names
 * are derived from the TypeScript API of src/index.ts with the TypeScript compiler, the way
 * jsii-pacmak names them (members and keyword arguments in snake_case, `static readonly`
 * constants in UPPER_CASE, a struct as the last parameter lifted into keyword arguments).
 * When a `.jsii` as new as src/ exists (`npx projen build` compiles before it tests), the
 * derived names are checked against it too.
 *
 * What the blocks use of other modules (aws_cdk, …) is not checked.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MODULE, buildApi, checkBlock, checkTokens, pythonBlocks, pythonName, toSnakeCase, tokenize } from './support/python-api';

const ROOT = path.resolve(__dirname, '..');

const api = buildApi();
const blocks = pythonBlocks(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8'));

test('README.md has python blocks that use the library', () => {
  expect(blocks.length).toBeGreaterThan(0);
  for (const block of blocks) expect(block.code).toMatch(new RegExp(`\\b${MODULE}\\b`));
});

test.each(blocks.map((b) => [`README.md line ${b.fenceLine}`, b] as const))('%s: every cdk_apprunner_kit name exists in Python', (_name, block) => {
  const tokens = tokenize(block.code);
  const { problems, checked } = checkTokens(tokens, block.fenceLine, api);
  expect(problems).toEqual([]);
  expect(checked.length).toBeGreaterThan(0);
  // every name the check found in the library is one it would refuse misspelt
  for (const index of checked) {
    const mutated = tokens.map((t, j) => (j === index ? { ...t, text: `${t.text}X` } : t));
    expect({ name: tokens[index].text, refusedMisspelt: checkTokens(mutated, block.fenceLine, api).problems.length > 0 })
      .toEqual({ name: tokens[index].text, refusedMisspelt: true });
  }
});

test('the names of the Service example are all checked', () => {
  const block = blocks.find((b) => b.code.includes('apprunner.Service('))!;
  const tokens = tokenize(block.code);
  expect(checkTokens(tokens, block.fenceLine, api).checked.map((j) => tokens[j].text).sort()).toEqual([
    'Service', 'Source', 'from_ecr_public', 'image_identifier', 'ImageConfiguration', 'port', 'image_configuration', 'source',
    'Cpu', 'HALF_VCPU', 'cpu', 'Memory', 'ONE_GB', 'memory', 'HealthCheck', 'http', 'path', 'interval', 'health_check', 'fail_on_rollback',
    'add_custom_domain', 'domain_name', 'hosted_zone',
  ].sort());
});

describe('the checker itself', () => {
  const check = (code: string) => checkBlock(code, 0, api).problems.map((p) => p.replace(/^README\.md:\d+: /, ''));

  test('snake_case as jsii writes it', () => {
    expect(['fromEcrPublic', 'serviceUrl', 'metric5xxStatusResponses', 'HALF_VCPU', 'addCustomDomain', 'isPubliclyAccessible', 'vpcConnectorArn', 'sizeInMiB', 'fromARN']
      .map((n) => toSnakeCase(n))).toEqual(['from_ecr_public', 'service_url', 'metric5xx_status_responses', 'half_vcpu', 'add_custom_domain',
      'is_publicly_accessible', 'vpc_connector_arn', 'size_in_mib', 'from_arn']);
  });

  test('finds wrong classes, members, keyword arguments and missing required ones', () => {
    expect(check([
      'import cdk_apprunner_kit as ar',
      'from cdk_apprunner_kit import Service, Cpu as C',
      'svc = ar.Service(stack, "S", source=ar.Source.from_ecr_public(image_identifier="x"), cpu=C.HALF_VCPU)',
      'svc.add_custom_domain(domain_name="a.example.com")',
      'svc.addCustomDomain(domain_name="a.example.com")',
      'ar.Source.from_ecr_public(imageIdentifier="x")',
      'ar.Services(stack, "S")',
      'Service(stack, "S", source=None, paused=True, fail_on_rollback=True, bogus=1)',
      'ar.Cpu.HALF_VCPUS',
      'ar.ImageConfiguration(port=8000, portt=1)',
      'ar.Service(stack)',
    ].join('\n'))).toEqual([
      expect.stringMatching(/^Service instance has no member addCustomDomain \(it has .*add_custom_domain/),
      expect.stringMatching(/^Source\.from_ecr_public has no keyword argument imageIdentifier/),
      'Source.from_ecr_public needs the keyword argument image_identifier',
      'cdk_apprunner_kit.Services does not exist',
      expect.stringMatching(/^Service has no keyword argument bogus/),
      expect.stringMatching(/^Cpu has no member HALF_VCPUS/),
      expect.stringMatching(/^ImageConfiguration has no keyword argument portt/),
      'Service needs scope, id',
      'Service needs the keyword argument source',
    ]);
  });
});

// When a compiled assembly as new as src/ exists, the derived names are jsii's.
const assemblyFile = path.join(ROOT, '.jsii');
const newestSource = (dir: string): number => Math.max(...fs.readdirSync(dir, { withFileTypes: true }).map((e) =>
  (e.isDirectory() ? newestSource(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs)));
const freshAssembly = fs.existsSync(assemblyFile) && fs.statSync(assemblyFile).mtimeMs >= newestSource(path.join(ROOT, 'src'));

(freshAssembly || process.env.REQUIRE_JSII === 'true' ? test : test.skip)('the derived Python names are those of the jsii assembly (.jsii, when compiled after the last change to src/)', () => {
  expect(freshAssembly).toBe(true);
  const assembly = JSON.parse(fs.readFileSync(assemblyFile, 'utf-8'));
  const local = Object.values<any>(assembly.types).filter((t) => t.assembly === assembly.name && !t.namespace);
  expect(local.map((t) => t.name).sort()).toEqual([...api.keys()].sort());
  const missing: string[] = [];
  for (const t of local) {
    const derived = api.get(t.name)!;
    const expectMember = (name: string, isStatic: boolean) => {
      if (!(isStatic ? derived.statics : derived.instance).has(name)) missing.push(`${t.name}.${name}`);
    };
    // protected members are `_name` in Python, not for users of the classes
    for (const p of (t.properties ?? []).filter((x: any) => !x.protected)) expectMember(pythonName(p.name, !!p.const), !!p.static);
    for (const m of (t.methods ?? []).filter((x: any) => !x.protected)) expectMember(pythonName(m.name), !!m.static);
    for (const e of t.members ?? []) expectMember(e.name, true);
  }
  expect(missing).toEqual([]);
});
