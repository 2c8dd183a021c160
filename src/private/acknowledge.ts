import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledge a validation finding (e.g. a cdk-nag rule) on a construct and its children,
 * with the reason it holds. aws-cdk-lib 2.257's `Validations.acknowledge` refuses ids with
 * more than one `::`, which cdk-nag finding ids such as
 * `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:…]` have; those are recorded in the same
 * metadata entry that `acknowledge` writes.
 */
export function acknowledgeFinding(scope: IConstruct, id: string, reason: string): void {
  if (id.split('::').length <= 2) {
    Validations.of(scope).acknowledge({ id, reason });
    return;
  }
  const key = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
  const entries = scope.node.metadata.filter((m) => m.type === key);
  const acknowledged = { ...(entries.length > 0 ? entries[entries.length - 1].data : {}), [id]: reason };
  scope.node.addMetadata(key, acknowledged);
}
