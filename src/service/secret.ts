import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { checkPattern } from '../private/validation';

/**
 * Specify the secret's version id or version stage
 */
export interface SecretVersionInfo {
  /**
   * version id of the secret
   *
   * @default - use default version id
   */
  readonly versionId?: string;

  /**
   * version stage of the secret
   *
   * @default - use default version stage
   */
  readonly versionStage?: string;
}

/**
 * A secret environment variable.
 */
export abstract class Secret {
  /**
   * Creates an environment variable value from a parameter stored in AWS
   * Systems Manager Parameter Store.
   */
  public static fromSsmParameter(parameter: ssm.IParameter): Secret {
    return new ReferencedSecret(parameter.parameterArn, false, (grantee) => parameter.grantRead(grantee));
  }

  /**
   * Creates a environment variable value from a secret stored in AWS Secrets
   * Manager.
   *
   * @param secret the secret stored in AWS Secrets Manager
   * @param field the name of the field with the value that you want to set as
   * the environment variable value. Only values in JSON format are supported.
   * If you do not specify a JSON field, then the full content of the secret is
   * used.
   */
  public static fromSecretsManager(secret: secretsmanager.ISecret, field?: string): Secret {
    checkSecretPart('field', field);
    return new ReferencedSecret(
      field ? `${secret.secretArn}:${field}::` : secret.secretArn,
      !!field,
      (grantee) => secret.grantRead(grantee),
    );
  }

  /**
   * Creates a environment variable value from a secret stored in AWS Secrets
   * Manager.
   *
   * @param secret the secret stored in AWS Secrets Manager
   * @param versionInfo the version information to reference the secret
   * @param field the name of the field with the value that you want to set as
   * the environment variable value. Only values in JSON format are supported.
   * If you do not specify a JSON field, then the full content of the secret is
   * used.
   */
  public static fromSecretsManagerVersion(secret: secretsmanager.ISecret, versionInfo: SecretVersionInfo, field?: string): Secret {
    checkSecretPart('field', field);
    checkSecretPart('versionInfo.versionStage', versionInfo.versionStage);
    checkSecretPart('versionInfo.versionId', versionInfo.versionId);
    return new ReferencedSecret(
      `${secret.secretArn}:${field ?? ''}:${versionInfo.versionStage ?? ''}:${versionInfo.versionId ?? ''}`,
      !!field,
      (grantee) => secret.grantRead(grantee),
    );
  }

  /**
   * The ARN of the secret
   */
  public abstract readonly arn: string;

  /**
   * Whether this secret uses a specific JSON field
   *
   * @default false
   */
  public abstract readonly hasField?: boolean;

  /**
   * Grants reading the secret to a principal
   */
  public abstract grantRead(grantee: iam.IGrantable): iam.Grant;
}

/**
 * The parts of a Secrets Manager reference are separated by colons: a field, stage or
 * id holding one would shift the others.
 */
function checkSecretPart(prop: string, value: string | undefined): void {
  checkPattern(prop, value, /^[^:]+$/, 'must be non-empty and must not contain ":" (it separates the parts of the secret reference)', { code: 'InvalidSecretReference' });
}

class ReferencedSecret extends Secret {
  constructor(
    public readonly arn: string,
    public readonly hasField: boolean,
    private readonly grant: (grantee: iam.IGrantable) => iam.Grant,
  ) {
    super();
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee);
  }
}
