import * as crypto from 'crypto';
import { Annotations, Aws, CfnCondition, CfnElement, CfnParameter, CfnResource, CustomResource, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  DEPLOYMENT_TYPE, DeploymentProperties, PRE_UPDATE_RESUME_TYPE, PreUpdateResumeProperties, ROLLBACK_CHECK_TYPE, RollbackCheckProperties,
  RUN_STATE_TYPE, RunStateProperties,
} from './contract';
import { OperationsProvider } from './operations-provider';
import { acknowledgeFinding, nagAppRunnerArn } from '../private/acknowledge';

/** What a Service asks of its operations (the ServiceProps that need custom resources). */
export interface ServiceOperationsOptions {
  readonly paused?: boolean;
  readonly redeploy?: string;
  readonly failOnRollback?: boolean;
  /** The service's name when it is set in the props (scopes the pre-update grant). */
  readonly serviceName?: string;
}

/** The custom resources made for a service (undefined when not asked for). */
export interface ServiceOperations {
  readonly preUpdateResume?: CustomResource;
  readonly deployment?: CustomResource;
  readonly rollbackCheck?: CustomResource;
  readonly runState?: CustomResource;
}

const SERVICE_ACTIONS = ['apprunner:DescribeService', 'apprunner:ListOperations'];

/** The create-only properties of AWS::AppRunner::Service: a change replaces the service. */
const CREATE_ONLY = ['ServiceName', 'EncryptionConfiguration', 'Tags'];

/** What the service's custom resources carry from its rendered template. */
interface TemplateFacts {
  /** See `ServiceTemplate`. */
  readonly configHash: string;
  /** An `Fn::Join` of the deploy-time values, or undefined when there are none. */
  readonly deployTimeValues?: unknown;
  /** The create-only properties' hash, or an `Fn::Join` of it and their deploy-time values. */
  readonly replacementHash: unknown;
  /** NoEcho parameters the configuration uses (left out of `deployTimeValues`). */
  readonly noEcho: string[];
}

/**
 * The facts the service's custom resources carry, computed once, at synthesis (from a Lazy
 * value or a validation, when the template is complete; aws-cdk-lib caches Lazy values the
 * same way), from one walk over the CfnService and every resource it references.
 *
 * - `ConfigHash`: a hash of the CfnService's rendered properties and of every resource of the
 *   stack they reference (transitively: a replaced auto scaling configuration or VPC
 *   connector changes the service's ARN references, which the unresolved Fn::GetAtt alone
 *   would not show), plus `extra` (the redeploy trigger). It changes whenever CloudFormation
 *   may update the service or a deployment is due, which makes the resources that carry it
 *   run before or after that. It is taken over the template as written.
 * - `DeployTimeValues`: what that hash cannot see, the values CloudFormation only knows at
 *   deploy time, as one `Fn::Join` for CloudFormation to resolve (absent when there are none,
 *   so templates without them stay as they were): parameters (`Ref`; SSM parameter types
 *   included), imports (`Fn::ImportValue`), plain SSM dynamic references
 *   (`{{resolve:ssm:…}}`) and the parameters that `Fn::If` conditions test. A changed value
 *   changes the property, so the resources that carry it run with the service's update, as
 *   for a changed literal.
 * - `ReplacementHash`: a hash of the service's create-only properties (ServiceName,
 *   EncryptionConfiguration, Tags; their deploy-time values joined to it): when it changes,
 *   CloudFormation replaces the service.
 *
 * Secure dynamic references (`{{resolve:secretsmanager:…}}`, `{{resolve:ssm-secure:…}}`) are in
 * the hashes only, as text: CloudFormation passes them to no custom resource, and it compares
 * them by that text when it decides whether to update the service, so a new secret value
 * behind an unchanged reference updates neither the service nor its custom resources, while a
 * changed reference changes the hash: the two never part (no warning needed). NoEcho
 * parameters stay out of DeployTimeValues (their values would end up in the handlers' logs):
 * a validation warns what that means.
 */
class ServiceTemplate {
  private facts?: TemplateFacts;

  constructor(private readonly cfn: CfnResource, private readonly extra?: string) {}

  /** `ConfigHash`. */
  public configHash(): string {
    return Lazy.string({ produce: () => this.get().configHash });
  }

  /** `DeployTimeValues` (resolves to undefined when there are none: the property is left out). */
  public deployTimeValues(): string {
    return Token.asString(Lazy.any({ produce: () => this.get().deployTimeValues }));
  }

  /** `ReplacementHash`. */
  public replacementHash(): string {
    return Token.asString(Lazy.any({ produce: () => this.get().replacementHash }));
  }

  /** Warn about NoEcho parameters (see `TemplateFacts.noEcho`) on `scope`. */
  public warnAboutNoEcho(scope: Construct): void {
    scope.node.addValidation({
      validate: () => {
        for (const name of this.get().noEcho) {
          Annotations.of(scope).addWarningV2(`cdk-apprunner-kit:noEchoDeployTimeValue:${name}`,
            `Service ${scope.node.id} uses the NoEcho parameter ${name}: its value is not passed to the service's custom resources `
            + `(their handlers log their events), so a change of ${name} alone does not resume the paused service before CloudFormation `
            + 'updates it (App Runner refuses that), nor pause it again or check for a rollback. Change another property of the service '
            + '(e.g. redeploy) in the same deployment, or use a parameter without NoEcho.');
        }
        return [];
      },
    });
  }

  private get(): TemplateFacts {
    this.facts ??= this.analyse();
    return this.facts;
  }

  private analyse(): TemplateFacts {
    const stack = Stack.of(this.cfn);
    const index = new StackIndex(stack);
    const hash = crypto.createHash('sha256');
    const values = new DeployTimeValues(stack, index);
    const seen = new Set<string>();
    const walk = (resource: CfnResource) => {
      const id = stack.resolve(resource.logicalId);
      if (seen.has(id)) return;
      seen.add(id);
      const rendered = stack.resolve(resource._toCloudFormation());
      hash.update(`${id}:${JSON.stringify(rendered)}\n`);
      values.collect(rendered);
      for (const ref of referencedIds(rendered)) {
        const target = index.resources.get(ref);
        if (target) walk(target);
      }
    };
    walk(this.cfn);
    if (this.extra !== undefined) hash.update(`extra:${stack.resolve(this.extra)}`);

    const id = stack.resolve(this.cfn.logicalId);
    const properties = stack.resolve(this.cfn._toCloudFormation()).Resources?.[id]?.Properties ?? {};
    const createOnly = Object.fromEntries(CREATE_ONLY.map((name) => [name, properties[name]]));
    const createOnlyHash = crypto.createHash('sha256').update(JSON.stringify(createOnly)).digest('hex').slice(0, 32);
    const createOnlyValues = new DeployTimeValues(stack, index);
    createOnlyValues.collect(createOnly);

    return {
      configHash: hash.digest('hex').slice(0, 32),
      deployTimeValues: values.join(),
      replacementHash: createOnlyValues.join(createOnlyHash) ?? createOnlyHash,
      noEcho: [...values.noEcho],
    };
  }
}

/** The stack's resources, parameters and conditions by logical id. */
class StackIndex {
  public readonly resources = new Map<string, CfnResource>();
  public readonly parameters = new Map<string, CfnParameter>();
  public readonly conditions = new Map<string, CfnCondition>();

  constructor(stack: Stack) {
    for (const c of stack.node.findAll()) {
      if (!(c instanceof CfnElement) || Stack.of(c) !== stack) continue;
      if (c instanceof CfnResource) this.resources.set(stack.resolve(c.logicalId), c);
      else if (c instanceof CfnParameter) this.parameters.set(stack.resolve(c.logicalId), c);
      else if (c instanceof CfnCondition) this.conditions.set(stack.resolve(c.logicalId), c);
    }
  }
}

/** A complete plain SSM dynamic reference (no braces inside). */
const SSM_REFERENCE = /\{\{resolve:ssm:[^{}]*\}\}/g;
const SSM_OPENING = '{{resolve:ssm:';
/** Dynamic references that CloudFormation never passes to custom resources. */
const SECURE_REFERENCE = /\{\{resolve:(ssm-secure|secretsmanager):/;

/**
 * Collects the deploy-time references of rendered template fragments (see `ServiceTemplate`),
 * each once, in the order met.
 */
class DeployTimeValues {
  /** NoEcho parameters met (left out). */
  public readonly noEcho = new Set<string>();
  private readonly values = new Map<string, unknown>();
  private readonly conditionsSeen = new Set<string>();

  constructor(private readonly stack: Stack, private readonly index: StackIndex) {}

  /** Walk a rendered fragment. */
  public collect(value: unknown): void {
    if (Array.isArray(value)) {
      value.forEach((v) => this.collect(v));
    } else if (typeof value === 'string') {
      for (const match of value.match(SSM_REFERENCE) ?? []) this.add(match);
    } else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) this.collectEntry(key, v, value);
    }
  }

  /** `{ 'Fn::Join': ['|', [...values, ...the collected ones]] }`, or undefined when there is nothing to join. */
  public join(...first: unknown[]): unknown {
    if (this.values.size === 0) return undefined;
    return { 'Fn::Join': ['|', [...first, ...this.values.values()]] };
  }

  private collectEntry(key: string, v: unknown, whole: object): void {
    switch (key) {
      case 'Ref':
        if (typeof v === 'string') this.addParameter(v);
        return;
      case 'Fn::ImportValue':
        this.add(whole); // CloudFormation resolves the import; its name needs no walk
        return;
      case 'Condition': // a resource's condition, a condition within a condition, or an IAM statement's
        if (typeof v === 'string') this.addCondition(v);
        else this.collect(v);
        return;
      case 'Fn::If':
        if (Array.isArray(v) && typeof v[0] === 'string') this.addCondition(v[0]);
        this.collect(Array.isArray(v) ? v.slice(1) : v);
        return;
      case 'Fn::Sub':
        this.collectSub(v, whole);
        return;
      case 'Fn::Join':
        // a dynamic reference built from parts: the whole Join is the value
        if (Array.isArray(v) && Array.isArray(v[1]) && v[1].some((part) => typeof part === 'string' && partialSsm(part))) this.addBuilt(whole);
        this.collect(v);
        return;
      case 'DependsOn':
        return;
      default:
        this.collect(v);
    }
  }

  /** Fn::Sub: parameters named in `${…}` (not `${!…}`, `${AWS::…}`, `${Res.Attr}` or a variable of its own). */
  private collectSub(v: unknown, whole: object): void {
    const [template, variables] = Array.isArray(v) ? [v[0], v[1] ?? {}] : [v, {}];
    if (typeof template !== 'string') return this.collect(v);
    if (partialSsm(template)) this.addBuilt(whole);
    else this.collect(template);
    for (const [, name] of template.matchAll(/\$\{([^!}][^}]*)\}/g)) {
      if (!(name in variables)) this.addParameter(name);
    }
    this.collect(variables);
  }

  private addParameter(id: string): void {
    const parameter = this.index.parameters.get(id);
    if (!parameter) return; // a resource, or a pseudo parameter (fixed for the stack)
    if (parameter.noEcho) {
      this.noEcho.add(id);
      return;
    }
    // Fn::Join takes strings: a list parameter is joined first
    this.add(isListType(parameter.type) ? { 'Fn::Join': [',', { Ref: id }] } : { Ref: id });
  }

  private addCondition(id: string): void {
    if (this.conditionsSeen.has(id)) return;
    this.conditionsSeen.add(id);
    const condition = this.index.conditions.get(id);
    if (condition) this.collect(this.stack.resolve(condition._toCloudFormation()));
  }

  /** A value built around a dynamic reference; never one holding a secure reference (CloudFormation would refuse it). */
  private addBuilt(value: object): void {
    if (!SECURE_REFERENCE.test(JSON.stringify(value))) this.add(value);
  }

  private add(value: unknown): void {
    const key = JSON.stringify(value);
    if (!this.values.has(key)) this.values.set(key, value);
  }
}

/** A string that opens an SSM dynamic reference it does not close (the rest is built around it). */
function partialSsm(text: string): boolean {
  return text.replace(SSM_REFERENCE, '').includes(SSM_OPENING);
}

/** Parameter types whose Ref is a list. */
function isListType(type: string): boolean {
  return type === 'CommaDelimitedList' || type.startsWith('List<') || /^AWS::SSM::Parameter::Value<(List<|CommaDelimitedList)/.test(type);
}

/** The logical ids a rendered template fragment references (Ref, Fn::GetAtt). */
function referencedIds(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((v) => referencedIds(v, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string') out.add(v);
      else if (k === 'Fn::GetAtt' && Array.isArray(v) && typeof v[0] === 'string') out.add(v[0]);
      else if (k !== 'DependsOn') referencedIds(v, out);
    }
  }
  return out;
}

/**
 * The service name in the pre-update grant, and as cdk-nag writes it in a finding id: the
 * name, or a parameter's value (`<Param>`); undefined when the name is generated or built
 * otherwise at deploy time (the grant is then on the service's ARN).
 */
function grantName(stack: Stack, serviceName: string | undefined): { grant: string; nag: string } | undefined {
  if (serviceName === undefined) return undefined;
  if (!Token.isUnresolved(serviceName)) return { grant: serviceName, nag: serviceName };
  const resolved = stack.resolve(serviceName);
  if (resolved && typeof resolved === 'object' && typeof resolved.Ref === 'string') return { grant: serviceName, nag: `<${resolved.Ref}>` };
  return undefined;
}

/**
 * Wire the custom resources of a service: nothing at all when no option is set (so a plain
 * Service synthesizes exactly as the alpha module's). The order of a deployment is
 * PreUpdateResume → CfnService → Deployment → RollbackCheck → RunState.
 */
export function wireServiceOperations(scope: Construct, cfn: CfnResource, serviceArn: string, options: ServiceOperationsOptions): ServiceOperations {
  const wanted = options.paused !== undefined || options.redeploy !== undefined || options.failOnRollback === true;
  if (!wanted) return {};

  const provider = OperationsProvider.of(scope);
  // the trigger too: a redeploy of a paused service resumes it first and pauses it after
  const template = new ServiceTemplate(cfn, options.redeploy);
  const hash = template.configHash();
  // Deploy-time values (parameters, imports, SSM): the resources that follow the service's
  // updates carry them too, absent when there are none
  const values = template.deployTimeValues();
  template.warnAboutNoEcho(scope);
  const ops: { -readonly [K in keyof ServiceOperations]: ServiceOperations[K] } = {};

  if (options.paused !== undefined) {
    ops.preUpdateResume = wirePreUpdateResume(scope, cfn, serviceArn, { ...options, runState: String(options.paused) }, template);
  }

  if (options.redeploy !== undefined) {
    ops.deployment = provider._customResource(scope, 'Deployment', DEPLOYMENT_TYPE, {
      ServiceArn: serviceArn,
      Trigger: options.redeploy,
    } satisfies DeploymentProperties);
    provider._grantHandlers([...SERVICE_ACTIONS, 'apprunner:StartDeployment'], [serviceArn], ops.deployment);
  }

  if (options.failOnRollback) {
    ops.rollbackCheck = provider._customResource(scope, 'RollbackCheck', ROLLBACK_CHECK_TYPE, {
      ServiceArn: serviceArn,
      ConfigHash: hash,
      DeployTimeValues: values,
    } satisfies RollbackCheckProperties);
    provider._grantHandlers(SERVICE_ACTIONS, [serviceArn], ops.rollbackCheck);
    if (ops.deployment) ops.rollbackCheck.node.addDependency(ops.deployment);
  }

  if (options.paused !== undefined) {
    ops.runState = provider._customResource(scope, 'RunState', RUN_STATE_TYPE, {
      ServiceArn: serviceArn,
      Paused: String(options.paused),
      ConfigHash: hash,
      DeployTimeValues: values,
    } satisfies RunStateProperties);
    provider._grantHandlers([...SERVICE_ACTIONS, 'apprunner:PauseService', 'apprunner:ResumeService'], [serviceArn], ops.runState);
    if (ops.deployment) ops.runState.node.addDependency(ops.deployment);
    if (ops.rollbackCheck) ops.runState.node.addDependency(ops.rollbackCheck);
  }

  return ops;
}

/**
 * The resource that runs before the CfnService update: it resumes a paused service (App
 * Runner refuses to update it otherwise), unless CloudFormation replaces the service
 * (ReplacementHash); its Deletes in the cleanup phase (of the update or of its rollback) apply
 * the run state of the template that stands (`runState`: "true"/"false" for `paused`, "keep"
 * for a service with a run schedule: the state the service was in when the deployment began).
 * It cannot reference the service (a cycle), so it finds it by its logical id in the stack. Its
 * permissions: on the service's name (`service/NAME/*`) in the functions' own policy when the
 * name is known at synth; else on the service's ARN, from the resource policy of the
 * deployment before (`OperationsProvider._grantHandlersBeforeService`).
 */
export function wirePreUpdateResume(scope: Construct, cfn: CfnResource, serviceArn: string,
  options: ServiceOperationsOptions & { readonly runState: string }, template = new ServiceTemplate(cfn, options.redeploy)): CustomResource {
  const provider = OperationsProvider.of(scope);
  if (options.runState === 'keep') template.warnAboutNoEcho(scope);
  const preUpdateResume = provider._customResource(scope, 'PreUpdateResume', PRE_UPDATE_RESUME_TYPE, {
    StackId: Aws.STACK_ID,
    ServiceLogicalId: Stack.of(cfn).getLogicalId(cfn),
    ConfigHash: template.configHash(),
    Paused: options.runState,
    ReplacementHash: template.replacementHash(),
    DeployTimeValues: template.deployTimeValues(),
  } satisfies PreUpdateResumeProperties);
  const actions = [...SERVICE_ACTIONS, 'apprunner:PauseService', 'apprunner:ResumeService'];
  const name = grantName(Stack.of(scope), options.serviceName);
  if (name) {
    // the service's name is known at synth (or a parameter's value): its ARNs, whatever the ID
    provider._grantHandlersDirectly(actions, [Stack.of(scope).formatArn({ service: 'apprunner', resource: 'service', resourceName: `${name.grant}/*` })]);
    acknowledgeFinding(provider, `AwsSolutions-IAM5[Resource::${nagAppRunnerArn(Stack.of(scope), `service/${name.nag}/*`)}]`,
      'The pre-update resume runs before its service in the dependency order and cannot reference its ARN: it may resume the service of '
      + 'that name (service/NAME/*, any ID), and pause it at the end of a deployment.');
  } else {
    // a generated name: the service's own ARN, granted since the deployment that created it
    provider._grantHandlersBeforeService(actions, serviceArn, preUpdateResume);
  }
  cfn.node.addDependency(preUpdateResume);
  return preUpdateResume;
}
