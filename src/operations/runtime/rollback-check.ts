import { AppRunnerClient, OperationSummary } from '@aws-sdk/client-apprunner';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { RollbackCheckData, RollbackCheckProperties } from '../contract';
import {
  AppRunnerReader, deletionError, describeOperation, isDeletion, isNotFound, operationFailed, operationRunning, RecentOperations,
} from './apprunner';
import { COMPLETE, NOT_YET, ResourceHandler } from './resource-handler';
import { isRollingBack, stackState } from './stack-status';
import { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './types';

/**
 * Clock skew allowed between CloudFormation's time of the deployment's start and App Runner's
 * start times of its operations. The operations of this deployment start after it began (at
 * the earliest when CloudFormation reaches the service, a second or more later), and both
 * clocks are AWS's own, synchronised to well under a second: 5 s keeps every operation of the
 * deployment in, while an older auto-deployment would have to start in the 5 s before the
 * deployment to be judged with it.
 */
const SKEW_MS = 5000;

/**
 * Custom::AppRunnerRollbackCheck {ServiceArn, ConfigHash, DeployTimeValues?}: after each
 * create/update of the service, wait for the App Runner operations of *this deployment* to end
 * and fail when App Runner failed one or rolled it back, so that CloudFormation rolls back too
 * (App Runner otherwise reports a rolled-back deployment to CloudFormation as a success).
 *
 * onEvent asks DescribeStacks when the deployment began (LastUpdatedTime during an update,
 * CreationTime while the stack is created) and hands it to the polls (`DeploymentStartedAt`):
 * an older operation, such as an auto-deployment that App Runner rolled back last week, is not
 * judged, and a change that CloudFormation applied without any App Runner operation passes.
 * While CloudFormation rolls the stack back (after this check failed, say) the Update back to
 * the old properties passes without judging. A deleted service fails at once. Delete does
 * nothing.
 */
export class RollbackCheckHandler extends ResourceHandler<RollbackCheckProperties, RollbackCheckData> {
  constructor(private readonly client: AppRunnerClient, private readonly cfn: CloudFormationClient,
    event: OnEventRequest | IsCompleteRequest, now?: () => number) {
    super(event, now);
  }

  protected waitingFor(): string {
    return `the operations of ${this.props.string('ServiceArn')} in this deployment to end`;
  }

  protected async onCreate(): Promise<OnEventResponse<RollbackCheckData>> {
    return this.begin(false);
  }

  protected async onUpdate(): Promise<OnEventResponse<RollbackCheckData>> {
    return this.begin(true);
  }

  protected isCreateComplete(): Promise<IsCompleteResponse<RollbackCheckData>> {
    return this.isUpdateComplete();
  }

  protected async isUpdateComplete(): Promise<IsCompleteResponse<RollbackCheckData>> {
    if (this.data.RollingBack === 'true') return COMPLETE;
    const serviceArn = this.props.string('ServiceArn');
    const started = this.data.DeploymentStartedAt ? Number(this.data.DeploymentStartedAt) : undefined;
    const { newest, recent } = await this.operations(serviceArn, started === undefined ? undefined : started - SKEW_MS);
    if (isDeletion(newest)) throw deletionError(serviceArn, newest, 'check its deployment');
    const running = recent.find(operationRunning);
    if (running) {
      this.lastStatus = `${running.Type} ${running.Status}`;
      return NOT_YET;
    }
    const failed = recent.find(operationFailed);
    if (failed) {
      throw new Error(`App Runner operation ${describeOperation(failed)} on ${serviceArn}: the deployment was rolled back or failed`);
    }
    const latest: OperationSummary | undefined = recent[0];
    return { IsComplete: true, Data: latest ? { OperationId: latest.Id ?? '', OperationStatus: latest.Status ?? '' } : { OperationId: '', OperationStatus: 'NONE' } };
  }

  private async begin(update: boolean): Promise<OnEventResponse<RollbackCheckData>> {
    const physicalId = `${this.props.string('ServiceArn')}/rollback-check`;
    const stack = await stackState(this.cfn, this.event.StackId);
    if (update && isRollingBack(stack.status)) return { PhysicalResourceId: physicalId, Data: { RollingBack: 'true' } };
    const started = stack.deploymentStartedAt;
    return { PhysicalResourceId: physicalId, Data: started === undefined ? {} : { DeploymentStartedAt: String(started) } };
  }

  private async operations(serviceArn: string, since: number | undefined): Promise<RecentOperations> {
    try {
      return await new AppRunnerReader(this.client).operationsSince(serviceArn, since);
    } catch (e) {
      if (isNotFound(e)) throw new Error(`App Runner service ${serviceArn} does not exist`);
      throw e;
    }
  }
}
