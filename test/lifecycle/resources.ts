/**
 * Native (non-custom) resource models of the lifecycle driver: what CloudFormation's resource
 * handlers do for each type, against the loopback fakes. Generic resources only get a
 * physical id and plausible attributes; IAM resources are bookkeeping (their documents are
 * read by iam.ts from the live resources); App Runner services, auto scaling configurations,
 * Route 53 hosted zones and record sets (and ACM's validation records) live in the emulator /
 * fakes; ECS Express Mode services and listener certificates in the ELB fake. The models of
 * Express Mode services, listener certificates, record sets and ACM certificates are in
 * express-models.ts (registered in MODELS here); what every model shares (the model interface
 * and its context, ARNs, generated names) is in model-context.ts.
 */
import { CERTIFICATE, EXPRESS_SERVICE, LISTENER_CERTIFICATE, RECORD_SET } from './express-models';
import { ACCOUNT, arnOf, generatedName, ModelContext, NativeModel } from './model-context';
import { HarnessError, Json, ResourceFailure } from './template';
import { ApiError } from '../emulator/apprunner-emulator';
import { Route53Error } from '../emulator/route53-fake';

// names importable from here as before the split
export { ACCOUNT, REGION } from './model-context';
export type { Created, ModelContext, NativeModel, PhysicalResource } from './model-context';
export { acmValidationRecord, EXPRESS_INGRESS } from './express-models';

/**
 * Create-only properties (a change replaces the resource), from the CloudFormation registry
 * schemas cfn-lint ships (createOnlyProperties). Types not listed update in place.
 */
export const CREATE_ONLY: Record<string, string[]> = {
  'AWS::AppRunner::Service': ['ServiceName', 'EncryptionConfiguration', 'Tags'],
  'AWS::AppRunner::AutoScalingConfiguration': ['AutoScalingConfigurationName', 'MaxConcurrency', 'MaxSize', 'MinSize', 'Tags'],
  'AWS::AppRunner::ObservabilityConfiguration': ['ObservabilityConfigurationName', 'TraceConfiguration', 'Tags'],
  'AWS::AppRunner::VpcConnector': ['VpcConnectorName', 'Subnets', 'SecurityGroups', 'Tags'],
  'AWS::AppRunner::VpcIngressConnection': ['VpcIngressConnectionName', 'ServiceArn', 'Tags'],
  'AWS::IAM::ManagedPolicy': ['ManagedPolicyName', 'Description', 'Path'],
  'AWS::IAM::RolePolicy': ['PolicyName', 'RoleName'],
  'AWS::IAM::Role': ['RoleName', 'Path'],
  'AWS::Route53::HostedZone': ['Name'],
  'AWS::Route53::RecordSet': ['HostedZoneName', 'Name', 'HostedZoneId'],
  'AWS::Lambda::Function': ['FunctionName', 'PackageType', 'TenancyConfig'],
  'AWS::SSM::Parameter': ['Name'],
  'AWS::StepFunctions::StateMachine': ['StateMachineName', 'StateMachineType'],
  'AWS::Scheduler::Schedule': ['Name'],
  'AWS::WAFv2::WebACLAssociation': ['ResourceArn', 'WebACLArn'],
  'AWS::Logs::LogGroup': ['LogGroupName'],
  'AWS::SecretsManager::Secret': ['Name'],
  'AWS::EC2::VPCEndpoint': ['ServiceName', 'VpcEndpointType', 'VpcId', 'ServiceNetworkArn', 'ResourceConfigurationArn', 'ServiceRegion'],
  'AWS::ECS::ExpressGatewayService': ['ServiceName', 'Cluster', 'InfrastructureRoleArn', 'Tags'],
  'AWS::ElasticLoadBalancingV2::ListenerCertificate': ['ListenerArn'],
  'AWS::CertificateManager::Certificate': ['SubjectAlternativeNames', 'DomainValidationOptions', 'ValidationMethod', 'KeyAlgorithm', 'DomainName', 'CertificateAuthorityArn'],
};

/**
 * The name property of types whose replacement CloudFormation refuses while the name stays
 * ("CloudFormation cannot update a stack when a custom-named resource requires replacing").
 */
export const NAME_PROPERTY: Record<string, string> = {
  'AWS::AppRunner::Service': 'ServiceName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::SSM::Parameter': 'Name',
  'AWS::Route53::HostedZone': 'Name',
  'AWS::ECS::ExpressGatewayService': 'ServiceName',
};

/** Anything not modelled: `${LogicalId}-${n}` and an Arn. */
const GENERIC: NativeModel = {
  create(ctx) {
    const physicalId = `${ctx.logicalId}-${ctx.counter()}`;
    return { physicalId, ref: physicalId, attributes: {} };
  },
  update: () => ({ effective: true }),
  delete: () => undefined,
};

/** Attribute of a generic resource: Arn is a plausible ARN, anything else a placeholder. */
export function genericAttribute(type: string, physicalId: string, name: string): Json {
  const [, service, kind] = type.split('::');
  if (name === 'Arn') return arnOf(service.toLowerCase(), `${kind.toLowerCase()}/${physicalId}`);
  return `${physicalId}.${name}`;
}

const ROLE: NativeModel = {
  create(ctx, props) {
    const name = props.RoleName ?? generatedName(ctx, 64);
    const path = props.Path ?? '/';
    return { physicalId: name, ref: name, attributes: { Arn: `arn:aws:iam::${ACCOUNT}:role${path}${name}`, RoleId: `AROA${ctx.suffix()}` } };
  },
  update: () => ({ effective: true }),
  delete: () => undefined,
};

const MANAGED_POLICY: NativeModel = {
  create(ctx, props) {
    const name = props.ManagedPolicyName ?? generatedName(ctx, 128);
    const arn = `arn:aws:iam::${ACCOUNT}:policy${props.Path ?? '/'}${name}`;
    return { physicalId: arn, ref: arn, attributes: { PolicyArn: arn, PolicyId: `ANPA${ctx.suffix()}` } };
  },
  update: () => ({ effective: true }),
  delete: () => undefined,
};

const INLINE_POLICY: NativeModel = {
  create(ctx) {
    const physicalId = generatedName(ctx, 60);
    return { physicalId, ref: physicalId, attributes: { Id: physicalId } };
  },
  update: () => ({ effective: true }),
  delete: () => undefined,
};

const LAMBDA: NativeModel = {
  create(ctx, props) {
    const name = props.FunctionName ?? generatedName(ctx, 64);
    return { physicalId: name, ref: name, attributes: { Arn: arnOf('lambda', `function:${name}`) } };
  },
  update: () => ({ effective: true }),
  delete: () => undefined,
};

const STATE_MACHINE: NativeModel = {
  create(ctx, props) {
    const name = props.StateMachineName ?? generatedName(ctx, 80);
    const arn = arnOf('states', `stateMachine:${name}`);
    return { physicalId: arn, ref: arn, attributes: { Arn: arn, Name: name } };
  },
  update: () => ({ effective: true }),
  delete: () => undefined,
};

const SSM_PARAMETER: NativeModel = {
  create(ctx, props) {
    const name = props.Name ?? `CFN-${ctx.logicalId}-${ctx.suffix()}`;
    if (ctx.ssm.has(name)) throw new ResourceFailure(`Resource of type 'AWS::SSM::Parameter' with identifier '${name}' already exists.`);
    ctx.ssm.set(name, String(props.Value));
    return { physicalId: name, ref: name, attributes: { Type: props.Type ?? 'String', Value: String(props.Value) } };
  },
  update(ctx, current, props) {
    ctx.ssm.set(current.physicalId, String(props.Value));
    return { attributes: { ...current.attributes, Value: String(props.Value) }, effective: true };
  },
  delete(ctx, current) {
    ctx.ssm.delete(current.physicalId);
  },
};

const HOSTED_ZONE: NativeModel = {
  create(ctx, props) {
    const zone = ctx.route53.createHostedZone(String(props.Name));
    return { physicalId: zone.id, ref: zone.id, attributes: { Id: zone.id, NameServers: zone.nameServers } };
  },
  update: () => ({ effective: true }),
  delete(ctx, current) {
    try {
      ctx.route53.deleteHostedZone(current.physicalId);
    } catch (e) {
      if (e instanceof Route53Error && e.code === 'NoSuchHostedZone') return;
      if (e instanceof Route53Error) throw new ResourceFailure(`${e.message} (Service: Route53, Status Code: 400, Error Code: ${e.code})`);
      throw e;
    }
  },
};

/** Wait (reading the emulator, as CloudFormation polls DescribeService) until the service's operation ends. */
function waitForOperation(ctx: ModelContext, arn: string, operationId: string | undefined): string {
  for (let i = 0; i < ctx.maxWaits; i++) {
    const service = ctx.appRunner.observe(arn);
    if (!service) throw new ResourceFailure(`App Runner service ${arn} disappeared while CloudFormation waited for it`);
    const op = operationId ? ctx.appRunner.operationOf(arn, operationId) : service.operations[0];
    if (!op || op.EndedAt !== undefined) return op?.Status ?? 'SUCCEEDED';
  }
  throw new HarnessError(`App Runner operation ${operationId} of ${arn} did not end after ${ctx.maxWaits} reads`);
}

const appRunnerFailure = (e: unknown): never => {
  if (e instanceof ApiError) {
    throw new ResourceFailure(`Resource handler returned message: "${e.message} (Service: AppRunner, Status Code: ${e.status}, Error Code: ${e.type})"`);
  }
  throw e;
};

/**
 * AWS::AppRunner::Service: CreateService (and waits for RUNNING); an update is UpdateService
 * (refused while PAUSED or busy; CloudFormation waits for the operation and, as in App Runner,
 * takes ROLLBACK_SUCCEEDED for success); delete is DeleteService after any running operation.
 */
const APP_RUNNER_SERVICE: NativeModel = {
  create(ctx, props) {
    const name = props.ServiceName ?? generatedName(ctx, 40).replace(/[^A-Za-z0-9_-]/g, '-');
    let service;
    try {
      service = ctx.appRunner.createService(name);
      // issue 12 part 1: the Tags it was created with
      if (Array.isArray(props.Tags)) service.tags = Object.fromEntries(props.Tags.map((t: { Key: string; Value: string }) => [t.Key, t.Value]));
    } catch (e) {
      return appRunnerFailure(e);
    }
    const ended = waitForOperation(ctx, service.arn, service.operations[0].Id);
    const attributes = {
      ServiceArn: service.arn,
      ServiceId: service.arn.split('/')[2],
      ServiceUrl: `${service.arn.split('/')[2].slice(0, 10)}.us-east-1.awsapprunner.com`,
      Status: service.status,
    };
    if (ended !== 'SUCCEEDED') {
      // the service exists (CREATE_FAILED): CloudFormation knows its physical id and deletes it in the rollback
      throw Object.assign(new ResourceFailure(`Resource handler returned message: "Service ${name} ended ${service.status} (operation ${ended})"`),
        { created: { physicalId: service.arn, ref: service.arn, attributes } });
    }
    return { physicalId: service.arn, ref: service.arn, attributes };
  },
  update(ctx, current) {
    let operationId: string;
    try {
      operationId = ctx.appRunner.updateService(current.physicalId).operationId;
    } catch (e) {
      return appRunnerFailure(e);
    }
    const ended = waitForOperation(ctx, current.physicalId, operationId);
    // App Runner reports a rolled-back update as a success to CloudFormation (the gap the library's rollback check closes)
    if (ended === 'FAILED' || ended === 'ROLLBACK_FAILED') {
      throw Object.assign(new ResourceFailure(`Resource handler returned message: "Service update ${operationId} ended ${ended}"`), { effective: true });
    }
    return { attributes: { ...current.attributes, Status: ctx.appRunner.services.get(current.physicalId)?.status }, effective: true };
  },
  delete(ctx, current) {
    if (!ctx.appRunner.services.has(current.physicalId)) return;
    waitForOperation(ctx, current.physicalId, undefined);
    ctx.appRunner.deleteService(current.physicalId);
  },
};

const AUTO_SCALING_CONFIGURATION: NativeModel = {
  create(ctx, props) {
    const name = props.AutoScalingConfigurationName ?? generatedName(ctx, 32).replace(/[^A-Za-z0-9_-]/g, '-');
    const { arn, revision } = ctx.appRunner.createAutoScalingConfiguration(name);
    ctx.appRunner.resourceTags.set(arn, tagsOf(props)); // issue 12 part 1
    return { physicalId: arn, ref: arn, attributes: { AutoScalingConfigurationArn: arn, AutoScalingConfigurationRevision: revision, Latest: true } };
  },
  update: () => ({ effective: true }),
  delete(ctx, current) {
    ctx.appRunner.deleteAutoScalingConfiguration(current.physicalId);
    ctx.appRunner.resourceTags.delete(current.physicalId);
  },
};

/** Other App Runner configurations: an ARN that is also the Ref, `<Kind>Arn` and `<Kind>Revision`. */
function appRunnerConfiguration(kind: string, arnKind: string, nameProperty: string): NativeModel {
  return {
    create(ctx, props) {
      const name = props[nameProperty] ?? generatedName(ctx, 32).replace(/[^A-Za-z0-9_-]/g, '-');
      const arn = arnOf('apprunner', `${arnKind}/${name}/1/${ctx.suffix().toLowerCase()}`);
      ctx.appRunner.resourceTags.set(arn, tagsOf(props)); // issue 12 part 1
      return { physicalId: arn, ref: arn, attributes: { [`${kind}Arn`]: arn, [`${kind}Revision`]: 1, Latest: true } };
    },
    update: () => ({ effective: true }),
    delete: (ctx, current) => {
      ctx.appRunner.resourceTags.delete(current.physicalId);
    },
  };
}

/** Issue 12 part 1: the Tags property of an App Runner resource as key → value. */
function tagsOf(props: any): Record<string, string> {
  return Object.fromEntries((Array.isArray(props.Tags) ? props.Tags : []).map((t: { Key: string; Value: string }) => [t.Key, t.Value]));
}

export const MODELS: Record<string, NativeModel> = {
  'AWS::IAM::Role': ROLE,
  'AWS::IAM::ManagedPolicy': MANAGED_POLICY,
  'AWS::IAM::Policy': INLINE_POLICY,
  'AWS::IAM::RolePolicy': INLINE_POLICY,
  'AWS::Lambda::Function': LAMBDA,
  'AWS::StepFunctions::StateMachine': STATE_MACHINE,
  'AWS::SSM::Parameter': SSM_PARAMETER,
  'AWS::Route53::HostedZone': HOSTED_ZONE,
  'AWS::AppRunner::Service': APP_RUNNER_SERVICE,
  'AWS::AppRunner::AutoScalingConfiguration': AUTO_SCALING_CONFIGURATION,
  'AWS::AppRunner::ObservabilityConfiguration': appRunnerConfiguration('ObservabilityConfiguration', 'observabilityconfiguration', 'ObservabilityConfigurationName'),
  'AWS::AppRunner::VpcConnector': appRunnerConfiguration('VpcConnector', 'vpcconnector', 'VpcConnectorName'),
  'AWS::AppRunner::VpcIngressConnection': appRunnerConfiguration('VpcIngressConnection', 'vpcingressconnection', 'VpcIngressConnectionName'),
  'AWS::ECS::ExpressGatewayService': EXPRESS_SERVICE,
  'AWS::ElasticLoadBalancingV2::ListenerCertificate': LISTENER_CERTIFICATE,
  'AWS::Route53::RecordSet': RECORD_SET,
  'AWS::CertificateManager::Certificate': CERTIFICATE,
};

export function modelOf(type: string): NativeModel {
  return MODELS[type] ?? GENERIC;
}

/** Whether CloudFormation treats the type as a custom resource. */
export function isCustomResource(type: string): boolean {
  return type === 'AWS::CloudFormation::CustomResource' || type.startsWith('Custom::');
}
