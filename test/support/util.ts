/** Test helpers shared by every test file. */
import { App, Stack, StackProps } from 'aws-cdk-lib';
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
