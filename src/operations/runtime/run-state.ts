import { AppRunnerClient, PauseServiceCommand, ResumeServiceCommand } from '@aws-sdk/client-apprunner';
import { AppRunnerReader } from './apprunner';
import { ResourceHandler } from './resource-handler';
import { ServiceOperation } from './service-operation';
import { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './types';

/** A pause (PauseService → PAUSED) or resume (ResumeService → RUNNING) of a service. */
export function runStateOperation(client: AppRunnerClient, serviceArn: string, paused: boolean): ServiceOperation {
  return new ServiceOperation(new AppRunnerReader(client), paused ? {
    serviceArn,
    type: 'PAUSE_SERVICE',
    targetStatus: 'PAUSED',
    start: async () => (await client.send(new PauseServiceCommand({ ServiceArn: serviceArn }))).OperationId,
    refuseIn: { CREATE_FAILED: `App Runner service ${serviceArn} is CREATE_FAILED: it cannot be paused` },
  } : {
    serviceArn,
    type: 'RESUME_SERVICE',
    targetStatus: 'RUNNING',
    start: async () => (await client.send(new ResumeServiceCommand({ ServiceArn: serviceArn }))).OperationId,
    refuseIn: { CREATE_FAILED: `App Runner service ${serviceArn} is CREATE_FAILED: it cannot be resumed` },
  });
}

/**
 * Custom::AppRunnerRunState {ServiceArn, Paused, ConfigHash?}: after each create/update the
 * service is PAUSED (Paused "true") or RUNNING ("false"); the deployment waits for the
 * operation. Delete does nothing (deleting the stack does not resume the service first).
 */
export class RunStateHandler extends ResourceHandler {
  private readonly operation?: ServiceOperation;

  constructor(client: AppRunnerClient, event: OnEventRequest | IsCompleteRequest, now?: () => number) {
    super(event, now);
    if (event.RequestType !== 'Delete') {
      this.operation = runStateOperation(client, this.props.string('ServiceArn'), this.props.boolean('Paused'));
    }
  }

  protected waitingFor(): string {
    return `${this.props.boolean('Paused') ? 'the pause' : 'the resume'} of ${this.props.string('ServiceArn')}`;
  }

  protected async onCreate(): Promise<OnEventResponse> {
    return { PhysicalResourceId: `${this.props.string('ServiceArn')}/run-state`, Data: await this.operation!.begin() };
  }

  protected async onUpdate(): Promise<OnEventResponse> {
    return this.onCreate();
  }

  protected isCreateComplete(): Promise<IsCompleteResponse> {
    return this.isUpdateComplete();
  }

  protected async isUpdateComplete(): Promise<IsCompleteResponse> {
    const done = await this.operation!.poll(this.data, Number(this.data.StartedAt ?? this.now()));
    this.lastStatus = this.operation!.lastStatus;
    return { IsComplete: done };
  }
}
