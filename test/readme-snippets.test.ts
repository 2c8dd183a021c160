/**
 * README snippets: every ```ts block of README.md type-checks on its own.
 *
 * Each block is compiled as its own module (a virtual file, never written to disk and never
 * executed), with `import ... from 'cdk-apprunner-kit'` mapped to src/index.ts, so a block
 * must carry its imports and define (or `declare`) everything it uses. All blocks share one
 * ts.Program (served by a CompilerHost that knows the virtual files), so aws-cdk-lib and src/
 * are checked once. Only diagnostics located in a block fail its test; they are printed with
 * their README.md line. Other fences (```python, ```sh, ```text, …) are ignored.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
const README = path.join(ROOT, 'README.md');
/** Directory of the virtual snippet files: inside the repo, so node_modules resolve. */
const SNIPPET_DIR = path.join(ROOT, 'test', '.readme-snippets');

interface Snippet {
  /** README heading above the block and the line of its opening fence. */
  readonly name: string;
  /** 1-based README line of the opening fence. */
  readonly fenceLine: number;
  readonly fileName: string;
  readonly code: string;
}

function extractTsBlocks(markdown: string): Snippet[] {
  const snippets: Snippet[] = [];
  let heading = '(no heading)';
  let open: { info: string; fenceLine: number; body: string[] } | undefined;
  markdown.split(/\r?\n/).forEach((line, i) => {
    if (open) {
      if (/^```\s*$/.test(line)) {
        if (open.info === 'ts') {
          snippets.push({
            name: `${heading} (README.md line ${open.fenceLine})`,
            fenceLine: open.fenceLine,
            fileName: path.join(SNIPPET_DIR, `readme-line-${open.fenceLine}.ts`),
            code: open.body.join('\n') + '\n',
          });
        }
        open = undefined;
      } else {
        open.body.push(line);
      }
    } else if (line.startsWith('```')) {
      open = { info: line.slice(3).trim().split(/\s+/)[0], fenceLine: i + 1, body: [] };
    } else if (/^#{1,6}\s/.test(line)) {
      heading = line.replace(/^#+\s*/, '').trim();
    }
  });
  if (open) throw new Error(`README.md: unclosed code fence at line ${open.fenceLine}`);
  return snippets;
}

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2020,
  lib: ['lib.es2022.d.ts'],
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
  types: ['node'],
  baseUrl: ROOT,
  paths: { 'cdk-apprunner-kit': ['src/index.ts'] },
};

/** One Program for all blocks; returns each block's diagnostics as README-located text. */
function checkSnippets(snippets: readonly Snippet[]): Map<string, string[]> {
  const virtual = new Map(snippets.map((s) => [s.fileName, s] as const));
  const host = ts.createCompilerHost(OPTIONS, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const snippet = virtual.get(path.resolve(fileName));
    return snippet
      ? ts.createSourceFile(fileName, snippet.code, languageVersion, true)
      : getSourceFile.call(host, fileName, languageVersion, ...rest);
  };
  host.fileExists = (fileName) => virtual.has(path.resolve(fileName)) || fileExists.call(host, fileName);
  host.readFile = (fileName) => virtual.get(path.resolve(fileName))?.code ?? readFile.call(host, fileName);

  const program = ts.createProgram([...virtual.keys()], OPTIONS, host);
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  const result = new Map<string, string[]>();
  for (const snippet of snippets) {
    const sourceFile = program.getSourceFile(snippet.fileName)!;
    const diagnostics = [...global, ...ts.getPreEmitDiagnostics(program, sourceFile)];
    result.set(snippet.fileName, diagnostics.map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (!d.file || d.start === undefined) return `TS${d.code}: ${text}`;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      const where = d.file === sourceFile
        ? `README.md:${snippet.fenceLine + line + 1}:${character + 1}`
        : `${path.relative(ROOT, d.file.fileName)}:${line + 1}:${character + 1}`;
      return `${where} TS${d.code}: ${text}`;
    }));
  }
  return result;
}

const snippets = extractTsBlocks(fs.readFileSync(README, 'utf-8'));
let diagnostics: Map<string, string[]>;

beforeAll(() => {
  diagnostics = checkSnippets(snippets);
}, 120_000);

test('README.md has ts blocks', () => {
  expect(snippets.length).toBeGreaterThan(0);
});

test.each(snippets.map((s) => [s.name, s] as const))('%s type-checks', (_name, snippet) => {
  expect(diagnostics.get(snippet.fileName)).toEqual([]);
});
