import * as crypto from 'crypto';
import { Aws, CfnResource, CustomResource, Lazy, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgeFinding, nagAppRunnerArn } from './acknowledge';
import { OperationsProvider } from '../operations/operations-provider';

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

/**
 * A hash of the CfnService's rendered properties and of every resource of the stack they
 * reference (transitively: a replaced auto scaling configuration or VPC connector changes the
 * service's ARN references, which the unresolved Fn::GetAtt alone would not show), plus
 * `extra` (the redeploy trigger). It changes whenever CloudFormation may update the service or
 * a deployment is due, which makes the resources that carry it run before or after that.
 */
export function configHash(cfn: CfnResource, extra?: string): string {
  return Lazy.string({
    produce: () => {
      const stack = Stack.of(cfn);
      const byLogicalId = new Map<string, CfnResource>();
      for (const c of stack.node.findAll()) {
        if (c instanceof CfnResource && Stack.of(c) === stack) byLogicalId.set(stack.resolve(c.logicalId), c);
      }
      const hash = crypto.createHash('sha256');
      const seen = new Set<string>();
      const visit = (resource: CfnResource) => {
        const id = stack.resolve(resource.logicalId);
        if (seen.has(id)) return;
        seen.add(id);
        const rendered = stack.resolve((resource as any)._toCloudFormation());
        const json = JSON.stringify(rendered);
        hash.update(`${id}:${json}\n`);
        for (const ref of referencedIds(rendered)) {
          const target = byLogicalId.get(ref);
          if (target) visit(target);
        }
      };
      visit(cfn);
      if (extra !== undefined) hash.update(`extra:${stack.resolve(extra)}`);
      return hash.digest('hex').slice(0, 32);
    },
  });
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
 * Wire the custom resources of a service: nothing at all when no option is set (so a plain
 * Service synthesizes exactly as the alpha module's). The order of a deployment is
 * PreUpdateResume → CfnService → Deployment → RollbackCheck → RunState.
 */
export function wireServiceOperations(scope: Construct, cfn: CfnResource, serviceArn: string, options: ServiceOperationsOptions): ServiceOperations {
  const wanted = options.paused !== undefined || options.redeploy !== undefined || options.failOnRollback === true;
  if (!wanted) return {};

  const provider = OperationsProvider.of(scope);
  // the trigger too: a redeploy of a paused service resumes it first and pauses it after
  const hash = configHash(cfn, options.redeploy);
  const ops: { -readonly [K in keyof ServiceOperations]: ServiceOperations[K] } = {};

  if (options.paused !== undefined) {
    // Runs before the CfnService update: resumes a paused service (App Runner refuses to
    // update it otherwise). It cannot reference the service (a cycle), so it finds it by its
    // logical id in the stack, and its permissions are in the functions' own policy.
    ops.preUpdateResume = provider.customResource(scope, 'PreUpdateResume', 'Custom::AppRunnerPreUpdateResume', {
      StackId: Aws.STACK_ID,
      ServiceLogicalId: Stack.of(cfn).getLogicalId(cfn),
      ConfigHash: hash,
    });
    provider.grantHandlersDirectly(['cloudformation:DescribeStackResource'], [Aws.STACK_ID]);
    // Scoped to the service's name when it is known at synth; otherwise to the services of
    // this account and region (the generated name is only known after creation).
    provider.grantHandlersDirectly([...SERVICE_ACTIONS, 'apprunner:ResumeService'], [
      Stack.of(scope).formatArn({ service: 'apprunner', resource: 'service', resourceName: `${options.serviceName ?? '*'}/*` }),
    ]);
    acknowledgeFinding(provider, `AwsSolutions-IAM5[Resource::${nagAppRunnerArn(Stack.of(scope), `service/${options.serviceName ?? '*'}/*`)}]`,
      'The pre-update resume runs before its service in the dependency order and cannot reference its ARN: it may resume services named like it (service/NAME/*, or any name when the name is generated).');
    cfn.node.addDependency(ops.preUpdateResume);
  }

  if (options.redeploy !== undefined) {
    ops.deployment = provider.customResource(scope, 'Deployment', 'Custom::AppRunnerDeployment', {
      ServiceArn: serviceArn,
      Trigger: options.redeploy,
    });
    provider.grantHandlers([...SERVICE_ACTIONS, 'apprunner:StartDeployment'], [serviceArn], ops.deployment);
    provider.grantHandlersDirectly(['cloudformation:DescribeStacks'], [Aws.STACK_ID]); // rolling back?
  }

  if (options.failOnRollback) {
    ops.rollbackCheck = provider.customResource(scope, 'RollbackCheck', 'Custom::AppRunnerRollbackCheck', {
      ServiceArn: serviceArn,
      ConfigHash: hash,
    });
    provider.grantHandlers(SERVICE_ACTIONS, [serviceArn], ops.rollbackCheck);
    provider.grantHandlersDirectly(['cloudformation:DescribeStacks'], [Aws.STACK_ID]); // rolling back?
    if (ops.deployment) ops.rollbackCheck.node.addDependency(ops.deployment);
  }

  if (options.paused !== undefined) {
    ops.runState = provider.customResource(scope, 'RunState', 'Custom::AppRunnerRunState', {
      ServiceArn: serviceArn,
      Paused: String(options.paused),
      ConfigHash: hash,
    });
    provider.grantHandlers([...SERVICE_ACTIONS, 'apprunner:PauseService', 'apprunner:ResumeService'], [serviceArn], ops.runState);
    if (ops.deployment) ops.runState.node.addDependency(ops.deployment);
    if (ops.rollbackCheck) ops.runState.node.addDependency(ops.rollbackCheck);
  }

  return ops;
}
