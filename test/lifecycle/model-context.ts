/**
 * What the native resource models of the lifecycle driver share, so that resources.ts and
 * express-models.ts (whose models resources.ts registers) need not import each other: the
 * account and region, a physical resource, what a model is and what it gets from the world, and
 * the ARN and generated-name helpers.
 */
import { Json } from './template';
import { AppRunnerEmulator } from '../emulator/apprunner-emulator';
import { Elbv2Fake } from '../emulator/elbv2-fake';
import { Route53Fake } from '../emulator/route53-fake';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

/** A physical resource that exists right now (in some stack of the world). */
export interface PhysicalResource {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
  /** Resolved properties it was last created/updated with (custom resources: stringified). */
  properties: Json;
  /** Fn::GetAtt values (custom resources: Data). */
  attributes: Record<string, Json>;
  /** The value of Ref. */
  ref: Json;
  /** `Type Stack/LogicalId (physical id)` for messages. */
  readonly label: string;
}

/** What a model needs from the world. */
export interface ModelContext {
  readonly appRunner: AppRunnerEmulator;
  readonly route53: Route53Fake;
  /** The ELB v2 fake (ECS Express Mode's load balancers). */
  readonly elb: Elbv2Fake;
  readonly ssm: Map<string, string>;
  readonly stackName: string;
  readonly logicalId: string;
  /** Reads CloudFormation makes while it waits for an App Runner operation (at most this many). */
  readonly maxWaits: number;
  /** A fresh suffix for generated names. */
  suffix(): string;
  /** The next number for generic physical ids. */
  counter(): number;
}

export interface Created {
  readonly physicalId: string;
  readonly ref: Json;
  readonly attributes: Record<string, Json>;
}

/** A native resource type's create / update (in place) / delete. */
export interface NativeModel {
  create(ctx: ModelContext, props: Json): Created;
  /** In place; returns the new attributes (undefined: unchanged). `effective` tells whether anything was changed. */
  update(ctx: ModelContext, current: PhysicalResource, props: Json): { attributes?: Record<string, Json>; effective: boolean };
  delete(ctx: ModelContext, current: PhysicalResource): void;
}

/** An ARN of the account, in REGION unless told. */
export const arnOf = (service: string, rest: string, region = REGION) => `arn:aws:${service}:${region}:${ACCOUNT}:${rest}`;

/** A name CloudFormation generates: `<stack>-<logicalId>-<suffix>`, at most `max` characters. */
export function generatedName(ctx: ModelContext, max: number): string {
  const suffix = ctx.suffix();
  const head = `${ctx.stackName}-${ctx.logicalId}`.slice(0, max - suffix.length - 1);
  return `${head}-${suffix}`;
}
