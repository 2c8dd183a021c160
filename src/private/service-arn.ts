import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { appRunnerArnResource, arnResourceParts, selectFromArnResource } from './arn';
import { fail } from './validation';

const FORMAT = 'arn:PARTITION:apprunner:REGION:ACCOUNT:service/NAME/ID';

/**
 * One segment of the resource part of a service ARN (`service/NAME/ID`): 1 is the name,
 * 2 the ID. Token ARNs are split with Fn::Select/Fn::Split.
 */
function serviceArnSegment(serviceArn: string, index: number): string {
  if (Token.isUnresolved(serviceArn)) return selectFromArnResource(serviceArn, index);
  const parts = appRunnerArnResource(serviceArn);
  if (parts === undefined || parts.length < 2 || parts.length > 3 || parts[0] !== 'service' || parts[1] === '') {
    fail('UnexpectedArnFormat', `Unexpected ARN format: ${serviceArn} (expected ${FORMAT})`);
  }
  return parts![index];
}

/** The service name in a service ARN (token-aware). */
export function serviceNameFromArn(serviceArn: string): string {
  return serviceArnSegment(serviceArn, 1);
}

/**
 * The service ID in a service ARN (token-aware); undefined when a concrete string is not a
 * full service ARN (`service/NAME/ID`).
 */
export function serviceIdFromArn(serviceArn: string): string | undefined {
  if (Token.isUnresolved(serviceArn)) return serviceArnSegment(serviceArn, 2);
  const parts = arnResourceParts(serviceArn);
  return parts.length >= 3 && parts[0] === 'service' && parts[2] !== '' ? parts[2] : undefined;
}

/**
 * The ARN prefix of a service by name (App Runner service ARNs end in a generated ID, so
 * `service/NAME/*` matches any service with that name).
 */
export function serviceArnForName(stack: Stack, serviceName: string): string {
  return stack.formatArn({ service: 'apprunner', resource: 'service', resourceName: serviceName });
}

/**
 * Custom domains, run schedules and web ACL associations act on a service by its full ARN
 * (`service/NAME/ID`). A service imported by name (`Service.fromServiceName`) only knows
 * `service/NAME`: fail at synth time, saying which import to use, instead of at deploy time.
 */
export function checkFullServiceArn(serviceArn: string, what: string, scope: IConstruct): void {
  // an ARN built by Stack.formatArn holds a partition token: judge its resource part alone
  const fields = serviceArn.split(':');
  const resource = fields.length === 6 ? fields[5] : undefined;
  if (resource === undefined || Token.isUnresolved(resource) || !/^service\/[^/]+$/.test(resource)) return;
  fail('ServiceArnWithoutId',
    `${what} needs the service's full ARN (arn:PARTITION:apprunner:REGION:ACCOUNT:service/NAME/ID), but the ARN of ${resource} has no service ID `
    + '(a service imported with Service.fromServiceName): import it with Service.fromServiceArn, or Service.fromServiceAttributes with the full ARN', scope);
}
