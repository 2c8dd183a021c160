/** Test helpers shared by every test file. */
import { App, Errors, Stack, StackProps } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';

/** A fresh app and an environment-specific stack (us-east-1, account 123456789012 unless given). */
export function newStack(props: StackProps = {}): Stack {
  const app = new App();
  return new Stack(app, 'TestStack', {
    env: { account: '123456789012', region: 'us-east-1' },
    ...props,
  });
}

/** A fresh app and an environment-agnostic stack (account and region are tokens). */
export function newAgnosticStack(): Stack {
  return new Stack(new App(), 'AgnosticStack');
}

/** Synthesize a stack (schema-checked by the global hook in setup.ts). */
export function synth(stack: Stack): Template {
  return Template.fromStack(stack);
}

/** The properties of the only resource of a type in a template. */
export function onlyResourceProps(template: Template, type: string): any {
  const resources = template.findResources(type);
  const ids = Object.keys(resources);
  if (ids.length !== 1) {
    throw new Error(`expected exactly one ${type}, found ${ids.length}`);
  }
  return resources[ids[0]].Properties;
}

/** The warning messages annotated anywhere in a stack. */
export function warnings(stack: Stack): string[] {
  return Annotations.fromStack(stack)
    .findWarning('*', Match.anyValue())
    .map((w) => String(w.entry.data));
}

/**
 * Run `fn`, expect it to throw an aws-cdk-lib ValidationError whose message contains
 * `expected` (a string) or matches it (a RegExp). Returns the error.
 */
export function expectValidationError(fn: () => unknown, expected: string | RegExp): Error {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  if (error === undefined) {
    throw new Error(`expected a ValidationError matching ${String(expected)}, but nothing was thrown`);
  }
  if (!Errors.isValidationError(error)) {
    throw new Error(`expected a ValidationError, got ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`);
  }
  const message = (error as Error).message;
  if (typeof expected === 'string' ? !message.includes(expected) : !expected.test(message)) {
    throw new Error(`ValidationError message ${JSON.stringify(message)} does not match ${String(expected)}`);
  }
  return error as Error;
}

/**
 * A dependency cycle among a template's resources (DependsOn, Ref, Fn::GetAtt, Fn::Sub names),
 * as the list of logical ids around it, or undefined. CDK does not detect these at synth;
 * CloudFormation refuses the template.
 */
export function findDependencyCycle(template: any): string[] | undefined {
  const resources = template.Resources ?? {};
  const edges = new Map<string, Set<string>>();
  const collect = (node: unknown, into: Set<string>): void => {
    if (Array.isArray(node)) return node.forEach((n) => collect(n, into));
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === 'Ref' && typeof value === 'string' && resources[value]) {into.add(value);} else if (key === 'Fn::GetAtt') {
        const target = Array.isArray(value) ? String(value[0]) : String(value).split('.')[0];
        if (resources[target]) into.add(target);
      } else {collect(value, into);}
    }
  };
  for (const [id, resource] of Object.entries<any>(resources)) {
    const into = new Set<string>([].concat(resource.DependsOn ?? []));
    collect(resource.Properties, into);
    edges.set(id, into);
  }
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string, path: string[]): string[] | undefined => {
    state.set(id, 'open');
    for (const next of edges.get(id) ?? []) {
      if (state.get(next) === 'open') return [...path.slice(path.indexOf(next)), id, next];
      if (!state.has(next)) {
        const found = visit(next, [...path, id]);
        if (found) return found;
      }
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const id of edges.keys()) {
    if (!state.has(id)) {
      const found = visit(id, []);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * A policy document's size as IAM counts it (no whitespace), with intrinsics replaced by values
 * of realistic length: `Fn::GetAtt` (an App Runner service ARN) by `getAttLength` characters,
 * `Ref: AWS::StackId` by 110, other `Ref`s by `refLength`; `Fn::Join` is joined.
 */
export function resolvedPolicySize(doc: unknown, getAttLength: number, refLength: number): number {
  const resolve = (v: any): any => {
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === 'object') {
      if ('Fn::GetAtt' in v) return 'x'.repeat(getAttLength);
      if ('Ref' in v) return 'x'.repeat(v.Ref === 'AWS::StackId' ? 110 : refLength);
      if ('Fn::Join' in v) return resolve(v['Fn::Join'][1]).join(v['Fn::Join'][0]);
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    }
    return v;
  };
  return JSON.stringify(resolve(doc)).length;
}

/**
 * `resolvedPolicySize` with the longest values a template of this library resolves to: the
 * partition `aws-us-gov`, a `Fn::GetAtt` (service ARN) of 125 characters, other `Ref`s of 110.
 */
export function realisticPolicySize(doc: unknown): number {
  return resolvedPolicySize(JSON.parse(JSON.stringify(doc).replace(/\{"Ref":"AWS::Partition"\}/g, '"aws-us-gov"')), 125, 110);
}
