import { AppRunnerClient, PauseServiceCommand, ResumeServiceCommand } from '@aws-sdk/client-apprunner';
import type { RunStateData, RunStateProperties } from '../contract';
import { AppRunnerReader } from './apprunner';
import { ResourceHandler } from './resource-handler';
import { ServiceOperation } from './service-operation';
import { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './types';

/** A pause (PauseService → PAUSED) or resume (ResumeService → RUNNING) of a service. */
export function runStateOperation(client: AppRunnerClient, serviceArn: string, paused: boolean): ServiceOperation {
  return new ServiceOperation(new AppRunnerReader(client), paused ? {
    serviceArn,
    type: 'PAUSE_SERVICE',
    action: 'pause it',
    targetStatus: 'PAUSED',
    start: async () => (await client.send(new PauseServiceCommand({ ServiceArn: serviceArn }))).OperationId,
    refuseIn: { CREATE_FAILED: `App Runner service ${serviceArn} is CREATE_FAILED: it cannot be paused` },
  } : {
    serviceArn,
    type: 'RESUME_SERVICE',
    action: 'resume it',
    targetStatus: 'RUNNING',
    start: async () => (await client.send(new ResumeServiceCommand({ ServiceArn: serviceArn }))).OperationId,
    refuseIn: { CREATE_FAILED: `App Runner service ${serviceArn} is CREATE_FAILED: it cannot be resumed` },
  });
}

/**
 * Custom::AppRunnerRunState {ServiceArn, Paused, ConfigHash?, DeployTimeValues?}: after each
 * deployment the service is PAUSED (Paused "true") or RUNNING ("false").
 *
 * App Runner refuses to update a paused service, and CloudFormation may still have to update
 * the service after this resource ran: when a later resource fails, the stack rolls back, and
 * whether the service's rollback comes before or after this resource's is CloudFormation's
 * choice. So an update (or its rollback) never pauses the service here:
 *
 * - Create applies the run state at once (nothing can roll back a new service's update).
 * - Update (also the Update back of a rollback): "false" resumes at once (App Runner updates
 *   running services); "true" leaves the pause to the pre-update resume's cleanup Delete, which
 *   runs once CloudFormation knows the outcome of the whole deployment (pre-update-resume.ts).
 * - Delete does nothing (deleting the stack does not resume the service first).
 */
export class RunStateHandler extends ResourceHandler<RunStateProperties, RunStateData> {
  constructor(private readonly client: AppRunnerClient, event: OnEventRequest | IsCompleteRequest, now?: () => number) {
    super(event, now);
  }

  protected waitingFor(): string {
    return `${this.props.boolean('Paused') ? 'the pause' : 'the resume'} of ${this.props.string('ServiceArn')}`;
  }

  protected async onCreate(): Promise<OnEventResponse<RunStateData>> {
    return { PhysicalResourceId: this.physicalId(), Data: await this.operation().begin() };
  }

  protected async onUpdate(): Promise<OnEventResponse<RunStateData>> {
    if (this.props.boolean('Paused')) return { PhysicalResourceId: this.physicalId(), Data: { Done: 'true', Deferred: 'true' } };
    return this.onCreate();
  }

  protected isCreateComplete(): Promise<IsCompleteResponse<RunStateData>> {
    return this.isUpdateComplete();
  }

  protected async isUpdateComplete(): Promise<IsCompleteResponse<RunStateData>> {
    const operation = this.operation();
    const done = await operation.poll(this.data, Number(this.data.StartedAt ?? this.now()));
    this.lastStatus = operation.lastStatus;
    return { IsComplete: done };
  }

  private operation(): ServiceOperation {
    return runStateOperation(this.client, this.props.string('ServiceArn'), this.props.boolean('Paused'));
  }

  private physicalId(): string {
    return `${this.props.string('ServiceArn')}/run-state`;
  }
}
