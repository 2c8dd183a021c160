import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';

/** The stack's status (DescribeStacks), e.g. UPDATE_IN_PROGRESS; empty when none is reported. */
export async function stackStatus(cfn: CloudFormationClient, stackId: string): Promise<string> {
  const out = await cfn.send(new DescribeStacksCommand({ StackName: stackId }));
  return out.Stacks?.[0]?.StackStatus ?? '';
}

/**
 * Whether CloudFormation is rolling the stack back (UPDATE_ROLLBACK_IN_PROGRESS, or
 * ROLLBACK_IN_PROGRESS). During a rollback CloudFormation sends the custom resources an
 * Update back to their old properties; checks that judge App Runner's latest operation would
 * only fail again (the operation that made the stack roll back is still the latest) and leave
 * the stack UPDATE_ROLLBACK_FAILED, so they pass instead.
 */
export async function stackRollingBack(cfn: CloudFormationClient, stackId: string): Promise<boolean> {
  return /ROLLBACK_IN_PROGRESS$/.test(await stackStatus(cfn, stackId));
}
