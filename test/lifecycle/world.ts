/**
 * The lifecycle driver (test/lifecycle/): deploys synthesized CDK templates against the
 * loopback fakes (test/emulator/), runs this library's custom resources through the BUNDLED
 * handlers as aws-cdk-lib's Provider framework does, models IAM as it stands at each moment of
 * a deployment and denies any handler call the invoked function's role does not allow.
 *
 *   const world = await LifecycleWorld.start();          // LoopbackAws on 127.0.0.1; loads assets/…/index.js
 *   const stack = world.stack('Test');                    // stack id arn:aws:cloudformation:us-east-1:123456789012:stack/Test/<uuid>
 *   const r = await stack.deploy(templateOf(cdkStack), {  // create or update
 *     parameters: { Version: 'v2' }, seed: 3,             // seed: the order among independent resources (default 1)
 *     failAt: { logicalId: 'X', action: 'update', phase: 'rollback' },
 *     rollbackOrder: 'reverse',                           // or 'dependencies-first' (see stack.ts)
 *   });
 *   r.status;  r.events;  r.reason;  r.failedLogicalId;  r.statuses;
 *   await stack.destroy({ seed: 2 });                     // DELETE_COMPLETE | DELETE_FAILED
 *   stack.physicalId(id);  stack.attribute(id, name);  stack.resourceStatus(id);  stack.outputs;  stack.status;
 *   world.ssm;  world.exports;  world.appRunner;  world.route53;  world.denials;
 *   world.customResourceRequests;  world.cloudFormationCalls;  world.live;  world.harnessErrors;
 *   await world.stop();
 *
 * Files: template.ts (intrinsics, parameters, conditions, graph), resolution.ts (a stack's
 * resolution), resources.ts (native resource models, create-only table), provider.ts (the
 * Provider framework, Custom::HarnessFault), iam.ts (policies in force, evaluation),
 * physical.ts (physical resources, the seeded walk), stack.ts (the lifecycle), fixtures.ts
 * (templates for the self-tests).
 *
 * Errors: a CloudFormation validation error (unknown parameter, missing SSM parameter or
 * export, cycle, changed resource type) rejects deploy() with a ValidationError and leaves the
 * stack as it was; anything the driver cannot model faithfully (unknown intrinsic, condition
 * operator or key, Transform, another provider, …) rejects it with a HarnessError (the stack
 * model is then undefined: use another stack name). Never a silent pass.
 *
 * One world at a time per process (the handlers' SDK clients read AWS_ENDPOINT_URL_* from
 * process.env, which start() sets and stop() restores). Each world evaluates the bundles
 * afresh, as new Lambda containers. Requests made while no handler runs (the test's own SDK
 * calls) are not IAM-checked.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template as AssertionsTemplate } from 'aws-cdk-lib/assertions';
import { evaluate, deniedMessage, policiesOfRole } from './iam';
import { CustomRequest, FrameworkHost } from './provider';
import { ACCOUNT, PhysicalResource, REGION } from './resources';
import { LifecycleStack } from './stack';
import { HarnessError, Json, Template } from './template';
import { AppRunnerEmulator, Timing } from '../emulator/apprunner-emulator';
import { Route53Fake } from '../emulator/route53-fake';
import { LoopbackAws, ServiceRequest, StackDescription } from '../emulator/server';

const ASSETS = path.join(__dirname, '..', '..', 'assets', 'operations', 'runtime');
export const BUNDLES = {
  onEvent: path.join(ASSETS, 'on-event.lambda', 'index.js'),
  isComplete: path.join(ASSETS, 'is-complete.lambda', 'index.js'),
};

/** The template of a CDK stack as CloudFormation receives it (env: 123456789012 / us-east-1). */
export function templateOf(stack: Stack): Template {
  return AssertionsTemplate.fromStack(stack).toJSON() as Template;
}

/** An IAM denial the driver answered with AccessDenied. */
export interface Denial {
  /** arn:aws:sts::123456789012:assumed-role/ROLE/FUNCTION */
  readonly principal: string;
  readonly role: string;
  readonly action: string;
  readonly resource: string;
  readonly context: Record<string, string[]>;
  /** The stack status when it happened (UPDATE_IN_PROGRESS, UPDATE_ROLLBACK_IN_PROGRESS, …). */
  readonly phase: string;
  readonly stack: string;
  readonly logicalId: string;
  readonly requestType: string;
}

/** A CloudFormation call a handler made and what it was answered (the DescribeStacks status, say). */
export interface CloudFormationCall {
  readonly action: string;
  readonly input: Record<string, string>;
  readonly stackStatus?: string;
  readonly error?: string;
  /** The custom resource whose handler made the call, if any. */
  readonly logicalId?: string;
  readonly requestType?: string;
}

/** A request a custom resource got, and its outcome. */
export interface CustomResourceRequestRecord {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly requestType: 'Create' | 'Update' | 'Delete';
  readonly physicalId?: string;
  readonly properties: Record<string, Json>;
  readonly oldProperties?: Record<string, Json>;
  readonly phase: string;
  readonly ok: boolean;
  /** Whether a handler ran (not for the CREATE_FAILED marker's Delete, nor a framework denial). */
  readonly invoked: boolean;
  readonly resultPhysicalId: string;
  readonly reason?: string;
}

export interface WorldOptions {
  /** App Runner emulator timing (reads until an operation ends, …). */
  readonly timing?: Partial<Timing>;
  /** isComplete polls before a custom resource fails with "harness: no completion" (default 300). */
  readonly maxPolls?: number;
}

interface Invocation {
  readonly roleName: string;
  readonly roleArn: string;
  readonly functionName: string;
  readonly request: CustomRequest;
  readonly phase: string;
}

type Handler = (event: Json) => Promise<Json>;

/** Evaluate a bundle like Lambda loads it (a fresh module, `handler` exported). */
export function loadBundle(file: string): Handler {
  if (!fs.existsSync(file)) throw new HarnessError(`${path.relative(process.cwd(), file)} is missing: run \`npx projen bundle\` first`);
  const source = fs.readFileSync(file, 'utf8');
  const mod = { exports: {} as Record<string, Json> };
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('exports', 'require', 'module', '__filename', '__dirname', source)(mod.exports, require, mod, file, path.dirname(file));
  } catch (e) {
    throw new HarnessError(`loading ${file} failed (${(e as Error).message}): a half-written bundle? run \`npx projen bundle\` again`);
  }
  if (typeof mod.exports.handler !== 'function') throw new HarnessError(`${file} exports no handler: run \`npx projen bundle\` again`);
  return mod.exports.handler;
}

export class LifecycleWorld implements FrameworkHost {
  /** Start the loopback server and load the bundles. */
  public static async start(options: WorldOptions = {}): Promise<LifecycleWorld> {
    if (LifecycleWorld.active) throw new HarnessError('another LifecycleWorld is running in this process: stop() it first');
    const bundles = { onEvent: loadBundle(BUNDLES.onEvent), isComplete: loadBundle(BUNDLES.isComplete) };
    const world = new LifecycleWorld(new LoopbackAws(new AppRunnerEmulator(options.timing ?? {})), bundles, options.maxPolls ?? 300);
    const endpoint = await world.aws.start();
    const env = { ...LoopbackAws.environment(endpoint), APPRUNNER_KIT_QUIET: process.env.APPRUNNER_KIT_QUIET ?? 'true' };
    for (const key of Object.keys(env)) world.savedEnv[key] = process.env[key];
    Object.assign(process.env, env);
    LifecycleWorld.active = world;
    return world;
  }

  private static active?: LifecycleWorld;

  public readonly aws: LoopbackAws;
  public readonly appRunner: AppRunnerEmulator;
  public readonly route53: Route53Fake;
  /** SSM parameters: name → value (the CDK bootstrap version is there). */
  public readonly ssm = new Map<string, string>([['/cdk-bootstrap/hnb659fds/version', '30']]);
  /** Stack exports: name → value. */
  public readonly exports = new Map<string, string>();
  /** Every IAM denial, in order. */
  public readonly denials: Denial[] = [];
  /** Every CloudFormation call answered, with its answer (logicalId/requestType: the custom resource whose handler made it; none for the test's own calls). */
  public readonly cloudFormationCalls: CloudFormationCall[] = [];
  /** Every request a custom resource got (HarnessFault included). */
  public readonly customResourceRequests: CustomResourceRequestRecord[] = [];
  /** Harness problems met while answering requests (they also fail the deployment). */
  public readonly harnessErrors: string[] = [];
  /** Every physical resource that exists now, in any stack. */
  public readonly live: PhysicalResource[] = [];
  public readonly maxPolls: number;

  private readonly stacks = new Map<string, LifecycleStack>();
  private readonly deletedStacks: StackDescription[] = [];
  private readonly savedEnv: Record<string, string | undefined> = {};
  private invocation?: Invocation;
  private requestCount = 0;
  private suffixCount = 0;
  private numberCount = 0;

  private constructor(aws: LoopbackAws, private readonly bundles: Record<'onEvent' | 'isComplete', Handler>, maxPolls: number) {
    this.aws = aws;
    this.appRunner = aws.appRunner;
    this.route53 = aws.route53;
    this.maxPolls = maxPolls;
    // every account has App Runner's own default configuration
    this.appRunner.autoScalingConfigurations.push({
      arn: `arn:aws:apprunner:${REGION}:${ACCOUNT}:autoscalingconfiguration/DefaultConfiguration/1/00000000000000000000000000000001`,
      isDefault: true,
      status: 'ACTIVE',
    });
    aws.authorize = (request) => this.authorize(request);
    aws.cloudFormation = {
      stacks: () => [...this.deletedStacks, ...[...this.stacks.values()].flatMap((s) => s.describe() ?? [])],
      resources: (stackId) => [...this.stacks.values()].find((s) => s.id === stackId)?.describeResources() ?? [],
      answered: (action, input, answer) => this.cloudFormationCalls.push({
        action,
        input,
        stackStatus: answer.stack?.status,
        error: answer.error,
        logicalId: this.invocation?.request.logicalId,
        requestType: this.invocation?.request.requestType,
      }),
    };
  }

  /** The stack model of this name (created on first use). */
  public stack(name: string): LifecycleStack {
    let stack = this.stacks.get(name);
    if (!stack) {
      stack = new LifecycleStack(this, name);
      this.stacks.set(name, stack);
    }
    return stack;
  }

  public async stop(): Promise<void> {
    await this.aws.stop();
    for (const [key, value] of Object.entries(this.savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    if (LifecycleWorld.active === this) LifecycleWorld.active = undefined;
  }

  // ---- for the stacks and the framework ------------------------------------------------

  /** @internal a stack was deleted: DescribeStacks by id still answers DELETE_COMPLETE. */
  public rememberDeleted(description: StackDescription): void {
    this.deletedStacks.push(description);
  }

  public lambdaByArn(arn: string): PhysicalResource | undefined {
    return this.live.find((r) => r.type === 'AWS::Lambda::Function' && r.attributes.Arn === arn);
  }

  public resourceByRef(ref: string): PhysicalResource | undefined {
    return this.live.find((r) => r.ref === ref);
  }

  public nextRequestId(): string {
    return `00000000-0000-4000-8000-${(++this.requestCount).toString(16).padStart(12, '0')}`;
  }

  /** The next number for generic physical ids (`${LogicalId}-${n}`). */
  public nextNumber(): number {
    return ++this.numberCount;
  }

  /** A fresh, deterministic suffix for generated names. */
  public suffix(seed: string): string {
    return crypto.createHash('sha256').update(`${seed}/${++this.suffixCount}`).digest('hex').slice(0, 12).toUpperCase();
  }

  public authorizeFramework(fn: PhysicalResource, action: string, resource: string, request: CustomRequest): string | undefined {
    const role = this.roleOf(fn);
    const decision = evaluate(policiesOfRole(role.name, this.live), { action, resource, context: {} });
    if (decision.allowed) return undefined;
    const principal = `arn:aws:sts::${ACCOUNT}:assumed-role/${role.name}/${fn.physicalId}`;
    this.denials.push({
      principal,
      role: role.name,
      action,
      resource,
      context: {},
      phase: this.stackStatusOf(request),
      stack: request.stackName,
      logicalId: request.logicalId,
      requestType: request.requestType,
    });
    return `AccessDeniedException: ${deniedMessage(principal, decision, { action, resource, context: {} })}`;
  }

  public async invoke(fn: PhysicalResource, kind: 'onEvent' | 'isComplete', payload: Json, request: CustomRequest): Promise<Json> {
    if (this.invocation) throw new HarnessError(`nested invocation of ${fn.label} while ${this.invocation.functionName} runs`);
    const role = this.roleOf(fn);
    this.invocation = { roleName: role.name, roleArn: role.arn, functionName: fn.physicalId, request, phase: this.stackStatusOf(request) };
    const errors = this.harnessErrors.length;
    try {
      const out = await this.bundles[kind](JSON.parse(JSON.stringify(payload)));
      return out === undefined ? null : JSON.parse(JSON.stringify(out));
    } finally {
      this.invocation = undefined;
      if (this.harnessErrors.length > errors) throw new HarnessError(this.harnessErrors[this.harnessErrors.length - 1].replace(/^harness: /, ''));
    }
  }

  /** @internal */
  public record(entry: CustomResourceRequestRecord): void {
    this.customResourceRequests.push(entry);
  }

  private roleOf(fn: PhysicalResource): { name: string; arn: string } {
    const arn = String(fn.properties.Role ?? '');
    if (!arn.startsWith('arn:aws:iam::')) throw new HarnessError(`${fn.label} has no role ARN (Role ${JSON.stringify(fn.properties.Role)})`);
    return { name: arn.split('/').pop()!, arn };
  }

  private stackStatusOf(request: CustomRequest): string {
    return this.stacks.get(request.stackName)?.status ?? 'UNKNOWN';
  }

  /** The IAM hook of the loopback server: the invoked function's role must allow the request. */
  private authorize(request: ServiceRequest) {
    const inv = this.invocation;
    if (!inv) return undefined; // the test's own calls
    try {
      const context = { ...request.context, 'aws:PrincipalArn': [inv.roleArn], 'aws:RequestedRegion': [REGION] };
      const decision = evaluate(policiesOfRole(inv.roleName, this.live), { action: request.action, resource: request.resource, context });
      if (decision.allowed) return undefined;
      const principal = `arn:aws:sts::${ACCOUNT}:assumed-role/${inv.roleName}/${inv.functionName}`;
      this.denials.push({
        principal,
        role: inv.roleName,
        action: request.action,
        resource: request.resource,
        context: request.context,
        phase: inv.phase,
        stack: inv.request.stackName,
        logicalId: inv.request.logicalId,
        requestType: inv.request.requestType,
      });
      return { message: deniedMessage(principal, decision, request) };
    } catch (e) {
      this.harnessErrors.push((e as Error).message);
      throw e;
    }
  }
}
