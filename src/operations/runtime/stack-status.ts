import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';

/** What DescribeStacks says about the stack a custom resource belongs to. */
export interface StackState {
  /** The stack's status, e.g. UPDATE_IN_PROGRESS; empty when none is reported. */
  readonly status: string;
  /**
   * When the current deployment began (milliseconds): LastUpdatedTime during an update (set
   * when the update starts), CreationTime while the stack is created; undefined when
   * CloudFormation reports neither.
   */
  readonly deploymentStartedAt?: number;
}

/** The stack's status and the start of its current deployment (one DescribeStacks). */
export async function stackState(cfn: CloudFormationClient, stackId: string): Promise<StackState> {
  const out = await cfn.send(new DescribeStacksCommand({ StackName: stackId }));
  const stack = out.Stacks?.[0];
  const status = stack?.StackStatus ?? '';
  // a new stack (also one created from a change set) has no LastUpdatedTime yet
  const creating = /^(CREATE|REVIEW)_/.test(status);
  const started = creating ? stack?.CreationTime : stack?.LastUpdatedTime ?? stack?.CreationTime;
  return { status, deploymentStartedAt: started?.getTime() };
}

/** The stack's status (DescribeStacks), e.g. UPDATE_IN_PROGRESS; empty when none is reported. */
export async function stackStatus(cfn: CloudFormationClient, stackId: string): Promise<string> {
  return (await stackState(cfn, stackId)).status;
}

/**
 * Whether this status says CloudFormation is rolling the stack back (UPDATE_ROLLBACK_IN_PROGRESS,
 * or ROLLBACK_IN_PROGRESS).
 */
export function isRollingBack(status: string): boolean {
  return /ROLLBACK_IN_PROGRESS$/.test(status);
}

/**
 * Whether CloudFormation is rolling the stack back (UPDATE_ROLLBACK_IN_PROGRESS, or
 * ROLLBACK_IN_PROGRESS). During a rollback CloudFormation sends the custom resources an
 * Update back to their old properties; checks that judge App Runner's latest operation would
 * only fail again (the operation that made the stack roll back is still the latest) and leave
 * the stack UPDATE_ROLLBACK_FAILED, so they pass instead.
 */
export async function stackRollingBack(cfn: CloudFormationClient, stackId: string): Promise<boolean> {
  return isRollingBack(await stackStatus(cfn, stackId));
}
