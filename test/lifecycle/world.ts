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
 *   world.ssm;  world.exports;  world.appRunner;  world.route53;  world.elb;  world.denials;  world.authorizedCalls;
 *   world.customResourceRequests;  world.cloudFormationCalls;  world.live;  world.harnessErrors;
 *   world.aws.sessions;                                   // credentials STS AssumeRole issued
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
 * afresh, as new Lambda containers. Requests made while no handler runs with the default
 * credentials (the test's own SDK calls) are not IAM-checked.
 *
 * The caller of a request is told by the access key id it is signed with: the default one
 * (AKIDLOOPBACK, from process.env) is the invoked function's role (principal
 * arn:aws:sts::123456789012:assumed-role/ROLE/FUNCTION); credentials STS AssumeRole issued
 * (ASIA…, `world.aws.sessions`) are the assumed role (principal
 * arn:aws:sts::123456789012:assumed-role/ROLE/SESSION, aws:PrincipalArn the role's ARN), checked
 * whoever uses them, in an invocation or not, against the role's policies as they are at that
 * moment (none once the role is deleted, even if a role of that name is created again); any
 * other access key id in an invocation is a harness error. STS: sts:AssumeRole on a RoleArn
 * (path included) needs the caller's identity policies to allow it AND a live AWS::IAM::Role
 * with that ARN whose AssumeRolePolicyDocument allows the caller's role ARN (or the account, or
 * `*`); otherwise AccessDenied (HTTP 403) with STS's message, recorded in `denials` with a
 * `reason`. DurationSeconds above the role's MaxSessionDuration (default 3600), or above 3600
 * when a session assumes a role (role chaining), is a ValidationError. Not modelled: IAM's
 * propagation delay (a new role or trust policy is assumable at once), the check that a trust
 * policy's principals exist, signature verification.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template as AssertionsTemplate } from 'aws-cdk-lib/assertions';
import { assumeRoleDeniedMessage, Decision, deniedMessage, evaluate, policiesOfRole, trustDecision } from './iam';
import { CustomRequest, FrameworkHost } from './provider';
import { ACCOUNT, PhysicalResource, REGION } from './resources';
import { LifecycleStack } from './stack';
import { HarnessError, Json, Template } from './template';
import { AppRunnerEmulator, Timing } from '../emulator/apprunner-emulator';
import { Elbv2Fake } from '../emulator/elbv2-fake';
import { Route53Fake } from '../emulator/route53-fake';
import { AssumedSession, DEFAULT_ACCESS_KEY_ID, LoopbackAws, LoopbackError, ServiceRequest, StackDescription } from '../emulator/server';

const ASSETS = path.join(__dirname, '..', '..', 'assets', 'operations', 'functions');
export const BUNDLES = {
  onEvent: path.join(ASSETS, 'on-event.lambda', 'index.js'),
  isComplete: path.join(ASSETS, 'is-complete.lambda', 'index.js'),
};

/** The template of a CDK stack as CloudFormation receives it (env: 123456789012 / us-east-1). */
export function templateOf(stack: Stack): Template {
  return AssertionsTemplate.fromStack(stack).toJSON() as Template;
}

/**
 * An IAM denial the driver answered with AccessDenied. STS: a denied sts:AssumeRole has the
 * RoleArn as `resource` and a `reason`; a request signed with assumed credentials has the
 * session's principal (assumed-role/ROLE/SESSION) and the assumed role as `role`.
 */
export interface Denial {
  /** arn:aws:sts::123456789012:assumed-role/ROLE/FUNCTION (the function's own role) or …/ROLE/SESSION (assumed credentials). */
  readonly principal: string;
  /** The name of the role whose policies were evaluated. */
  readonly role: string;
  readonly action: string;
  readonly resource: string;
  readonly context: Record<string, string[]>;
  /** The stack status when it happened (UPDATE_IN_PROGRESS, UPDATE_ROLLBACK_IN_PROGRESS, …); '' outside an invocation (assumed credentials the test used). */
  readonly phase: string;
  /** The stack, custom resource and request whose handler made the call ('' outside an invocation). */
  readonly stack: string;
  readonly logicalId: string;
  readonly requestType: string;
  /**
   * Why, where the action's identity policies are not the whole story: `identity policy`,
   * `no such role` and `trust policy` (sts:AssumeRole), `role deleted` (a session whose role
   * no longer exists). Undefined for the other denials (the identity policies denied).
   */
  readonly reason?: 'identity policy' | 'no such role' | 'trust policy' | 'role deleted';
}

/** A request the IAM hook allowed (made in an invocation, or with assumed credentials): who made it. */
export interface AuthorizedCall {
  /** As in Denial: assumed-role/ROLE/FUNCTION or assumed-role/ROLE/SESSION. */
  readonly principal: string;
  readonly role: string;
  /** The access key id it was signed with (AKIDLOOPBACK or ASIA…). */
  readonly accessKeyId?: string;
  readonly action: string;
  readonly resource: string;
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
  /**
   * Test-only (the harness's self-tests, e.g. sts.test.ts): run these functions in place of
   * the bundles; each runs as the invoked function, like a bundle (its calls signed with the
   * default credentials are the function's role's).
   */
  readonly handlers?: Partial<Record<'onEvent' | 'isComplete', Handler>>;
}

/** Who made a request, as IAM sees it. */
interface Caller {
  readonly roleName: string;
  readonly roleArn: string;
  readonly principal: string;
  /** The assumed credentials it was signed with, if any. */
  readonly session?: AssumedSession;
  /** False for a session whose role was deleted since. */
  readonly alive: boolean;
}

interface Invocation {
  readonly roleName: string;
  readonly roleArn: string;
  readonly functionName: string;
  readonly request: CustomRequest;
  readonly phase: string;
}

/** A Lambda handler: the bundles' `handler`, or a test's stand-in (WorldOptions.handlers). */
export type Handler = (event: Json) => Promise<Json>;

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
    const bundles = {
      onEvent: options.handlers?.onEvent ?? loadBundle(BUNDLES.onEvent),
      isComplete: options.handlers?.isComplete ?? loadBundle(BUNDLES.isComplete),
    };
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
  /**
   * ELB v2: the load balancers of the AWS::ECS::ExpressGatewayService resources (their rules,
   * target groups, listener certificates), answering the handlers' ELB calls.
   */
  public readonly elb: Elbv2Fake;
  /** SSM parameters: name → value (the CDK bootstrap version is there). */
  public readonly ssm = new Map<string, string>([['/cdk-bootstrap/hnb659fds/version', '30']]);
  /** Stack exports: name → value. */
  public readonly exports = new Map<string, string>();
  /** Every IAM denial, in order. */
  public readonly denials: Denial[] = [];
  /** Every request the IAM hook allowed (in an invocation, or signed with assumed credentials), in order. */
  public readonly authorizedCalls: AuthorizedCall[] = [];
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
    this.elb = aws.elb;
    this.maxPolls = maxPolls;
    // every account has App Runner's own default configuration
    this.appRunner.autoScalingConfigurations.push({
      arn: `arn:aws:apprunner:${REGION}:${ACCOUNT}:autoscalingconfiguration/DefaultConfiguration/1/00000000000000000000000000000001`,
      isDefault: true,
      status: 'ACTIVE',
    });
    aws.authorize = (request) => this.authorize(request);
    aws.roleId = (roleArn) => this.roleByArn(roleArn)?.attributes.RoleId;
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

  /** The live AWS::IAM::Role with this ARN (path included). */
  private roleByArn(roleArn: string): PhysicalResource | undefined {
    return this.live.find((r) => r.type === 'AWS::IAM::Role' && r.attributes.Arn === roleArn);
  }

  /**
   * Who signed the request: assumed credentials (whoever uses them), else in an invocation the
   * function's role (default credentials; anything else is a harness error); undefined for the
   * test's own calls.
   */
  private callerOf(request: ServiceRequest): Caller | undefined {
    const session = request.accessKeyId === undefined ? undefined : this.aws.sessions.get(request.accessKeyId);
    if (session) {
      const role = this.roleByArn(session.roleArn);
      const alive = role?.attributes.RoleId === session.roleId; // the role it was assumed from, not one re-created with its name
      return { roleName: session.roleName, roleArn: session.roleArn, principal: session.assumedRoleArn, session, alive };
    }
    const inv = this.invocation;
    if (!inv) return undefined; // the test's own calls
    if (request.accessKeyId !== DEFAULT_ACCESS_KEY_ID) {
      throw new HarnessError(`${inv.functionName} sent ${request.action} signed with ${request.accessKeyId === undefined ? 'no credentials' : `the unknown access key id ${request.accessKeyId}`}: `
        + `neither the function's own (${DEFAULT_ACCESS_KEY_ID}) nor credentials STS AssumeRole issued`);
    }
    return { roleName: inv.roleName, roleArn: inv.roleArn, principal: `arn:aws:sts::${ACCOUNT}:assumed-role/${inv.roleName}/${inv.functionName}`, alive: true };
  }

  /**
   * The IAM hook of the loopback server: the caller's role (the invoked function's, or the
   * assumed role of the credentials) must allow the request; sts:AssumeRole also needs the
   * target role's trust policy to allow the caller.
   */
  private authorize(request: ServiceRequest): LoopbackError | undefined {
    try {
      const caller = this.callerOf(request);
      if (!caller) return undefined;
      const context = { ...request.context, 'aws:PrincipalArn': [caller.roleArn], 'aws:RequestedRegion': [REGION] };
      const authz = { action: request.action, resource: request.resource, context };
      const sts = request.action === 'sts:AssumeRole';
      const deny = (reason: Denial['reason'], decision: Decision) => {
        const { action, resource, context: requestContext } = request;
        this.denials.push({ ...this.whereOf(caller), action, resource, context: requestContext, ...(reason ? { reason } : {}) });
        return { message: sts ? assumeRoleDeniedMessage(caller.principal, request.resource) : deniedMessage(caller.principal, decision, request) };
      };
      if (!caller.alive) return deny('role deleted', { allowed: false, explicitDeny: false });
      const decision = evaluate(policiesOfRole(caller.roleName, this.live), authz);
      if (!decision.allowed) return deny(sts ? 'identity policy' : undefined, decision);
      if (sts) {
        const target = this.roleByArn(request.resource);
        if (!target) return deny('no such role', { allowed: false, explicitDeny: false });
        const trust = trustDecision(target.properties.AssumeRolePolicyDocument, caller.roleArn, ACCOUNT, authz);
        if (!trust.allowed) return deny('trust policy', trust);
        const duration = Number(request.parameters?.DurationSeconds ?? 3600);
        if (caller.session && duration > 3600) {
          return { code: 'ValidationError', status: 400, message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.' };
        }
        if (duration > Number(target.properties.MaxSessionDuration ?? 3600)) {
          return { code: 'ValidationError', status: 400, message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.' };
        }
      }
      this.authorizedCalls.push({ ...this.whereOf(caller), accessKeyId: request.accessKeyId, action: request.action, resource: request.resource });
      return undefined;
    } catch (e) {
      this.harnessErrors.push((e as Error).message);
      throw e;
    }
  }

  /** The principal of a call and the invocation it was made in ('' outside one). */
  private whereOf(caller: Caller) {
    const inv = this.invocation;
    return {
      principal: caller.principal,
      role: caller.roleName,
      phase: inv?.phase ?? '',
      stack: inv?.request.stackName ?? '',
      logicalId: inv?.request.logicalId ?? '',
      requestType: inv?.request.requestType ?? '',
    };
  }
}
