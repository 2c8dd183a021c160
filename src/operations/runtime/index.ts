/**
 * The custom-resource handlers of cdk-apprunner-kit: `onEvent` and `isComplete`, the two entry
 * points of the stack's operations provider. projen's lambdaAutoDiscover bundles
 * ../functions/on-event.lambda.ts and is-complete.lambda.ts (which export them as `handler`) into
 * assets/operations/functions/on-event.lambda/index.js and is-complete.lambda/index.js.
 *
 * The SDK clients use the default configuration of the Lambda runtime's AWS SDK, so
 * AWS_REGION and the endpoint variables (AWS_ENDPOINT_URL_APPRUNNER,
 * AWS_ENDPOINT_URL_ROUTE_53, AWS_ENDPOINT_URL_CLOUDFORMATION, AWS_ENDPOINT_URL_STS,
 * AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2) are honoured.
 */
import { AppRunnerClient } from '@aws-sdk/client-apprunner';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Route53Client } from '@aws-sdk/client-route-53';
import { STSClient } from '@aws-sdk/client-sts';
import type { CustomResourceType } from '../contract';
import { ConnectionCheckHandler, ConnectionHandler } from './connection'; // issue 12 part 2: connections
import { CustomDomainHandler } from './custom-domain';
import { DefaultAutoScalingHandler } from './default-auto-scaling';
import { DeploymentHandler } from './deployment';
import { DomainClients, RoleSource, TemporaryCredentials } from './domain-roles';
import { ExpressDomainHandler } from './express-domain'; // issue 13: traffic cutover to ECS Express Mode
import { PreUpdateResumeHandler } from './pre-update-resume';
import { ResourceHandler } from './resource-handler';
import { RollbackCheckHandler } from './rollback-check';
import { RunStateHandler } from './run-state';
import { TagsHandler } from './tags';
import { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './types';

/** The SDK clients a handler may use (tests inject fakes). */
export interface Clients {
  readonly appRunner: AppRunnerClient;
  readonly cloudFormation: CloudFormationClient;
  readonly route53: Route53Client;
  /** For the host names of a custom domain on ECS Express Mode's load balancer. */
  readonly elb: ElasticLoadBalancingV2Client;
  /** For the custom-domain handler's domain roles. */
  readonly sts: STSClient;
  /** Clients that sign with assumed credentials (the same configuration otherwise). */
  readonly withCredentials: (credentials: TemporaryCredentials) => DomainClients;
}

/** The clients with this configuration (the SDK's defaults, with a region in tests). */
export function createClients(config: { readonly region?: string } = {}): Clients {
  return {
    appRunner: new AppRunnerClient(config),
    cloudFormation: new CloudFormationClient(config),
    route53: new Route53Client(config),
    elb: new ElasticLoadBalancingV2Client(config),
    sts: new STSClient(config),
    withCredentials: (credentials) => ({
      appRunner: new AppRunnerClient({ ...config, credentials }),
      route53: new Route53Client({ ...config, credentials }),
    }),
  };
}

let defaultClients: Clients | undefined;

/** Clients with the SDK's default configuration, created once per Lambda container. */
export function clients(): Clients {
  defaultClients ??= createClients();
  return defaultClients;
}

/** Where the custom-domain handler's credentials come from: its own clients, STS and assumed clients. */
function roleSource(c: Clients): RoleSource {
  return { own: { appRunner: c.appRunner, route53: c.route53 }, sts: c.sts, clientsWith: c.withCredentials };
}

/** The resource types this handler serves: those of the contract (../contract.ts; test/operations/contract.test.ts checks it is all of them). */
export const RESOURCE_TYPES = [
  'Custom::AppRunnerRunState',
  'Custom::AppRunnerPreUpdateResume',
  'Custom::AppRunnerDeployment',
  'Custom::AppRunnerRollbackCheck',
  'Custom::AppRunnerDefaultAutoScaling',
  'Custom::AppRunnerCustomDomain',
  // issue 12 part 1: tags updated in place
  'Custom::AppRunnerTags',
  // issue 12 part 2: connections
  'Custom::AppRunnerConnection',
  'Custom::AppRunnerConnectionCheck',
  // issue 13: traffic cutover to ECS Express Mode
  'Custom::AppRunnerExpressDomain',
] as const satisfies readonly CustomResourceType[];

/** The handler for one event. */
export function handlerFor(event: OnEventRequest | IsCompleteRequest, c: Clients = clients(), now?: () => number): ResourceHandler {
  // the contract's types: a case that is none of them does not compile
  switch (event.ResourceType as CustomResourceType) {
    case 'Custom::AppRunnerRunState': return new RunStateHandler(c.appRunner, event, now);
    case 'Custom::AppRunnerPreUpdateResume': return new PreUpdateResumeHandler(c.appRunner, c.cloudFormation, event, now);
    case 'Custom::AppRunnerDeployment': return new DeploymentHandler(c.appRunner, c.cloudFormation, event, now);
    case 'Custom::AppRunnerRollbackCheck': return new RollbackCheckHandler(c.appRunner, c.cloudFormation, event, now);
    case 'Custom::AppRunnerDefaultAutoScaling': return new DefaultAutoScalingHandler(c.appRunner, event, now);
    case 'Custom::AppRunnerCustomDomain': return new CustomDomainHandler(roleSource(c), c.cloudFormation, event, now);
    // issue 12 part 1: tags updated in place
    case 'Custom::AppRunnerTags': return new TagsHandler(c.appRunner, event, now);
    // issue 12 part 2: connections
    case 'Custom::AppRunnerConnection': return new ConnectionHandler(c.appRunner, event, now);
    case 'Custom::AppRunnerConnectionCheck': return new ConnectionCheckHandler(c.appRunner, event, now);
    // issue 13: traffic cutover to ECS Express Mode
    case 'Custom::AppRunnerExpressDomain': return new ExpressDomainHandler(c.elb, c.cloudFormation, event, now);
    default:
      throw new Error(`Unsupported resource type ${JSON.stringify(event.ResourceType)}; this handler serves ${RESOURCE_TYPES.join(', ')}`);
  }
}

/** The Provider's onEvent handler. */
export async function onEvent(event: OnEventRequest): Promise<OnEventResponse> {
  log('onEvent', event);
  return handlerFor(event).onEvent();
}

/** The Provider's isComplete handler. */
export async function isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
  const response = await handlerFor(event).isComplete();
  log('isComplete', { ResourceType: event.ResourceType, RequestType: event.RequestType, IsComplete: response.IsComplete });
  return response;
}

function log(what: string, value: unknown): void {
  if (process.env.APPRUNNER_KIT_QUIET !== 'true') console.log(`${what}: ${JSON.stringify(value)}`);
}
