import * as crypto from 'crypto';
import { Aws, CfnResource, CustomResource, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgeFinding } from './acknowledge';
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
 * A hash of the CfnService's rendered properties: it changes exactly when the service's
 * configuration changes, which makes the resources that carry it update after (or before)
 * every service update.
 */
export function configHash(cfn: CfnResource): string {
  return Lazy.string({
    produce: () => {
      const rendered = Stack.of(cfn).resolve((cfn as any)._toCloudFormation());
      return crypto.createHash('sha256').update(JSON.stringify(rendered)).digest('hex').slice(0, 32);
    },
  });
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
  const hash = configHash(cfn);
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
    const stack = Stack.of(scope);
    const part = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
    acknowledgeFinding(provider, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:apprunner:${part(stack.region, 'AWS::Region')}:${part(stack.account, 'AWS::AccountId')}:service/${options.serviceName ?? '*'}/*]`,
      'The pre-update resume runs before its service in the dependency order and cannot reference its ARN: it may resume services named like it (service/NAME/*, or any name when the name is generated).');
    cfn.node.addDependency(ops.preUpdateResume);
  }

  if (options.redeploy !== undefined) {
    ops.deployment = provider.customResource(scope, 'Deployment', 'Custom::AppRunnerDeployment', {
      ServiceArn: serviceArn,
      Trigger: options.redeploy,
    });
    provider.grantHandlers([...SERVICE_ACTIONS, 'apprunner:StartDeployment'], [serviceArn], ops.deployment);
  }

  if (options.failOnRollback) {
    ops.rollbackCheck = provider.customResource(scope, 'RollbackCheck', 'Custom::AppRunnerRollbackCheck', {
      ServiceArn: serviceArn,
      ConfigHash: hash,
    });
    provider.grantHandlers(SERVICE_ACTIONS, [serviceArn], ops.rollbackCheck);
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
