import { Fn, Token } from 'aws-cdk-lib';
import { fail } from './validation';

/** The parts of an App Runner resource ARN `arn:…:TYPE/NAME[/REVISION]/ID`. */
export interface AppRunnerArnParts {
  /** The resource name (an `Fn::Select` token for a token ARN). */
  readonly name: string;
  /**
   * The revision, for versioned types. A number for a concrete ARN; for a token ARN a
   * number token that renders as the `Fn::Select` of the ARN's revision field (never NaN).
   */
  readonly revision?: number;
}

/**
 * The `Fn::Select(index)` of the `/`-separated resource part of an ARN token
 * (`TYPE/NAME[/REVISION]/ID`): index 1 is the name, 2 the revision of a versioned type.
 */
export function selectFromArnResource(arn: string, index: number): string {
  return Fn.select(index, Fn.split('/', Fn.select(5, Fn.split(':', arn))));
}

/**
 * The `/`-separated parts of the resource field of a concrete ARN (`…:TYPE/NAME/…`), without
 * checking the rest of the ARN.
 */
export function arnResourceParts(arn: string): string[] {
  return arn.split(':').slice(5).join(':').split('/');
}

/**
 * The resource parts of a concrete App Runner ARN (`arn:PARTITION:apprunner:REGION:ACCOUNT:RESOURCE`),
 * or undefined when the ARN around them does not have that form. The one check of an App Runner
 * ARN's form: each resource type then checks its parts.
 */
export function appRunnerArnResource(arn: string): string[] | undefined {
  const fields = arn.split(':');
  const ok = fields.length === 6 && fields[0] === 'arn' && fields[1] !== '' && fields[2] === 'apprunner' && fields[3] !== '' && fields[4] !== '';
  return ok ? arnResourceParts(arn) : undefined;
}

/**
 * Parse name (and revision) from an App Runner ARN. A token ARN is split with
 * Fn::Split/Fn::Select (the revision is then a number token, rendered as the selected
 * string, which CloudFormation accepts where a number is expected). A concrete ARN that does
 * not match the format is a ValidationError that starts with the alpha module's wording
 * (`Unexpected ARN format: ARN.`) and names the expected format.
 *
 * @param resourceType e.g. `autoscalingconfiguration`
 * @param versioned whether the ARN carries a revision (`TYPE/NAME/REVISION/ID`)
 */
export function parseAppRunnerArn(arn: string, resourceType: string, versioned: boolean): AppRunnerArnParts {
  if (Token.isUnresolved(arn)) {
    return {
      name: selectFromArnResource(arn, 1),
      revision: versioned ? Token.asNumber(selectFromArnResource(arn, 2)) : undefined,
    };
  }
  const resource = appRunnerArnResource(arn);
  const expected = versioned ? `${resourceType}/NAME/REVISION/ID` : `${resourceType}/NAME/ID`;
  const ok = resource !== undefined
    && resource[0] === resourceType && resource.length === (versioned ? 4 : 3)
    && resource.slice(1).every((p) => p !== '')
    && (!versioned || /^[1-9][0-9]*$/.test(resource[2]));
  if (!ok) {
    fail('UnexpectedArnFormat', `Unexpected ARN format: ${arn}. Expected arn:PARTITION:apprunner:REGION:ACCOUNT:${expected}`);
  }
  return { name: resource![1], revision: versioned ? Number(resource![2]) : undefined };
}

/**
 * The name of an App Runner resource that CloudFormation only exposes through its ARN
 * (`Ref` and `Fn::GetAtt …Arn` both give the ARN): the given name when concrete, else the
 * name split out of the ARN attribute.
 */
export function nameFromArnAttribute(givenName: string | undefined, arnAttribute: string): string {
  if (givenName !== undefined && !Token.isUnresolved(givenName)) return givenName;
  return selectFromArnResource(arnAttribute, 1);
}
