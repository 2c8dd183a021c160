import { AppRunnerClient } from '@aws-sdk/client-apprunner';
import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { AppRunnerReader, statusIs } from './apprunner';
import { COMPLETE, ResourceHandler } from './resource-handler';
import { runStateOperation } from './run-state';
import { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './types';

/**
 * Custom::AppRunnerPreUpdateResume {StackId, ServiceLogicalId, ConfigHash}: runs before the
 * service's CloudFormation update (the service depends on it) and resumes the service when it
 * is PAUSED, because App Runner refuses UpdateService while paused. It cannot reference the
 * service (a cycle), so it finds the service ARN with DescribeStackResource. When the
 * service does not exist yet (first deployment) there is nothing to do. Delete does nothing.
 */
export class PreUpdateResumeHandler extends ResourceHandler {
  constructor(private readonly client: AppRunnerClient, private readonly cfn: CloudFormationClient,
    event: OnEventRequest | IsCompleteRequest, now?: () => number) {
    super(event, now);
  }

  protected waitingFor(): string {
    return `the resume (before update) of ${this.data.ServiceArn ?? this.props.string('ServiceLogicalId')}`;
  }

  protected async onCreate(): Promise<OnEventResponse> {
    const physicalId = `${this.props.string('StackId')}/${this.props.string('ServiceLogicalId')}/pre-update-resume`;
    const serviceArn = await this.serviceArn();
    if (!serviceArn) return { PhysicalResourceId: physicalId, Data: { Done: 'true', WasPaused: 'false' } };
    const status = await new AppRunnerReader(this.client).serviceStatus(serviceArn);
    this.lastStatus = status ?? 'missing';
    // Running (or gone): nothing to do. Paused, or an operation (a scheduled pause?) in
    // progress: resume, waiting for the operation first.
    if (!statusIs(status, 'PAUSED', 'OPERATION_IN_PROGRESS')) {
      return { PhysicalResourceId: physicalId, Data: { Done: 'true', WasPaused: 'false' } };
    }
    const data = await runStateOperation(this.client, serviceArn, false).begin();
    return { PhysicalResourceId: physicalId, Data: { ...data, ServiceArn: serviceArn, WasPaused: String(statusIs(status, 'PAUSED')) } };
  }

  protected onUpdate(): Promise<OnEventResponse> {
    return this.onCreate();
  }

  protected isCreateComplete(): Promise<IsCompleteResponse> {
    return this.isUpdateComplete();
  }

  protected async isUpdateComplete(): Promise<IsCompleteResponse> {
    if (this.data.Done === 'true' || !this.data.ServiceArn) return COMPLETE;
    const operation = runStateOperation(this.client, this.data.ServiceArn, false);
    const done = await operation.poll(this.data, Number(this.data.StartedAt ?? this.now()));
    this.lastStatus = operation.lastStatus;
    return { IsComplete: done };
  }

  /** The service's ARN (its physical id in the stack), or undefined before it exists. */
  private async serviceArn(): Promise<string | undefined> {
    try {
      const out = await this.cfn.send(new DescribeStackResourceCommand({
        StackName: this.props.string('StackId'),
        LogicalResourceId: this.props.string('ServiceLogicalId'),
      }));
      const id = out.StackResourceDetail?.PhysicalResourceId;
      return id && id.startsWith('arn:') ? id : undefined;
    } catch (e) {
      if (/does not exist/i.test(String((e as Error)?.message))) return undefined;
      throw e;
    }
  }
}
