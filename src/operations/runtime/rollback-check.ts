import { AppRunnerClient } from '@aws-sdk/client-apprunner';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { AppRunnerReader, describeOperation, operationFailed, operationRunning } from './apprunner';
import { COMPLETE, NOT_YET, ResourceHandler } from './resource-handler';
import { stackRollingBack } from './stack-status';
import { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './types';

/**
 * Custom::AppRunnerRollbackCheck {ServiceArn, ConfigHash}: after each create/update of the
 * service, wait for its latest operation to end and fail when App Runner failed it or rolled
 * it back, so that CloudFormation rolls back too (App Runner otherwise reports a rolled-back
 * deployment to CloudFormation as a success). While CloudFormation rolls the stack back
 * (after this check failed, say) the Update back to the old properties passes without
 * judging (DescribeStacks). Delete does nothing.
 */
export class RollbackCheckHandler extends ResourceHandler {
  constructor(private readonly client: AppRunnerClient, private readonly cfn: CloudFormationClient,
    event: OnEventRequest | IsCompleteRequest, now?: () => number) {
    super(event, now);
  }

  protected waitingFor(): string {
    return `the latest operation of ${this.props.string('ServiceArn')} to end`;
  }

  protected async onCreate(): Promise<OnEventResponse> {
    return { PhysicalResourceId: `${this.props.string('ServiceArn')}/rollback-check` };
  }

  protected async onUpdate(): Promise<OnEventResponse> {
    const rollingBack = await stackRollingBack(this.cfn, this.event.StackId);
    return { ...(await this.onCreate()), Data: rollingBack ? { RollingBack: 'true' } : {} };
  }

  protected isCreateComplete(): Promise<IsCompleteResponse> {
    return this.isUpdateComplete();
  }

  protected async isUpdateComplete(): Promise<IsCompleteResponse> {
    if (this.data.RollingBack === 'true') return COMPLETE;
    const serviceArn = this.props.string('ServiceArn');
    const latest = await new AppRunnerReader(this.client).latestOperation(serviceArn);
    if (!latest) return COMPLETE;
    this.lastStatus = `${latest.Type} ${latest.Status}`;
    if (operationRunning(latest)) return NOT_YET;
    if (operationFailed(latest)) {
      throw new Error(`App Runner operation ${describeOperation(latest)} on ${serviceArn}: the deployment was rolled back or failed`);
    }
    return { IsComplete: true, Data: { OperationId: latest.Id ?? '', OperationStatus: latest.Status ?? '' } };
  }
}
