import * as crypto from 'crypto';
import { AppRunnerClient } from '@aws-sdk/client-apprunner';
import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { AppRunnerReader, statusIs } from './apprunner';
import { COMPLETE, ResourceHandler } from './resource-handler';
import { runStateOperation } from './run-state';
import { isRollingBack, stackStatus } from './stack-status';
import { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './types';

/** What an instance's physical id records: `STACK_ID/SERVICE_LOGICAL_ID/pre-update-resume/paused=1|0/TOKEN`. */
interface PreUpdateInstance {
  readonly serviceLogicalId: string;
  readonly paused: boolean;
}

/** The instance a physical id describes (ids of earlier versions, without `/paused=`, record nothing). */
export function parsePreUpdateId(physicalId: string | undefined): PreUpdateInstance | undefined {
  const match = /\/([^/]+)\/pre-update-resume\/paused=([01])\/[0-9a-f]+$/.exec(physicalId ?? '');
  return match ? { serviceLogicalId: match[1], paused: match[2] === '1' } : undefined;
}

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
 * - A Delete outside a cleanup phase (the stack is deleted) or of the current instance (the
 *   resource was removed) does nothing.
 */
export class PreUpdateResumeHandler extends ResourceHandler {
  constructor(private readonly client: AppRunnerClient, private readonly cfn: CloudFormationClient,
    event: OnEventRequest | IsCompleteRequest, now?: () => number) {
    super(event, now);
  }

  protected waitingFor(): string {
    const what = this.event.RequestType === 'Delete' ? 'the run state (at the end of the deployment)' : 'the resume (before update)';
    return `${what} of ${this.data.ServiceArn ?? this.props.string('ServiceLogicalId')}`;
  }

  protected async onCreate(): Promise<OnEventResponse> {
    return { PhysicalResourceId: this.newId(), Data: await this.resumeIfPaused() };
  }

  protected async onUpdate(): Promise<OnEventResponse> {
    // decided before any call: the replacement may lie outside the functions' grant
    if (this.replacing()) return { PhysicalResourceId: this.newId(), Data: { Done: 'true', WasPaused: 'false', Replacement: 'true' } };
    // CloudFormation sends an Update back only when this resource's own Update failed before it
    // had a new id: keep the id then (a new one would be a replacement in the midst of a rollback)
    const id = isRollingBack(await stackStatus(this.cfn, this.event.StackId)) ? this.physicalResourceId : this.newId();
    return { PhysicalResourceId: id, Data: await this.resumeIfPaused() };
  }

  protected async onDelete(): Promise<OnEventResponse> {
    const status = await stackStatus(this.cfn, this.event.StackId);
    if (!/CLEANUP_IN_PROGRESS$/.test(status)) return { Data: { Done: 'true' } };
    const currentId = await this.physicalIdOf(this.event.LogicalResourceId);
    const current = parsePreUpdateId(currentId);
    if (!current || currentId === this.physicalResourceId) return { Data: { Done: 'true' } };
    const serviceArn = await this.serviceArn(current.serviceLogicalId);
    if (!serviceArn) return { Data: { Done: 'true' } };
    const data = await runStateOperation(this.client, serviceArn, current.paused).begin();
    return { Data: { ...data, ServiceArn: serviceArn, Pause: String(current.paused) } };
  }

  protected isCreateComplete(): Promise<IsCompleteResponse> {
    return this.isUpdateComplete();
  }

  protected async isUpdateComplete(): Promise<IsCompleteResponse> {
    if (this.data.Done === 'true' || !this.data.ServiceArn) return COMPLETE;
    const operation = runStateOperation(this.client, this.data.ServiceArn, this.data.Pause === 'true');
    const done = await operation.poll(this.data, Number(this.data.StartedAt ?? this.now()));
    this.lastStatus = operation.lastStatus;
    return { IsComplete: done };
  }

  protected isDeleteComplete(): Promise<IsCompleteResponse> {
    return this.isUpdateComplete();
  }

  /** Before the service's update: resume it when it is PAUSED (or may be, an operation runs). */
  private async resumeIfPaused(): Promise<{ [key: string]: string }> {
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

  /** A physical id for a new instance (the same for a retried request). */
  private newId(): string {
    const token = crypto.createHash('sha256').update(`${this.event.StackId}|${this.event.LogicalResourceId}|${this.event.RequestId}`).digest('hex').slice(0, 16);
    const paused = this.props.boolean('Paused', false) ? 1 : 0;
    return `${this.props.string('StackId')}/${this.props.string('ServiceLogicalId')}/pre-update-resume/paused=${paused}/${token}`;
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
