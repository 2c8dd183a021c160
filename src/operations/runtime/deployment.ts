import { AppRunnerClient, StartDeploymentCommand } from '@aws-sdk/client-apprunner';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { DeploymentData, DeploymentProperties } from '../contract';
import { AppRunnerReader } from './apprunner';
import { COMPLETE, ResourceHandler } from './resource-handler';
import { ServiceOperation } from './service-operation';
import { stackRollingBack } from './stack-status';
import { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './types';

/**
 * Custom::AppRunnerDeployment {ServiceArn, Trigger}: a changed Trigger starts a deployment
 * (StartDeployment) and the deployment waits for it to succeed. Create does nothing (the
 * service was just deployed); a changed ServiceArn is a new service (new physical id, no
 * deployment). A paused service is refused with a clear message; one busy with another
 * operation is waited for, then deployed. While CloudFormation rolls
 * the stack back, the Update back to the old trigger deploys nothing (the service's own
 * rollback restores its configuration; a deployment could only fail again). Delete does nothing.
 */
export class DeploymentHandler extends ResourceHandler<DeploymentProperties, DeploymentData> {
  constructor(private readonly client: AppRunnerClient, private readonly cfn: CloudFormationClient,
    event: OnEventRequest | IsCompleteRequest, now?: () => number) {
    super(event, now);
  }

  protected waitingFor(): string {
    return `the deployment of ${this.props.string('ServiceArn')}`;
  }

  protected async onCreate(): Promise<OnEventResponse<DeploymentData>> {
    return { PhysicalResourceId: this.physicalId(), Data: { Done: 'true' } };
  }

  protected async onUpdate(): Promise<OnEventResponse<DeploymentData>> {
    const serviceArn = this.props.string('ServiceArn');
    if (serviceArn !== this.oldProps.optionalString('ServiceArn')) return this.onCreate();
    if (this.props.optionalString('Trigger') === this.oldProps.optionalString('Trigger')) {
      return { PhysicalResourceId: this.physicalId(), Data: { Done: 'true' } };
    }
    if (await stackRollingBack(this.cfn, this.event.StackId)) {
      return { PhysicalResourceId: this.physicalId(), Data: { Done: 'true' } };
    }
    return { PhysicalResourceId: this.physicalId(), Data: await this.operation().begin() };
  }

  protected async isCreateComplete(): Promise<IsCompleteResponse<DeploymentData>> {
    return COMPLETE;
  }

  protected async isUpdateComplete(): Promise<IsCompleteResponse<DeploymentData>> {
    const operation = this.operation();
    const done = await operation.poll(this.data, Number(this.data.StartedAt ?? this.now()));
    this.lastStatus = operation.lastStatus;
    return { IsComplete: done };
  }

  private physicalId(): string {
    return `${this.props.string('ServiceArn')}/deployment`;
  }

  private operation(): ServiceOperation {
    const serviceArn = this.props.string('ServiceArn');
    return new ServiceOperation(new AppRunnerReader(this.client), {
      serviceArn,
      type: 'START_DEPLOYMENT',
      action: 'deploy it',
      start: async () => (await this.client.send(new StartDeploymentCommand({ ServiceArn: serviceArn }))).OperationId,
      // StartDeployment declares no InvalidStateException: App Runner refuses it with
      // InvalidRequestException while another operation runs
      busyErrors: ['InvalidRequestException'],
      refuseIn: {
        PAUSED: `App Runner service ${serviceArn} is PAUSED: App Runner refuses StartDeployment while paused (resume it, e.g. with paused: false, and deploy again)`,
        CREATE_FAILED: `App Runner service ${serviceArn} is CREATE_FAILED: it cannot be redeployed`,
      },
    });
  }
}
