/**
 * Templates for the driver's self-tests: CDK stacks of this library, and a hand-written
 * template with the same shape as the library's provider (two handler functions, the
 * Provider framework's onEvent and isComplete functions, the waiter state machine) whose IAM
 * is spelled out, so that tests can take permissions away.
 */
import { App, CfnResource, Stack, Tags } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Statement } from './iam';
import type { ResourceEvent } from './stack';
import { dependencyGraph, Json, Template, TemplateResource } from './template';
import { Service, Source } from '../../src';

export const IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';

export interface ServiceStackProps {
  readonly paused?: boolean;
  readonly failOnRollback?: boolean;
  readonly env?: Record<string, string>;
  readonly tag?: string;
  readonly domain?: boolean;
  /** A Custom::HarnessFault that runs after every other resource (Fail "true" fails it). */
  readonly fault?: boolean;
}

/** A CDK stack with one Service of this library (and optionally a custom domain). */
export function serviceStack(props: ServiceStackProps = {}, build?: (stack: Stack, service: Service) => void): Stack {
  const stack = new Stack(new App(), 'Test', { env: { account: '123456789012', region: 'us-east-1' } });
  const service = new Service(stack, 'Svc', {
    source: Source.fromEcrPublic({ imageConfiguration: { port: 8000, environmentVariables: props.env ?? { V: 'a' } }, imageIdentifier: IMAGE }),
    paused: props.paused,
    failOnRollback: props.failOnRollback,
  });
  if (props.domain) {
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'ZEXAMPLE', zoneName: 'example.com' });
    service.addCustomDomain({ domainName: 'api.example.com', hostedZone: zone, enableWwwSubdomain: false });
  }
  if (props.tag) Tags.of(service).add('release', props.tag);
  if (props.fault) {
    const fault = new CfnResource(stack, 'Fault', { type: 'Custom::HarnessFault', properties: { Fail: 'true' } });
    for (const child of stack.node.findAll()) {
      if (child instanceof CfnResource && child !== fault && /^Custom::AppRunner|^AWS::AppRunner::Service$/.test(child.cfnResourceType)) fault.addDependency(child);
    }
  }
  build?.(stack, service);
  return stack;
}

/** The ids of the resources of a type in a template. */
export function idsOf(template: Template, type: string | RegExp): string[] {
  return Object.entries(template.Resources).filter(([, r]) => (typeof type === 'string' ? r.Type === type : type.test(r.Type))).map(([id]) => id);
}

/** Check that events create (reverse: delete) resources in an order the template's dependencies allow. */
export function expectValidOrder(template: Template, events: readonly ResourceEvent[], action: 'create' | 'delete'): string[] {
  const graph = dependencyGraph(template, new Set(Object.keys(template.Resources)));
  const started = events.filter((e) => e.action === action && e.status.endsWith('_IN_PROGRESS')).map((e) => e.logicalId);
  const completed = events.filter((e) => e.action === action && e.status.endsWith('_COMPLETE')).map((e) => e.logicalId);
  for (const [id, deps] of graph) {
    for (const d of deps) {
      if (!started.includes(id) || !started.includes(d)) continue;
      // create: a dependency completes before its dependent starts; delete: the other way round
      const [first, then] = action === 'create' ? [d, id] : [id, d];
      const doneAt = events.findIndex((e) => e.logicalId === first && e.action === action && e.status.endsWith('_COMPLETE'));
      const startAt = events.findIndex((e) => e.logicalId === then && e.action === action && e.status.endsWith('_IN_PROGRESS'));
      if (doneAt < 0 || doneAt > startAt) throw new Error(`${action} order: ${then} started before ${first} completed`);
    }
  }
  expect(completed.sort()).toEqual([...new Set(started)].sort());
  return started;
}

const lambdaRole = (): TemplateResource => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
  },
});

const fn = (role: string, description: string, env?: Record<string, Json>, dependsOn?: string[]): TemplateResource => ({
  Type: 'AWS::Lambda::Function',
  Properties: {
    Code: { ZipFile: 'exports.handler = async () => ({})' },
    Handler: 'index.handler',
    Runtime: 'nodejs22.x',
    Description: description,
    Role: { 'Fn::GetAtt': [role, 'Arn'] },
    ...(env ? { Environment: { Variables: env } } : {}),
  },
  ...(dependsOn ? { DependsOn: dependsOn } : {}),
});

export interface HandWrittenProps {
  /** The statements of the handlers' policy (HandlerPolicy, an AWS::IAM::Policy on both handler roles). */
  readonly handlerStatements: Statement[];
  /** The framework's own grants (default: invoke both handlers, start the waiter). */
  readonly frameworkStatements?: Json[];
  /** More resources (custom resources use ServiceToken: { 'Fn::GetAtt': ['FrameworkOnEvent', 'Arn'] }). */
  readonly resources?: Record<string, TemplateResource>;
}

/**
 * A hand-written template in the shape of the library's provider, with an App Runner service
 * `Svc` and whatever `resources` add.
 */
export function handWritten(props: HandWrittenProps): Template {
  const handlerArns = [{ 'Fn::GetAtt': ['OnEventFn', 'Arn'] }, { 'Fn::GetAtt': ['IsCompleteFn', 'Arn'] }];
  return {
    Resources: {
      OnEventRole: lambdaRole(),
      IsCompleteRole: lambdaRole(),
      FrameworkRole: lambdaRole(),
      HandlerPolicy: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: 'handlers',
          PolicyDocument: { Version: '2012-10-17', Statement: props.handlerStatements },
          Roles: [{ Ref: 'OnEventRole' }, { Ref: 'IsCompleteRole' }],
        },
      },
      FrameworkPolicy: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: 'framework',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: props.frameworkStatements ?? [
              { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: handlerArns },
              { Effect: 'Allow', Action: 'states:StartExecution', Resource: { Ref: 'Waiter' } },
            ],
          },
          Roles: [{ Ref: 'FrameworkRole' }],
        },
      },
      OnEventFn: fn('OnEventRole', 'cdk-apprunner-kit: onEvent (hand-written)'),
      IsCompleteFn: fn('IsCompleteRole', 'cdk-apprunner-kit: isComplete (hand-written)'),
      FrameworkIsComplete: fn('FrameworkRole', 'framework isComplete'),
      Waiter: {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: {
          DefinitionString: { 'Fn::Sub': '{"StartAt":"framework-isComplete-task","States":{"framework-isComplete-task":{"Type":"Task","Resource":"${FrameworkIsComplete.Arn}","End":true}}}' },
          RoleArn: { 'Fn::GetAtt': ['FrameworkRole', 'Arn'] },
        },
      },
      FrameworkOnEvent: fn('FrameworkRole', 'framework onEvent', {
        USER_ON_EVENT_FUNCTION_ARN: handlerArns[0],
        USER_IS_COMPLETE_FUNCTION_ARN: handlerArns[1],
        WAITER_STATE_MACHINE_ARN: { Ref: 'Waiter' },
      }, ['FrameworkPolicy']),
      Svc: {
        Type: 'AWS::AppRunner::Service',
        Properties: { SourceConfiguration: { ImageRepository: { ImageIdentifier: IMAGE, ImageRepositoryType: 'ECR_PUBLIC' } } },
      },
      ...props.resources,
    },
  };
}

/** A custom resource of the hand-written provider. */
export function customResource(type: string, properties: Record<string, Json>, dependsOn?: string[]): TemplateResource {
  return {
    Type: type,
    Properties: { ServiceToken: { 'Fn::GetAtt': ['FrameworkOnEvent', 'Arn'] }, ...properties },
    ...(dependsOn ? { DependsOn: dependsOn } : {}),
  };
}
