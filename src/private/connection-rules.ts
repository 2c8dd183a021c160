import { IConstruct } from 'constructs';
import { checkPattern, checkResourceName } from './validation';

const CONNECTION_ARN = /^arn:aws[a-z-]*:apprunner:[a-z0-9-]+:[0-9]{12}:connection\/[A-Za-z0-9][A-Za-z0-9_-]*\/[A-Za-z0-9]+$/;

/** An App Runner connection ARN (`arn:aws:apprunner:REGION:ACCOUNT:connection/NAME/ID`); tokens are skipped. */
export function checkConnectionArn(arn: string, scope?: IConstruct): void {
  checkPattern('connectionArn', arn, CONNECTION_ARN,
    'must be an App Runner connection ARN (arn:aws:apprunner:REGION:ACCOUNT:connection/NAME/ID)',
    { code: 'InvalidConnectionArn', scope });
}

/**
 * A connection name (CreateConnection's ConnectionName: 4–32 characters,
 * `[A-Za-z0-9][A-Za-z0-9-_]{3,31}`); tokens are skipped.
 */
export function checkConnectionName(name: string, scope?: IConstruct): void {
  checkResourceName('connectionName', name, 4, 32, scope, 'InvalidConnectionName');
}
