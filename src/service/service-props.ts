import * as iam from 'aws-cdk-lib/aws-iam';
import { aws_kms as kmsRefs } from 'aws-cdk-lib/interfaces';
import { Cpu, IpAddressType, Memory } from './enums';
import { HealthCheck } from './health-check';
import { Source } from './source';
import type { IAutoScalingConfiguration } from '../auto-scaling-configuration/auto-scaling-configuration';
import type { IObservabilityConfiguration } from '../observability-configuration/observability-configuration';
import type { IVpcConnector } from '../vpc-connector/vpc-connector';

/**
 * Properties of the AppRunner Service
 */
export interface ServiceProps {
  /**
   * The source of the repository for the service.
   */
  readonly source: Source;

  /**
   * Specifies whether to enable continuous integration from the source repository.
   *
   * If true, continuous integration from the source repository is enabled for the App Runner service.
   * Each repository change (including any source code commit or new image version) starts a deployment.
   * By default, App Runner sets to false for a source image that uses an ECR Public repository or an ECR repository that's in an AWS account other than the one that the service is in.
   * App Runner sets to true in all other cases (which currently include a source code repository or a source image using a same-account ECR repository).
   *
   * @default - no value will be passed.
   */
  readonly autoDeploymentsEnabled?: boolean;

  /**
   * Specifies an App Runner Auto Scaling Configuration.
   *
   * A default configuration is either the AWS recommended configuration,
   * or the configuration you set as the default.
   *
   * @see https://docs.aws.amazon.com/apprunner/latest/dg/manage-autoscaling.html
   *
   * @default - the latest revision of a default auto scaling configuration is used.
   */
  readonly autoScalingConfiguration?: IAutoScalingConfiguration;

  /**
   * The number of CPU units reserved for each instance of your App Runner service.
   * Must form a valid pair with `memory` (0.25 vCPU: 0.5/1 GB; 0.5: 1 GB; 1: 2/3/4 GB;
   * 2: 4/6 GB; 4: 8/10/12 GB).
   *
   * @default Cpu.ONE_VCPU
   */
  readonly cpu?: Cpu;

  /**
   * The amount of memory reserved for each instance of your App Runner service.
   *
   * @default Memory.TWO_GB
   */
  readonly memory?: Memory;

  /**
   * The IAM role that grants the App Runner service access to a source repository.
   * It's required for ECR image repositories (but not for ECR Public repositories).
   *
   * The role must be assumable by the 'build.apprunner.amazonaws.com' service principal.
   *
   * @see https://docs.aws.amazon.com/apprunner/latest/dg/security_iam_service-with-iam.html#security_iam_service-with-iam-roles-service.access
   *
   * @default - generate a new access role.
   */
  readonly accessRole?: iam.IRole;

  /**
   * The IAM role that provides permissions to your App Runner service.
   * These are permissions that your code needs when it calls any AWS APIs.
   *
   * The role must be assumable by the 'tasks.apprunner.amazonaws.com' service principal.
   *
   * @see https://docs.aws.amazon.com/apprunner/latest/dg/security_iam_service-with-iam.html#security_iam_service-with-iam-roles-service.instance
   *
   * @default - generate a new instance role.
   */
  readonly instanceRole?: iam.IRole;

  /**
   * Name of the service: 4–40 characters, `[A-Za-z0-9][A-Za-z0-9_-]*`.
   * Changing it replaces the service.
   *
   * @default - auto-generated if undefined.
   */
  readonly serviceName?: string;

  /**
   * Settings for an App Runner VPC connector to associate with the service.
   *
   * @default - no VPC connector, uses the DEFAULT egress type instead
   */
  readonly vpcConnector?: IVpcConnector;

  /**
   * Specifies whether your App Runner service is publicly accessible.
   *
   * If you use `VpcIngressConnection`, you must set this property to `false`.
   *
   * @default true
   */
  readonly isPubliclyAccessible?: boolean;

  /**
   * Settings for the health check that AWS App Runner performs to monitor the health of a service.
   *
   * You can specify it by static methods `HealthCheck.http` or `HealthCheck.tcp`.
   *
   * @default - no health check configuration
   */
  readonly healthCheck?: HealthCheck;

  /**
   * The customer managed key that AWS App Runner uses to encrypt copies of the source repository and service logs.
   * Changing it replaces the service.
   *
   * @default - Use an AWS managed key
   */
  readonly kmsKey?: kmsRefs.IKeyRef;

  /**
   * The IP address type for your incoming public network configuration.
   *
   * @default - IpAddressType.IPV4
   */
  readonly ipAddressType?: IpAddressType;

  /**
   * Settings for an App Runner observability configuration.
   *
   * @default - no observability configuration resource is associated with the service.
   */
  readonly observabilityConfiguration?: IObservabilityConfiguration;

  /**
   * The run state the service should be in after each deployment: `true` pauses it
   * (PauseService), `false` resumes it (ResumeService). The deployment waits for the
   * operation and fails if it fails. A configuration change to a paused service still
   * deploys: the service is resumed before the update and paused again after it.
   * Deleting the stack does not resume the service first.
   *
   * Uses the stack's operations provider (custom resources).
   *
   * @default - the run state is not managed (no custom resource)
   */
  readonly paused?: boolean;

  /**
   * A trigger for a new deployment: when this value changes, the service is redeployed
   * (StartDeployment) and the deployment waits for it. Use it to pick up a new image
   * pushed under the same tag, an image in another account, or a code repository without
   * automatic deployments; e.g. an asset hash, a build number or a commit id.
   *
   * Nothing is deployed when the resource is first created (the service was just deployed).
   *
   * @default - no redeploy trigger (no custom resource)
   */
  readonly redeploy?: string;

  /**
   * Fail the CloudFormation deployment when App Runner rolls the service's deployment back.
   * After each create or update of the service, the deployment waits for the service's
   * latest operation to end, and fails (so CloudFormation rolls back too) when it ended
   * FAILED, ROLLBACK_SUCCEEDED or ROLLBACK_FAILED, naming the operation and its status.
   *
   * @default false
   */
  readonly failOnRollback?: boolean;

  /**
   * Update the service's tags in place: tags (also those of `Tags.of()` on a parent) are set
   * with App Runner's TagResource / UntagResource by a custom resource of the stack's
   * `OperationsProvider` instead of the create-only `Tags` property, so adding, changing or
   * removing a tag no longer replaces the service (a new ID and URL). Only the keys it set are
   * ever removed; tags set by others and `aws:` tags are left alone.
   *
   * Turning it on for a service that exists with tags: set `creationTags` to exactly those
   * tags, or CloudFormation replaces the service.
   *
   * @default false - tags are in the service's create-only Tags property (a change replaces the service)
   */
  readonly tagsInPlace?: boolean;

  /**
   * With `tagsInPlace`: the tags kept in the service's create-only `Tags` property, as they
   * were when the service was created (keeps an existing tagged service from being replaced
   * when `tagsInPlace` is turned on). Changing them later replaces the service.
   *
   * @default - none (only with tagsInPlace)
   */
  readonly creationTags?: { [key: string]: string };
}
