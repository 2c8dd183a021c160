import { IResource, Resource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * Represents the App Runner Service.
 */
export interface IService extends IResource {
  /**
   * The Name of the service.
   */
  readonly serviceName: string;

  /**
   * The ARN of the service.
   * @attribute
   */
  readonly serviceArn: string;

  /**
   * The URL of the service (its `*.awsapprunner.com` host, without scheme).
   *
   * @default - undefined when the service was imported without its URL
   * @attribute
   */
  readonly serviceUrl?: string;

  /**
   * Grant the given identity permissions to perform the actions on this service.
   *
   * @param grantee the principal to grant to
   * @param actions App Runner actions, e.g. `apprunner:DescribeService`
   */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;
}

/**
 * Attributes for the App Runner Service
 */
export interface ServiceAttributes {
  /**
   * The name of the service.
   */
  readonly serviceName: string;

  /**
   * The ARN of the service.
   */
  readonly serviceArn: string;

  /**
   * The URL of the service.
   */
  readonly serviceUrl: string;

  /**
   * The status of the service.
   */
  readonly serviceStatus: string;
}

/**
 * The base of a Service, owned or imported: grants and metrics.
 */
export abstract class ServiceBase extends Resource implements IService {
  /** The name of the service. */
  public abstract readonly serviceName: string;
  /** The ARN of the service. */
  public abstract readonly serviceArn: string;
  /**
   * The URL of the service.
   * @default - unknown for a service imported by name or ARN
   */
  public abstract readonly serviceUrl?: string;

  /**
   * Grant the given identity permissions to perform the actions on this service.
   */
  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions,
      resourceArns: [this.serviceArn],
    });
  }
}
