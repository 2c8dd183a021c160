import { Annotations, Lazy, PhysicalName, Stack, TagManager } from 'aws-cdk-lib';
import { CfnService } from 'aws-cdk-lib/aws-apprunner';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { propertyInjectable } from 'aws-cdk-lib/core/lib/prop-injectable';
import { Construct, IConstruct } from 'constructs';
import { ConfigurationSourceType, ImageRepositoryType, IpAddressType } from './enums';
import { RunSchedule, RunScheduleOptions } from './run-schedule';
import { Secret } from './secret';
import { IService, ServiceAttributes, ServiceBase } from './service-base';
import { ServiceProps } from './service-props';
import { CodeConfigurationValues, ImageRepository, SourceConfig } from './source-props';
import { CustomDomain, CustomDomainOptions } from '../custom-domain/custom-domain';
import { ServiceOperations, wirePreUpdateResume, wireServiceOperations } from '../operations/service-operations';
import { acknowledgeFinding } from '../private/acknowledge';
import { claimServiceName } from '../private/app-checks';
import { addConnectionCheck } from '../private/connection-grants';
import { warnFixedName, watchCreateOnlyTags } from '../private/create-only';
import { serviceArnForName, serviceIdFromArn, serviceNameFromArn } from '../private/service-arn';
import { NamedSecret, ReplayFeed, setServiceHooks } from '../private/service-hooks';
import { checkCpuMemoryPair, checkEnvironmentName, checkSecretReference } from '../private/service-rules';
import { sourceEnvironmentSecrets, sourceEnvironmentVariables } from '../private/source-environment';
import { wireTagsInPlace } from '../private/tags-in-place';
import { checkResourceName, fail, unknownAttribute } from '../private/validation';

/**
 * A name/value pair of the rendered environment.
 */
interface EnvironmentEntry {
  readonly name: string;
  readonly value: string;
}

/**
 * The App Runner Service.
 *
 * @resource AWS::AppRunner::Service
 */
@propertyInjectable
export class Service extends ServiceBase implements iam.IGrantable {
  /**
   * Identifies this class to property injectors (aws-cdk-lib `PropertyInjectors`): the alpha
   * module's id, so an injector written for `@aws-cdk/aws-apprunner-alpha` applies unchanged.
   */
  public static readonly PROPERTY_INJECTION_ID: string = '@aws-cdk.aws-apprunner-alpha.Service';

  /**
   * Import from service name.
   *
   * App Runner service ARNs end in a generated ID, so `serviceArn` of the returned service
   * is `arn:…:service/NAME` (as in the alpha module) and grants on it cover `service/NAME/*`.
   */
  public static fromServiceName(scope: Construct, id: string, serviceName: string): IService {
    checkResourceName('serviceName', serviceName, 4, 40, scope, 'InvalidServiceName');
    return new ImportedService(scope, id, {
      serviceName,
      serviceArn: serviceArnForName(Stack.of(scope), serviceName),
      grantArnSuffix: '/*',
    });
  }

  /**
   * Import from service attributes.
   */
  public static fromServiceAttributes(scope: Construct, id: string, attrs: ServiceAttributes): IService {
    return new ImportedService(scope, id, {
      serviceName: attrs.serviceName,
      serviceArn: attrs.serviceArn,
      serviceId: serviceIdFromArn(attrs.serviceArn),
      serviceUrl: attrs.serviceUrl,
      serviceStatus: attrs.serviceStatus,
    });
  }

  /**
   * Import from a service ARN (`arn:aws:apprunner:REGION:ACCOUNT:service/NAME/ID`).
   * The name is parsed from the ARN; a token ARN is accepted (the name is derived with
   * `Fn::Split`/`Fn::Select`).
   */
  public static fromServiceArn(scope: Construct, id: string, serviceArn: string): IService {
    return new ImportedService(scope, id, {
      serviceName: serviceNameFromArn(serviceArn),
      serviceId: serviceIdFromArn(serviceArn),
      serviceArn,
    });
  }

  /** The principal that the service's code runs as (the instance role). */
  public readonly grantPrincipal: iam.IPrincipal;

  /**
   * Environment variables for this service.
   *
   * @deprecated use environmentVariables.
   */
  readonly environment: { [key: string]: string } = {};

  /**
   * The ARN of the Service.
   * @attribute
   */
  readonly serviceArn: string;

  /**
   * The ID of the Service.
   * @attribute
   */
  readonly serviceId: string;

  /**
   * The URL of the Service.
   * @attribute
   */
  readonly serviceUrl: string;

  /**
   * The status of the Service.
   * @attribute
   */
  readonly serviceStatus: string;

  /**
   * The name of the service.
   */
  readonly serviceName: string;

  /**
   * Whether the service is publicly accessible (false for services reached through a
   * VpcIngressConnection).
   */
  readonly isPubliclyAccessible: boolean;

  /**
   * The underlying CloudFormation resource.
   */
  public readonly cfnService: CfnService;

  /**
   * The IP address type of the service.
   *
   * @default - IPV4 (App Runner's default) when not set
   */
  public readonly ipAddressType?: IpAddressType;

  private operations: ServiceOperations;
  private readonly props: ServiceProps;
  private accessRole?: iam.IRole;
  private readonly instanceRole: iam.IRole;
  private readonly source: SourceConfig;
  private readonly secrets: EnvironmentEntry[] = [];
  private readonly variables: EnvironmentEntry[] = [];
  private readonly secretFeed = new ReplayFeed<NamedSecret>();
  /** Run schedules and the web ACL association attached to this service (see its hooks). */
  private readonly attached = new Set<IConstruct>();

  public constructor(scope: Construct, id: string, props: ServiceProps) {
    super(scope, id);

    this.source = props.source.bind(this);
    this.props = props;
    this.isPubliclyAccessible = props.isPubliclyAccessible ?? true;
    this.ipAddressType = props.ipAddressType;

    this.instanceRole = this.props.instanceRole ?? this.createInstanceRole();
    this.grantPrincipal = this.instanceRole;

    for (const [key, value] of Object.entries(sourceEnvironmentVariables(this.source, this))) {
      this.addEnvironmentVariable(key, value);
    }
    for (const [key, value] of Object.entries(sourceEnvironmentSecrets(this.source))) {
      this.addSecret(key, value);
    }

    // generate an IAM role only when ImageRepositoryType is ECR and props.accessRole is undefined
    this.accessRole = (this.source.imageRepository?.imageRepositoryType == ImageRepositoryType.ECR)
      ? this.props.accessRole ?? this.generateDefaultRole()
      : undefined;

    this.validateProps(props);
    claimServiceName(this, props.serviceName);

    if (this.props.serviceName !== undefined) {
      warnFixedName(this, 'serviceNameReplacement', 'The App Runner service', 'serviceName', this.props.serviceName,
        'its name, KMS key (kmsKey) and tags');
    }
    if (this.props.kmsKey) {
      Annotations.of(this).addWarningV2('cdk-apprunner-kit:serviceKmsKeyReplacement',
        'The KMS key of an App Runner service is create-only: changing kmsKey replaces the service (a new service URL and ID).');
    }
    const resource = new CfnService(this, 'Resource', {
      serviceName: this.props.serviceName,
      instanceConfiguration: {
        cpu: this.props.cpu?.unit,
        memory: this.props.memory?.unit,
        instanceRoleArn: Lazy.string({ produce: () => this.instanceRole?.roleArn }),
      },
      sourceConfiguration: {
        authenticationConfiguration: this.renderAuthenticationConfiguration(),
        autoDeploymentsEnabled: this.props.autoDeploymentsEnabled,
        imageRepository: this.source.imageRepository
          ? this.renderImageRepository(this.source.imageRepository)
          : undefined,
        codeRepository: this.source.codeRepository
          ? this.renderCodeConfiguration(this.source.codeRepository.codeConfiguration.configurationValues)
          : undefined,
      },
      encryptionConfiguration: this.props.kmsKey ? {
        kmsKey: this.props.kmsKey.keyRef.keyArn,
      } : undefined,
      autoScalingConfigurationArn: this.props.autoScalingConfiguration?.autoScalingConfigurationArn,
      networkConfiguration: {
        egressConfiguration: {
          egressType: this.props.vpcConnector ? 'VPC' : 'DEFAULT',
          vpcConnectorArn: this.props.vpcConnector?.vpcConnectorArn,
        },
        ingressConfiguration: props.isPubliclyAccessible !== undefined
          ? { isPubliclyAccessible: props.isPubliclyAccessible }
          : undefined,
        ipAddressType: this.props.ipAddressType,
      },
      healthCheckConfiguration: this.props.healthCheck ? this.props.healthCheck.bind() : undefined,
      observabilityConfiguration: props.observabilityConfiguration ? {
        observabilityEnabled: true,
        observabilityConfigurationArn: props.observabilityConfiguration.observabilityConfigurationArn,
      } : undefined,
    });
    this.cfnService = resource;
    // issue 12 part 2: a service on a Connection of this library checks it is AVAILABLE first
    addConnectionCheck(this, resource, this.source.codeRepository?.connection);

    // grant required privileges for the role to access an image in Amazon ECR
    // See https://docs.aws.amazon.com/apprunner/latest/dg/security_iam_service-with-iam.html#security_iam_service-with-iam-roles
    if (this.source.ecrRepository && this.accessRole) {
      this.source.ecrRepository.grantPull(this.accessRole);
      this.source.ecrRepository.grant(this.accessRole, 'ecr:DescribeImages');
    }

    this.serviceArn = resource.attrServiceArn;
    this.serviceId = resource.attrServiceId;
    this.serviceUrl = resource.attrServiceUrl;
    this.serviceStatus = resource.attrStatus;
    this.serviceName = serviceNameFromArn(this.serviceArn);

    const tagsInPlace = wireTagsInPlace(this, resource, resource.tags, this.serviceArn, props, 'Service');
    this.warnAboutTags(resource.tags, tagsInPlace);

    this.operations = wireServiceOperations(this, resource, this.serviceArn, {
      paused: props.paused,
      redeploy: props.redeploy,
      failOnRollback: props.failOnRollback,
      serviceName: props.serviceName,
    });
    setServiceHooks(this, {
      dualStack: props.ipAddressType === IpAddressType.DUAL_STACK,
      isPubliclyAccessible: this.isPubliclyAccessible,
      registerCustomDomain: (domain) => this.operations.runState?.node.addDependency(domain),
      registerRunSchedule: (schedule) => this.attached.add(schedule),
      hasRunSchedule: () => [...this.attached].some((c) => c instanceof RunSchedule),
      registerWebAcl: (association) => this.attached.add(association),
      hasWebAcl: () => [...this.attached].some((c) => c instanceof wafv2.CfnWebACLAssociation),
      definition: {
        props,
        source: this.source,
        instanceRole: this.instanceRole,
        environmentVariables: () => this.variables,
        forEachSecret: (listener) => this.secretFeed.subscribe(listener),
      },
    });
  }


  /**
   * Pause and resume this service on a schedule (EventBridge Scheduler calling App Runner
   * directly, no Lambda function). Creates a `RunSchedule` with id `RunSchedule`.
   *
   * A deployment may come while the schedule has the service paused (App Runner refuses to
   * update a paused service): the service's deployments resume it for the update and end in
   * the state the schedule set (paused again), whatever the hour. `paused` cannot be combined
   * with a run schedule: both would decide the service's run state.
   */
  public addRunSchedule(options: RunScheduleOptions): RunSchedule {
    if (this.props.paused !== undefined) {
      fail('PausedWithRunSchedule',
        `Service ${this.node.path} has paused: ${this.props.paused} and a run schedule: both decide its run state. Remove paused: with a run schedule, `
        + 'each deployment resumes the service for its update and ends in the state the schedule set', this);
    }
    const schedule = new RunSchedule(this, 'RunSchedule', { ...options, service: this });
    this.operations = {
      ...this.operations,
      preUpdateResume: wirePreUpdateResume(this, this.cfnService, this.serviceArn, { redeploy: this.props.redeploy, serviceName: this.props.serviceName, runState: 'keep' }),
    };
    return schedule;
  }

  /**
   * Associate a custom domain with this service (at most 5 per service), with its DNS
   * records in Route 53 when `hostedZone` is given. The construct id is
   * `CustomDomain-<domain name>` (a `*` written `wildcard`). For an imported service, create
   * a `CustomDomain` with it as `service`.
   */
  public addCustomDomain(options: CustomDomainOptions): CustomDomain {
    const id = `CustomDomain-${options.domainName.replace(/\*/g, 'wildcard')}`;
    return new CustomDomain(this, id, { ...options, service: this });
  }

  protected metricServiceId(): string | undefined {
    return this.serviceId;
  }

  /**
   * Adds a statement to the instance role.
   */
  public addToRolePolicy(statement: iam.PolicyStatement): void {
    this.instanceRole.addToPrincipalPolicy(statement);
  }

  /**
   * This method adds an environment variable to the App Runner service.
   */
  public addEnvironmentVariable(name: string, value: string): void {
    checkEnvironmentName('Environment variable', name, this, this.variables.map((v) => v.name));
    this.variables.push({ name: name, value: value });
  }

  /**
   * This method adds a secret as environment variable to the App Runner service.
   */
  public addSecret(name: string, secret: Secret): void {
    checkEnvironmentName('Environment secret', name, this, this.secrets.map((s) => s.name));
    checkSecretReference(name, secret.arn, this);
    secret.grantRead(this.instanceRole);
    this.secrets.push({ name: name, value: secret.arn });
    this.secretFeed.push({ name, secret });
  }

  private validateProps(props: ServiceProps): void {
    const codeConfiguration = this.source.codeRepository?.codeConfiguration;
    if (codeConfiguration?.configurationSource == ConfigurationSourceType.REPOSITORY && codeConfiguration.configurationValues) {
      fail('ConfigurationValuesNotAllowedWithRepository', 'configurationValues cannot be provided if the ConfigurationSource is Repository', this);
    }
    if (codeConfiguration?.configurationSource == ConfigurationSourceType.API && !codeConfiguration.configurationValues) {
      fail('ConfigurationValuesRequiredWithApi', 'codeConfigurationValues must be provided if the ConfigurationSource is API (App Runner then has no apprunner.yaml to read)', this);
    }
    const version = this.source.codeRepository?.sourceCodeVersion;
    if (version && version.type !== 'BRANCH') {
      fail('InvalidSourceCodeVersion', `sourceCodeVersion.type must be BRANCH (the only type App Runner supports), got ${JSON.stringify(version.type)}`, this);
    }
    checkResourceName('serviceName', props.serviceName, 4, 40, this, 'InvalidServiceName');
    checkCpuMemoryPair(props.cpu, props.memory, this);
  }

  private warnAboutTags(tags: TagManager, tagsInPlace: boolean): void {
    watchCreateOnlyTags(this, 'an App Runner service', tags, 'it gets a new ID and URL', tagsInPlace, { id: 'serviceTagsReplace', property: 'Service tags' });
  }

  /**
   * This method generates an Instance Role. Needed if using secrets and props.instanceRole is undefined
   */
  private createInstanceRole(): iam.IRole {
    return new iam.Role(this, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('tasks.apprunner.amazonaws.com'),
      roleName: PhysicalName.GENERATE_IF_NEEDED,
    });
  }

  /**
   * This method generates an Access Role only when ImageRepositoryType is ECR and props.accessRole is undefined
   */
  private generateDefaultRole(): iam.Role {
    const accessRole = new iam.Role(this, 'AccessRole', {
      assumedBy: new iam.ServicePrincipal('build.apprunner.amazonaws.com'),
    });
    accessRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ecr:GetAuthorizationToken'],
      resources: ['*'],
    }));
    acknowledgeFinding(accessRole, 'AwsSolutions-IAM5[Resource::*]',
      'ecr:GetAuthorizationToken has no resource-level permissions; pulling is granted on the repository only.');
    this.accessRole = accessRole;
    return accessRole;
  }


  private renderAuthenticationConfiguration(): CfnService.AuthenticationConfigurationProperty {
    return {
      accessRoleArn: this.accessRole?.roleArn,
      connectionArn: this.source.codeRepository?.connection?.connectionArn,
    };
  }

  private renderCodeConfiguration(props?: CodeConfigurationValues): CfnService.CodeRepositoryProperty {
    const codeRepository = this.source.codeRepository!;
    return {
      codeConfiguration: {
        configurationSource: codeRepository.codeConfiguration.configurationSource,
        // codeConfigurationValues will be ignored if configurationSource is REPOSITORY
        codeConfigurationValues: props ? this.renderCodeConfigurationValues(props) : undefined,
      },
      repositoryUrl: codeRepository.repositoryUrl,
      sourceCodeVersion: codeRepository.sourceCodeVersion,
      sourceDirectory: codeRepository.sourceDirectory,
    };
  }

  private renderCodeConfigurationValues(props: CodeConfigurationValues): CfnService.CodeConfigurationValuesProperty {
    return {
      port: props.port,
      buildCommand: props.buildCommand,
      runtime: props.runtime.name,
      runtimeEnvironmentVariables: Lazy.any({ produce: () => this.renderEnvironmentVariables() }),
      runtimeEnvironmentSecrets: Lazy.any({ produce: () => this.renderEnvironmentSecrets() }),
      startCommand: props.startCommand,
    };
  }

  private renderEnvironmentVariables(): EnvironmentEntry[] | undefined {
    return this.variables.length > 0 ? this.variables : undefined;
  }

  private renderEnvironmentSecrets(): EnvironmentEntry[] | undefined {
    return this.secrets.length > 0 && this.instanceRole ? this.secrets : undefined;
  }

  private renderImageRepository(repo: ImageRepository): CfnService.ImageRepositoryProperty {
    return {
      imageIdentifier: repo.imageIdentifier,
      imageRepositoryType: repo.imageRepositoryType,
      imageConfiguration: {
        port: repo.imageConfiguration?.port?.toString(),
        startCommand: repo.imageConfiguration?.startCommand,
        runtimeEnvironmentVariables: Lazy.any({ produce: () => this.renderEnvironmentVariables() }),
        runtimeEnvironmentSecrets: Lazy.any({ produce: () => this.renderEnvironmentSecrets() }),
      },
    };
  }
}

/** What an imported service knows. */
interface ImportedServiceProps {
  readonly serviceName: string;
  readonly serviceArn: string;
  readonly serviceId?: string;
  readonly serviceUrl?: string;
  readonly serviceStatus?: string;
  /** Appended to the ARN in grants (for by-name imports whose ARN lacks the ID). */
  readonly grantArnSuffix?: string;
}

/** A service defined outside this stack. */
class ImportedService extends ServiceBase {
  public readonly serviceName: string;
  public readonly serviceArn: string;
  public readonly serviceId: string;
  public readonly serviceUrl: string;
  public readonly serviceStatus?: string;
  private readonly grantArnSuffix: string;
  private readonly knownServiceId?: string;

  constructor(scope: Construct, id: string, props: ImportedServiceProps) {
    super(scope, id);
    this.serviceName = props.serviceName;
    this.serviceArn = props.serviceArn;
    this.knownServiceId = props.serviceId;
    this.serviceId = props.serviceId ?? unknownAttribute(this, 'serviceId',
      'import the service with Service.fromServiceArn or fromServiceAttributes to know its ID');
    this.serviceUrl = props.serviceUrl ?? unknownAttribute(this, 'serviceUrl',
      'import the service with Service.fromServiceAttributes to know its URL');
    this.serviceStatus = props.serviceStatus;
    this.grantArnSuffix = props.grantArnSuffix ?? '';
  }

  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [`${this.serviceArn}${this.grantArnSuffix}`] });
  }

  protected metricServiceId(): string | undefined {
    return this.knownServiceId;
  }
}
