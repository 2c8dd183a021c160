import { Fn, Token } from 'aws-cdk-lib';
import { fail } from './validation';

/** The parts of an App Runner resource ARN `arn:…:TYPE/NAME[/REVISION]/ID`. */
export interface AppRunnerArnParts {
  /** The resource name (a token for a token ARN). */
  readonly name: string;
  /** The revision (a number token for a token ARN); undefined for unversioned types. */
  readonly revision?: number;
}

/**
 * Parse name (and revision) from an App Runner ARN. A token ARN is split with
 * Fn::Split/Fn::Select (the revision is then a number token, rendered as the selected
 * string, which CloudFormation accepts where a number is expected). A concrete ARN that does
 * not match the format is a ValidationError.
 *
 * @param resourceType e.g. `autoscalingconfiguration`
 * @param versioned whether the ARN carries a revision (`TYPE/NAME/REVISION/ID`)
 */
export function parseAppRunnerArn(arn: string, resourceType: string, versioned: boolean): AppRunnerArnParts {
  if (Token.isUnresolved(arn)) {
    const parts = Fn.split('/', Fn.select(5, Fn.split(':', arn)));
    return {
      name: Fn.select(1, parts),
      revision: versioned ? Token.asNumber(Fn.select(2, parts)) : undefined,
    };
  }
  const fields = arn.split(':');
  const resource = fields.slice(5).join(':').split('/');
  const expected = versioned ? `${resourceType}/NAME/REVISION/ID` : `${resourceType}/NAME/ID`;
  const ok = fields[0] === 'arn' && fields[2] === 'apprunner' && fields.length >= 6
    && resource[0] === resourceType && resource.length === (versioned ? 4 : 3)
    && resource.slice(1).every((p) => p !== '')
    && (!versioned || /^[1-9][0-9]*$/.test(resource[2]));
  if (!ok) {
    fail('UnexpectedArnFormat', `Unexpected ARN format: ${arn}. Expected arn:PARTITION:apprunner:REGION:ACCOUNT:${expected}`);
  }
  return { name: resource[1], revision: versioned ? Number(resource[2]) : undefined };
}

/**
 * The name of an App Runner resource that CloudFormation only exposes through its ARN
 * (`Ref` and `Fn::GetAtt …Arn` both give the ARN): the given name when concrete, else the
 * name split out of the ARN attribute.
 */
export function nameFromArnAttribute(givenName: string | undefined, arnAttribute: string): string {
  if (givenName !== undefined && !Token.isUnresolved(givenName)) return givenName;
  return Fn.select(1, Fn.split('/', Fn.select(5, Fn.split(':', arnAttribute))));
}
