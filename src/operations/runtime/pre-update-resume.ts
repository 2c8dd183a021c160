import { AppRunnerClient, ListOperationsCommand } from '@aws-sdk/client-apprunner';
import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import type { PreUpdateResumeData, PreUpdateResumeProperties } from '../contract';
import { AppRunnerReader, statusIs } from './apprunner';
import { finalRunState, formatPreUpdateId, parsePreUpdateId, PreUpdateInstance } from './pre-update-id';
import { COMPLETE, ResourceHandler } from './resource-handler';
import { runStateOperation } from './run-state';
import { isRollingBack, stackState, stackStatus } from './stack-status';
import { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './types';

/**
 * Custom::AppRunnerPreUpdateResume {StackId, ServiceLogicalId, ConfigHash, Paused,
 * ReplacementHash?, DeployTimeValues?}: runs before the service's CloudFormation update (the
 * service depends on it) and resumes the service when it is PAUSED, because App Runner refuses
 * UpdateService while paused. It cannot reference the service (a cycle), so it finds the
 * service ARN with DescribeStackResource. When the service does not exist yet (first
 * deployment) there is nothing to do.
 *
 * - A changed ReplacementHash (a create-only property of the service changed: its name,
 *   encryption or tags) means CloudFormation creates a new service, so there is nothing to
 *   resume: it does nothing, without any call (the functions may not even be allowed to touch
 *   the old service: their grant follows the new name).
 * - It also ends the deployment in the run state the template that stands asks for. Every
 *   Create and Update is a new instance (a new physical id that records `Paused`), so
 *   CloudFormation deletes the old instance in the cleanup phase after a successful update, and
 *   the new one in the cleanup phase of a rollback (sending no Update back). Both Deletes come
 *   after every update and rollback of the deployment, in whatever order CloudFormation ran
 *   them, when nothing will update the service any more: they pause (or resume) the service as
 *   the instance that is current then says (DescribeStackResource of its own logical id). Until
 *   then nothing pauses the service (the run state resource leaves updates' pauses to this), so
 *   a failed update of a paused service ends paused and its rollback is never refused.
 * - `Paused` "keep" (a service with a run schedule): the deployment ends in the state the
 *   service was found in when it began (the instance records it), unless the schedule paused
 *   or resumed the service during the deployment: its latest such operation (not the resume
 *   this resource started) decides. So a deployment at night resumes the service for the
 *   update and pauses it again.
 * - A Delete outside a cleanup phase (the stack is deleted) or of the current instance (the
 *   resource was removed) does nothing.
 */
/** Clock skew allowed between CloudFormation's deployment start and App Runner's operation times. */
const SKEW_MS = 5000;

export class PreUpdateResumeHandler extends ResourceHandler<PreUpdateResumeProperties, PreUpdateResumeData> {
  constructor(private readonly client: AppRunnerClient, private readonly cfn: CloudFormationClient,
    event: OnEventRequest | IsCompleteRequest, now?: () => number) {
    super(event, now);
  }

  protected waitingFor(): string {
    const what = this.event.RequestType === 'Delete' ? 'the run state (at the end of the deployment)' : 'the resume (before update)';
    return `${what} of ${this.data.ServiceArn ?? this.props.string('ServiceLogicalId')}`;
  }

  protected async onCreate(): Promise<OnEventResponse<PreUpdateResumeData>> {
    const data = await this.resumeIfPaused();
    return { PhysicalResourceId: this.newId(data), Data: data };
  }

  protected async onUpdate(): Promise<OnEventResponse<PreUpdateResumeData>> {
    // decided before any call: the replacement may lie outside the functions' grant
    if (this.replacing()) {
      const data = { Done: 'true', WasPaused: 'false', Replacement: 'true' };
      return { PhysicalResourceId: this.newId(data), Data: data };
    }
    // CloudFormation sends an Update back only when this resource's own Update failed before it
    // had a new id: keep the id then (a new one would be a replacement in the midst of a rollback)
    const rollingBack = isRollingBack(await stackStatus(this.cfn, this.event.StackId));
    const data = await this.resumeIfPaused();
    return { PhysicalResourceId: rollingBack ? this.physicalResourceId : this.newId(data), Data: data };
  }

  protected async onDelete(): Promise<OnEventResponse<PreUpdateResumeData>> {
    const stack = await stackState(this.cfn, this.event.StackId);
    if (!/CLEANUP_IN_PROGRESS$/.test(stack.status)) return { Data: { Done: 'true' } };
    const currentId = await this.physicalIdOf(this.event.LogicalResourceId);
    const current = parsePreUpdateId(currentId);
    if (!current || currentId === this.physicalResourceId) return { Data: { Done: 'true' } };
    const serviceArn = await this.serviceArn(current.serviceLogicalId);
    if (!serviceArn) return { Data: { Done: 'true' } };
    const final = finalRunState(current, parsePreUpdateId(this.physicalResourceId), /ROLLBACK/.test(stack.status));
    const paused = final.keep ? await this.scheduleSince(serviceArn, stack.deploymentStartedAt, final.ownResume) ?? final.paused : final.paused;
    const data = await runStateOperation(this.client, serviceArn, paused).begin();
    return { Data: { ...data, ServiceArn: serviceArn, Pause: String(paused) } };
  }

  protected isCreateComplete(): Promise<IsCompleteResponse<PreUpdateResumeData>> {
    return this.isUpdateComplete();
  }

  protected async isUpdateComplete(): Promise<IsCompleteResponse<PreUpdateResumeData>> {
    if (this.data.Done === 'true' || !this.data.ServiceArn) return COMPLETE;
    const operation = runStateOperation(this.client, this.data.ServiceArn, this.data.Pause === 'true');
    const done = await operation.poll(this.data, Number(this.data.StartedAt ?? this.now()));
    this.lastStatus = operation.lastStatus;
    return { IsComplete: done };
  }

  protected isDeleteComplete(): Promise<IsCompleteResponse<PreUpdateResumeData>> {
    return this.isUpdateComplete();
  }

  /** Before the service's update: resume it when it is PAUSED (or may be, an operation runs). */
  private async resumeIfPaused(): Promise<PreUpdateResumeData> {
    const serviceArn = await this.serviceArn(this.props.string('ServiceLogicalId'));
    if (!serviceArn) return { Done: 'true', WasPaused: 'false' };
    const status = await new AppRunnerReader(this.client).serviceStatus(serviceArn);
    this.lastStatus = status ?? 'missing';
    // Running (or gone): nothing to do. Paused, or an operation (a scheduled pause?) in
    // progress: resume, waiting for the operation first.
    if (!statusIs(status, 'PAUSED', 'OPERATION_IN_PROGRESS')) return { Done: 'true', WasPaused: 'false' };
    const data = await runStateOperation(this.client, serviceArn, false).begin();
    return { ...data, ServiceArn: serviceArn, WasPaused: String(statusIs(status, 'PAUSED')) };
  }

  /**
   * A physical id for a new instance (the same for a retried request): the run state asked for,
   * or, with a run schedule (Paused "keep"), the state found and the resume started (`data`).
   */
  private newId(data: PreUpdateResumeData): string {
    const token = this.requestToken();
    const keep = this.props.optionalString('Paused') === 'keep';
    const instance: PreUpdateInstance = keep
      ? { serviceLogicalId: this.props.string('ServiceLogicalId'), mode: 'keep', paused: data.WasPaused === 'true', resumeOperationId: data.OperationId }
      : { serviceLogicalId: this.props.string('ServiceLogicalId'), mode: 'paused', paused: this.props.boolean('Paused', false) };
    return formatPreUpdateId(this.props.string('StackId'), token, instance);
  }

  /**
   * With a run schedule: whether the schedule paused (true) or resumed (false) the service
   * since the deployment began, by its latest such operation other than our own resume;
   * undefined when it did neither (or the start is unknown).
   */
  private async scheduleSince(serviceArn: string, since: number | undefined, ownResume: string | undefined): Promise<boolean | undefined> {
    if (since === undefined) return undefined;
    const out = await this.client.send(new ListOperationsCommand({ ServiceArn: serviceArn, MaxResults: 20 }));
    const latest = (out.OperationSummaryList ?? []).find((op) => op.Id !== ownResume && statusIs(op.Type, 'PAUSE_SERVICE', 'RESUME_SERVICE')
      && (op.StartedAt?.getTime() ?? 0) >= since - SKEW_MS);
    return latest ? statusIs(latest.Type, 'PAUSE_SERVICE') : undefined;
  }

  /**
   * Whether CloudFormation replaces the service in this update: the hash of its create-only
   * properties changed. Templates of older versions have none.
   */
  private replacing(): boolean {
    const now = this.props.optionalString('ReplacementHash');
    const before = this.oldProps.optionalString('ReplacementHash');
    return now !== undefined && before !== undefined && now !== before;
  }

  /** The service's ARN (its physical id in the stack), or undefined before it exists. */
  private async serviceArn(logicalId: string): Promise<string | undefined> {
    const id = await this.physicalIdOf(logicalId);
    return id && id.startsWith('arn:') ? id : undefined;
  }

  /** The physical id CloudFormation holds for a logical id of this stack now, if any. */
  private async physicalIdOf(logicalId: string): Promise<string | undefined> {
    try {
      const out = await this.cfn.send(new DescribeStackResourceCommand({ StackName: this.event.StackId, LogicalResourceId: logicalId }));
      return out.StackResourceDetail?.PhysicalResourceId;
    } catch (e) {
      if (/does not exist/i.test(String((e as Error)?.message))) return undefined;
      throw e;
    }
  }
}
