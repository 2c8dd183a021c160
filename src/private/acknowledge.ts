import { Stack, Token, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledge a validation finding (e.g. a cdk-nag rule, or one finding of it such as
 * `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:…]`) on a construct and its children, with
 * the reason it holds. Written as the metadata entry `Validations.acknowledge` writes, but
 * directly: aws-cdk-lib 2.257's `acknowledge` refuses ids with more than one `::`, and it
 * captures a stack trace per call, which made synthesis of many services measurably slower.
 */
export function acknowledgeFinding(scope: IConstruct, id: string, reason: string): void {
  const key = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
  const entries = scope.node.metadata.filter((m) => m.type === key);
  const acknowledged = { ...(entries.length > 0 ? entries[entries.length - 1].data : {}), [id]: reason };
  scope.node.addMetadata(key, acknowledged, { stackTrace: false });
}

/**
 * An App Runner ARN as cdk-nag writes it in a finding id:
 * `arn:<AWS::Partition>:apprunner:REGION:ACCOUNT:RESOURCE`, with `<AWS::Region>` and
 * `<AWS::AccountId>` for an environment-agnostic stack.
 */
export function nagAppRunnerArn(stack: Stack, resource: string): string {
  const part = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
  return `arn:<AWS::Partition>:apprunner:${part(stack.region, 'AWS::Region')}:${part(stack.account, 'AWS::AccountId')}:${resource}`;
}
