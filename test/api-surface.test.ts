/**
 * The public API is a promise in five languages: this test holds the list of every public
 * type and member of the jsii assembly (`.jsii`) to test/api-surface.txt, the reviewed API.
 * A member that appears (plumbing the library's constructs share should be `@internal`, see
 * CONTRIBUTING), disappears or changes kind fails here until the list is updated on purpose:
 * `UPDATE_API_SURFACE=true npx jest test/api-surface.test.ts` after `npx projen compile`.
 *
 * The assembly exists after `npx projen compile` only: without a fresh one the test is skipped,
 * unless REQUIRE_JSII=true (CI runs it so after compiling).
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const ASSEMBLY = path.join(ROOT, '.jsii');
const SURFACE = path.join(__dirname, 'api-surface.txt');

const newest = (dir: string): number => Math.max(...fs.readdirSync(dir, { withFileTypes: true }).map((e) =>
  (e.isDirectory() ? newest(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs)));
const fresh = fs.existsSync(ASSEMBLY) && fs.statSync(ASSEMBLY).mtimeMs >= newest(path.join(ROOT, 'src'));
const required = process.env.REQUIRE_JSII === 'true';

/** One line per public type and member: `class Service`, `class Service static fromServiceArn`, `interface ServiceProps property cpu?`. */
export function surfaceOf(assembly: any): string[] {
  const lines: string[] = [];
  for (const t of Object.values<any>(assembly.types).filter((x) => x.assembly === assembly.name)) {
    const name = t.namespace ? `${t.namespace}.${t.name}` : t.name;
    lines.push(`${t.kind} ${name}`);
    const where = (m: any) => `${m.static ? 'static ' : ''}${m.protected ? 'protected ' : ''}`;
    for (const p of t.properties ?? []) lines.push(`${t.kind} ${name} ${where(p)}property ${p.name}${p.optional ? '?' : ''}${p.immutable ? ' readonly' : ''}`);
    for (const m of t.methods ?? []) lines.push(`${t.kind} ${name} ${where(m)}method ${m.name}(${(m.parameters ?? []).map((x: any) => x.name).join(', ')})`);
    for (const e of t.members ?? []) lines.push(`${t.kind} ${name} member ${e.name}`);
    if (t.initializer) lines.push(`${t.kind} ${name} constructor(${(t.initializer.parameters ?? []).map((x: any) => x.name).join(', ')})`);
  }
  return lines.sort();
}

(fresh || required ? describe : describe.skip)('the public API (jsii assembly)', () => {
  test('the assembly is as new as src/', () => {
    expect(fs.existsSync(ASSEMBLY)).toBe(true);
    expect(fresh).toBe(true);
  });

  test('every public type and member is in the reviewed list (test/api-surface.txt), and nothing else', () => {
    const surface = surfaceOf(JSON.parse(fs.readFileSync(ASSEMBLY, 'utf-8')));
    if (process.env.UPDATE_API_SURFACE === 'true') fs.writeFileSync(SURFACE, `${surface.join('\n')}\n`);
    const reviewed = fs.readFileSync(SURFACE, 'utf-8').split('\n').filter((l) => l.length > 0);
    const added = surface.filter((l) => !reviewed.includes(l));
    const removed = reviewed.filter((l) => !surface.includes(l));
    expect({ added, removed }).toEqual({ added: [], removed: [] });
  });

  test('no plumbing: the provider\'s grants and custom resources, registration hooks and handler contracts are not public', () => {
    const surface = surfaceOf(JSON.parse(fs.readFileSync(ASSEMBLY, 'utf-8')));
    const plumbing = surface.filter((l) => /method (grantHandlers\w*|customResource|register\w+)\(|Hooks?\b|Contract|Grant\b/.test(l));
    expect(plumbing).toEqual([]);
  });
});

test('the surface of a tiny assembly, line by line', () => {
  const assembly = {
    name: 'x',
    types: {
      'x.A': {
        assembly: 'x',
        kind: 'class',
        name: 'A',
        initializer: { parameters: [{ name: 'scope' }] },
        properties: [{ name: 'p', immutable: true }, { name: 'q', optional: true, static: true }],
        methods: [{ name: 'm', parameters: [{ name: 'a' }] }, { name: 'n', protected: true }],
      },
      'x.E': { assembly: 'x', kind: 'enum', name: 'E', members: [{ name: 'ONE' }] },
      'y.B': { assembly: 'y', kind: 'class', name: 'B' },
    },
  };
  expect(surfaceOf(assembly)).toEqual([
    'class A', 'class A constructor(scope)', 'class A method m(a)', 'class A property p readonly', 'class A protected method n()',
    'class A static property q?', 'enum E', 'enum E member ONE',
  ]);
});
