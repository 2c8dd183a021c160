/**
 * The Python names jsii generates for this library, derived from its TypeScript API (see
 * test/readme-python.test.ts), and a small reader of Python snippets that checks the names of
 * `cdk_apprunner_kit` they use.
 */
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
export const MODULE = 'cdk_apprunner_kit';

// ---------------------------------------------------------------------------------------------
// jsii's Python names (jsii-pacmak: codemaker's toSnakeCase, Python keywords get a trailing _)

const PYTHON_KEYWORDS = new Set(['False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def',
  'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or',
  'pass', 'raise', 'return', 'try', 'while', 'with', 'yield']);

/** codemaker's toSnakeCase (decamelize, with KiB/MiB/GiB kept as one word). */
export function toSnakeCase(name: string): string {
  const s = name.replace(/(^|[^A-Z])(KiB|MiB|GiB)($|[^a-z])/g, (_, before, abbr: string, after) => before + abbr[0] + abbr.slice(1).toLowerCase() + after);
  if (s.length < 2) return s.toLowerCase();
  return s.replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1_$2').replace(/(\p{Lu})(\p{Lu}\p{Ll}+)/gu, '$1_$2').toLowerCase();
}

export function pythonName(name: string, constant = false): string {
  const snake = toSnakeCase(name);
  const id = PYTHON_KEYWORDS.has(snake) ? `${snake}_` : snake;
  return constant ? id.toUpperCase() : id;
}

// ---------------------------------------------------------------------------------------------
// The Python API, derived from the TypeScript API

export interface Signature {
  /** Positional parameters (Python names), a lifted struct excluded. */
  readonly positional: string[];
  readonly requiredPositional: number;
  /** Keyword-only arguments of a lifted struct: name → required. */
  readonly lifted: Map<string, boolean>;
  /** The library type it returns, if any. */
  readonly returns?: string;
}

export interface Member {
  readonly kind: 'method' | 'property';
  readonly signature?: Signature;
  /** The library type of a property, if any. */
  readonly type?: string;
}

export interface PyType {
  readonly kind: 'class' | 'struct' | 'interface' | 'enum';
  readonly statics: Map<string, Member>;
  readonly instance: Map<string, Member>;
  /** A class's initializer; a struct's keyword arguments (as a signature with only lifted ones). */
  readonly init?: Signature;
}

/** Whether a TypeScript compiler flag set has one of the flags. */
function hasFlag(flags: number, flag: number): boolean {
  // eslint-disable-next-line no-bitwise
  return (flags & flag) !== 0;
}

export function buildApi(): Map<string, PyType> {
  const program = ts.createProgram([path.join(ROOT, 'src', 'index.ts')], {
    target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true, noEmit: true,
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(path.join(ROOT, 'src', 'index.ts'))!)!;
  const exported = new Map<ts.Symbol, string>();
  for (const s of checker.getExportsOfModule(moduleSymbol)) {
    const target = hasFlag(s.flags, ts.SymbolFlags.Alias) ? checker.getAliasedSymbol(s) : s;
    exported.set(target, s.name);
  }
  const libraryType = (type: ts.Type): string | undefined => {
    const symbol = type.getSymbol() ?? type.aliasSymbol;
    return symbol ? exported.get(symbol) : undefined;
  };
  const isStruct = (symbol: ts.Symbol) => hasFlag(symbol.flags, ts.SymbolFlags.Interface) && !/^I[A-Z]/.test(symbol.name);
  const visible = (symbol: ts.Symbol) => {
    if (symbol.name.startsWith('_') || symbol.name === 'prototype') return false;
    const flags = symbol.valueDeclaration ? ts.getCombinedModifierFlags(symbol.valueDeclaration) : 0;
    return !hasFlag(flags, ts.ModifierFlags.Private) && !hasFlag(flags, ts.ModifierFlags.Protected) && !symbol.name.startsWith('#');
  };
  const structFields = (type: ts.Type): Map<string, boolean> => new Map(checker.getPropertiesOfType(type).filter(visible)
    .map((p) => [pythonName(p.name), !hasFlag(p.flags, ts.SymbolFlags.Optional)]));
  const signature = (sig: ts.Signature): Signature => {
    const params = sig.getParameters();
    const last = params[params.length - 1];
    const lastType = last && checker.getTypeOfSymbol(last).getNonNullableType();
    const lift = !!lastType?.getSymbol() && isStruct(lastType.getSymbol()!);
    const positional = (lift ? params.slice(0, -1) : params);
    const required = positional.filter((p) => {
      const decl = p.valueDeclaration as ts.ParameterDeclaration | undefined;
      return !decl?.questionToken && !decl?.initializer && !decl?.dotDotDotToken;
    }).length;
    return {
      positional: positional.map((p) => pythonName(p.name)),
      requiredPositional: required,
      lifted: lift ? structFields(lastType) : new Map(),
      returns: libraryType(sig.getReturnType()),
    };
  };
  const member = (symbol: ts.Symbol, isStatic: boolean): [string, Member] => {
    const type = checker.getTypeOfSymbol(symbol);
    const decl = symbol.valueDeclaration;
    if (hasFlag(symbol.flags, ts.SymbolFlags.Method)) {
      return [pythonName(symbol.name), { kind: 'method', signature: signature(type.getCallSignatures()[0]) }];
    }
    const constant = isStatic && !!decl && ts.isPropertyDeclaration(decl) && !!decl.initializer
      && hasFlag(ts.getCombinedModifierFlags(decl), ts.ModifierFlags.Readonly);
    return [pythonName(symbol.name, constant), { kind: 'property', type: libraryType(type.getNonNullableType()) }];
  };

  const api = new Map<string, PyType>();
  for (const [symbol, name] of exported) {
    if (hasFlag(symbol.flags, ts.SymbolFlags.Class)) {
      const staticType = checker.getTypeOfSymbol(symbol);
      const instanceType = checker.getDeclaredTypeOfSymbol(symbol);
      const ctor = staticType.getConstructSignatures()[0];
      const isPublicCtor = !symbol.members?.get(ts.InternalSymbolName.Constructor)?.declarations
        ?.some((d) => [ts.ModifierFlags.Private, ts.ModifierFlags.Protected].some((f) => hasFlag(ts.getCombinedModifierFlags(d), f)));
      api.set(name, {
        kind: 'class',
        statics: new Map(checker.getPropertiesOfType(staticType).filter(visible).map((s) => member(s, true))),
        instance: new Map(checker.getPropertiesOfType(instanceType).filter(visible).map((s) => member(s, false))),
        init: ctor && isPublicCtor ? signature(ctor) : undefined,
      });
    } else if (hasFlag(symbol.flags, ts.SymbolFlags.Enum)) {
      api.set(name, { kind: 'enum', statics: new Map([...checker.getExportsOfModule(symbol)].map((m) => [m.name, { kind: 'property' as const, type: name }])), instance: new Map() });
    } else if (hasFlag(symbol.flags, ts.SymbolFlags.Interface)) {
      const type = checker.getDeclaredTypeOfSymbol(symbol);
      const struct = isStruct(symbol);
      api.set(name, {
        kind: struct ? 'struct' : 'interface',
        statics: new Map(),
        instance: new Map(checker.getPropertiesOfType(type).filter(visible).map((s) => member(s, false))),
        init: struct ? { positional: [], requiredPositional: 0, lifted: structFields(type) } : undefined,
      });
    }
  }
  return api;
}

// ---------------------------------------------------------------------------------------------
// A small Python reader: statements of names, attributes, calls, literals and operators

export interface Token { readonly kind: 'name' | 'string' | 'number' | 'op' | 'newline'; readonly text: string; readonly line: number }

export function tokenize(code: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let line = 1;
  const re = /([ \t]+|\\\r?\n)|(#[^\n]*)|(\r?\n)|([rRbBuUfF]{0,2}(?:"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'))|([A-Za-z_]\w*)|(\d[\d_.eExXa-fA-F]*)|(\*\*|\/\/|==|!=|<=|>=|->|:=|[-+*/%@&|^~<>()[\]{},.:;=])/y;
  let pos = 0;
  while (pos < code.length) {
    re.lastIndex = pos;
    const m = re.exec(code);
    if (!m) throw new Error(`cannot read Python at line ${line}: ${JSON.stringify(code.slice(pos, pos + 20))}`);
    pos = re.lastIndex;
    const [text, space, , newline, str, name, num, op] = m;
    if (space !== undefined) { line += (space.match(/\n/g) ?? []).length; continue; }
    if (newline !== undefined) {
      if (depth === 0 && tokens.length > 0 && tokens[tokens.length - 1].kind !== 'newline') tokens.push({ kind: 'newline', text: '', line });
      line += 1;
      continue;
    }
    if (str !== undefined) {
      tokens.push({ kind: 'string', text, line });
    } else if (name !== undefined) {
      tokens.push({ kind: 'name', text, line });
    } else if (num !== undefined) {
      tokens.push({ kind: 'number', text, line });
    } else if (op !== undefined) {
      if ('([{'.includes(op)) depth += 1;
      if (')]}'.includes(op)) depth -= 1;
      tokens.push({ kind: 'op', text: op, line });
    }
    line += (text.match(/\n/g) ?? []).length;
  }
  tokens.push({ kind: 'newline', text: '', line });
  return tokens;
}

/** What an expression stands for, as far as this check needs to know. */
type Value =
  | { readonly kind: 'module' }
  | { readonly kind: 'type'; readonly name: string }
  | { readonly kind: 'instance'; readonly name: string }
  | { readonly kind: 'callable'; readonly what: string; readonly signature: Signature }
  | { readonly kind: 'unknown' };

const UNKNOWN: Value = { kind: 'unknown' };

/**
 * Check one block; returns the problems, each with its README line, and the tokens (indices)
 * of the library names it checked.
 */
export function checkBlock(code: string, firstLine: number, api: Map<string, PyType>): { problems: string[]; checked: number[] } {
  return checkTokens(tokenize(code), firstLine, api);
}

export function checkTokens(tokens: Token[], firstLine: number, api: Map<string, PyType>): { problems: string[]; checked: number[] } {
  const problems: string[] = [];
  const checked: number[] = [];
  const scope = new Map<string, Value>();
  let i = 0;
  const peek = (offset = 0) => tokens[i + offset];
  const at = (t: Token) => `README.md:${firstLine + t.line}`;
  const expect = (text: string) => {
    if (peek().text !== text) throw new Error(`${at(peek())}: expected ${text}, got ${JSON.stringify(peek().text)}`);
    i += 1;
  };

  const attribute = (target: Value, name: string, token: Token): Value => {
    if (target.kind === 'module') {
      checked.push(tokens.indexOf(token));
      if (!api.has(name)) { problems.push(`${at(token)}: ${MODULE}.${name} does not exist`); return UNKNOWN; }
      return { kind: 'type', name };
    }
    if (target.kind === 'type' || target.kind === 'instance') {
      const type = api.get(target.name)!;
      const members = target.kind === 'type' ? type.statics : type.instance;
      const member = members.get(name);
      checked.push(tokens.indexOf(token));
      if (!member) {
        problems.push(`${at(token)}: ${target.name}${target.kind === 'type' ? '' : ' instance'} has no member ${name} `
          + `(it has ${[...members.keys()].filter((k) => !k.startsWith('_')).sort().join(', ')})`);
        return UNKNOWN;
      }
      if (member.kind === 'method') return { kind: 'callable', what: `${target.name}.${name}`, signature: member.signature! };
      return member.type ? { kind: 'instance', name: member.type } : UNKNOWN;
    }
    return UNKNOWN;
  };

  const call = (target: Value, args: { positional: number; keywords: Array<{ name: string; token: Token }> }, token: Token): Value => {
    let signature: Signature | undefined;
    let what = '';
    let result: Value = UNKNOWN;
    if (target.kind === 'type') {
      const type = api.get(target.name)!;
      what = target.name;
      signature = type.init;
      result = { kind: 'instance', name: target.name };
      if (!signature) { problems.push(`${at(token)}: ${target.name} cannot be instantiated`); return result; }
    } else if (target.kind === 'callable') {
      signature = target.signature;
      what = target.what;
      result = signature.returns ? { kind: 'instance', name: signature.returns } : UNKNOWN;
    } else {
      return UNKNOWN;
    }
    if (args.positional > signature.positional.length) {
      problems.push(`${at(token)}: ${what} takes ${signature.positional.length} positional arguments, got ${args.positional}`);
    }
    const given = new Set<string>();
    for (const kw of args.keywords) {
      given.add(kw.name);
      checked.push(tokens.indexOf(kw.token));
      if (!signature.lifted.has(kw.name) && !signature.positional.includes(kw.name)) {
        problems.push(`${at(kw.token)}: ${what} has no keyword argument ${kw.name} (it takes ${[...signature.positional, ...signature.lifted.keys()].join(', ')})`);
      }
    }
    const positionalGiven = args.positional + signature.positional.slice(args.positional).filter((p) => given.has(p)).length;
    if (positionalGiven < signature.requiredPositional) {
      problems.push(`${at(token)}: ${what} needs ${signature.positional.slice(0, signature.requiredPositional).join(', ')}`);
    }
    for (const [name, required] of signature.lifted) {
      if (required && !given.has(name)) problems.push(`${at(token)}: ${what} needs the keyword argument ${name}`);
    }
    return result;
  };

  /** expression: operands joined by operators; returns the value of a lone operand. */
  const expression = (): Value => {
    let value = operand();
    let operands = 1;
    while (peek().kind === 'op' && !',)]}:='.includes(peek().text) || ['and', 'or', 'not', 'in', 'is', 'if', 'else'].includes(peek().text)) {
      i += 1;
      operand();
      operands += 1;
    }
    return operands === 1 ? value : UNKNOWN;
  };

  const list = (close: string): void => {
    while (peek().text !== close) {
      if (peek().text === '**' || peek().text === '*') i += 1;
      expression();
      if (peek().text === ':') { i += 1; expression(); }
      if (peek().text === ',') i += 1;
      else break;
    }
    expect(close);
  };

  const operand = (): Value => {
    const token = peek();
    let value: Value = UNKNOWN;
    if (token.kind === 'name') {
      i += 1;
      value = scope.get(token.text) ?? UNKNOWN;
    } else if (token.kind === 'string' || token.kind === 'number') {
      i += 1;
    } else if (token.text === '(' || token.text === '[' || token.text === '{') {
      i += 1;
      list({ '(': ')', '[': ']', '{': '}' }[token.text]!);
    } else if (token.text === '-' || token.text === '+' || token.text === '~' || token.text === 'not') {
      i += 1;
      return operand();
    } else {
      throw new Error(`${at(token)}: unexpected ${JSON.stringify(token.text)}`);
    }
    for (;;) {
      if (peek().text === '.') {
        i += 1;
        const name = peek();
        i += 1;
        value = attribute(value, name.text, name);
      } else if (peek().text === '(') {
        const open = peek();
        i += 1;
        const args = { positional: 0, keywords: [] as Array<{ name: string; token: Token }> };
        while (peek().text !== ')') {
          if (peek().kind === 'name' && peek(1).text === '=') {
            args.keywords.push({ name: peek().text, token: peek() });
            i += 2;
          } else if (peek().text === '*' || peek().text === '**') {
            i += 1;
          } else {
            args.positional += 1;
          }
          expression();
          if (peek().text === ',') i += 1;
          else break;
        }
        expect(')');
        value = call(value, args, open);
      } else if (peek().text === '[') {
        i += 1;
        list(']');
        value = UNKNOWN;
      } else {
        return value;
      }
    }
  };

  while (i < tokens.length) {
    if (peek().kind === 'newline') { i += 1; continue; }
    if (peek().text === 'import') {
      i += 1;
      const dotted: string[] = [peek().text];
      i += 1;
      while (peek().text === '.') { dotted.push(peek(1).text); i += 2; }
      let alias = dotted[0];
      if (peek().text === 'as') { alias = peek(1).text; i += 2; }
      if (dotted.join('.') === MODULE) scope.set(alias, { kind: 'module' });
      else scope.set(alias, UNKNOWN);
    } else if (peek().text === 'from') {
      i += 1;
      const dotted: string[] = [peek().text];
      i += 1;
      while (peek().text === '.') { dotted.push(peek(1).text); i += 2; }
      expect('import');
      const fromLibrary = dotted.join('.') === MODULE;
      const names = peek().text === '(' ? (i += 1, true) : false;
      while (peek().kind === 'name') {
        const token = peek();
        let alias = token.text;
        i += 1;
        if (peek().text === 'as') { alias = peek(1).text; i += 2; }
        scope.set(alias, fromLibrary ? attribute({ kind: 'module' }, token.text, token) : UNKNOWN);
        if (peek().text === ',') i += 1;
      }
      if (names) expect(')');
    } else if (peek().kind === 'name' && peek(1).text === '=') {
      const target = peek().text;
      i += 2;
      scope.set(target, expression());
    } else {
      expression();
    }
    if (peek().kind !== 'newline') throw new Error(`${at(peek())}: unexpected ${JSON.stringify(peek().text)} (the reader knows a subset of Python)`);
    i += 1;
  }
  return { problems, checked };
}

export function pythonBlocks(markdown: string): Array<{ fenceLine: number; code: string }> {
  const blocks: Array<{ fenceLine: number; code: string }> = [];
  let open: { fenceLine: number; lines: string[] } | undefined;
  markdown.split(/\r?\n/).forEach((line, index) => {
    if (open) {
      if (/^```\s*$/.test(line)) {
        blocks.push({ fenceLine: open.fenceLine, code: open.lines.join('\n') });
        open = undefined;
      } else {
        open.lines.push(line);
      }
    } else if (/^```python\s*$/.test(line)) {
      open = { fenceLine: index + 1, lines: [] };
    }
  });
  return blocks;
}
