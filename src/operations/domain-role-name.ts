/**
 * The names of the domain roles (src/operations/domain-roles.ts), shared by the constructs and
 * the handlers (runtime/domain-roles.ts): `apprunner-kit-` + the first 8 hex characters of the
 * stack ID's UUID + `-` + the service's ID (32 characters), 45 characters in all (IAM allows 64),
 * under the path `/cdk-apprunner-kit/`. The template builds the name from `AWS::StackId` at deploy
 * time, so it holds whatever name the stack is deployed under, and a handler derives it from the
 * stack ID of its event.
 */

/** The path of the domain roles (IAM role names are unique per account whatever their path: it only groups them). */
export const DOMAIN_ROLE_PATH = '/cdk-apprunner-kit/';

/** What every domain role name starts with, before the stack ID's part. */
export const DOMAIN_ROLE_NAME_START = 'apprunner-kit-';

/**
 * The domain roles' ARN prefix (to which a service's ID is added) of the stack `stackId`
 * (`arn:PARTITION:cloudformation:REGION:ACCOUNT:stack/NAME/UUID`); undefined for an id of another form.
 */
export function domainRoleArnPrefixOfStackId(stackId: string): string | undefined {
  const m = /^arn:([^:]+):cloudformation:[^:]*:(\d{12}):stack\/[^/]+\/([0-9a-fA-F]{8})-/.exec(stackId);
  return m ? `arn:${m[1]}:iam::${m[2]}:role${DOMAIN_ROLE_PATH}${DOMAIN_ROLE_NAME_START}${m[3]}-` : undefined;
}
