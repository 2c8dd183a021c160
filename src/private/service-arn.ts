import { Fn, Stack, Token } from 'aws-cdk-lib';
import { fail } from './validation';

/**
 * Split a service ARN (`arn:PARTITION:apprunner:REGION:ACCOUNT:service/NAME/ID`) into the
 * service name. Works with tokens (Fn::Select/Fn::Split).
 */
export function serviceNameFromArn(serviceArn: string): string {
  if (Token.isUnresolved(serviceArn)) {
    return Fn.select(1, Fn.split('/', Fn.select(5, Fn.split(':', serviceArn))));
  }
  const resource = serviceArn.split(':').slice(5).join(':');
  const parts = resource.split('/');
  if (parts.length < 2 || parts[0] !== 'service' || parts[1] === '') {
    fail('UnexpectedArnFormat',
      `Unexpected ARN format: ${serviceArn} (expected arn:PARTITION:apprunner:REGION:ACCOUNT:service/NAME/ID)`);
  }
  return parts[1];
}

/**
 * The ARN prefix of a service by name (App Runner service ARNs end in a generated ID, so
 * `service/NAME/*` matches any service with that name).
 */
export function serviceArnForName(stack: Stack, serviceName: string): string {
  return stack.formatArn({ service: 'apprunner', resource: 'service', resourceName: serviceName });
}
