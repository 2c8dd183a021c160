import { Fn, IResource, Resource, Stack, Token, UnscopedValidationError } from 'aws-cdk-lib';
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

/**
 * Split a service ARN (`arn:PARTITION:apprunner:REGION:ACCOUNT:service/NAME/ID`) into the
 * service name. Works with tokens (Fn::Select/Fn::Split).
 *
 * @internal
 */
export function serviceNameFromArn(serviceArn: string): string {
  if (Token.isUnresolved(serviceArn)) {
    return Fn.select(1, Fn.split('/', Fn.select(5, Fn.split(':', serviceArn))));
  }
  const resource = serviceArn.split(':').slice(5).join(':');
  const parts = resource.split('/');
  if (parts.length < 2 || parts[0] !== 'service' || parts[1] === '') {
    throw new UnscopedValidationError('UnexpectedArnFormat' as any,
      `Unexpected ARN format: ${serviceArn} (expected arn:PARTITION:apprunner:REGION:ACCOUNT:service/NAME/ID)`);
  }
  return parts[1];
}

/**
 * The ARN prefix of a service by name (App Runner service ARNs end in a generated ID, so
 * `service/NAME/*` matches any service with that name).
 *
 * @internal
 */
export function serviceArnForName(stack: Stack, serviceName: string): string {
  return stack.formatArn({ service: 'apprunner', resource: 'service', resourceName: serviceName });
}
