/**
 * The physical ids of Custom::AppRunnerPreUpdateResume instances, and the run state the
 * cleanup phase of a deployment applies from them (see pre-update-resume.ts).
 *
 * `STACK_ID/SERVICE_LOGICAL_ID/pre-update-resume/MODE=1|0[/op=OPERATION_ID]/TOKEN`
 *
 * - `paused=1|0`: the template asks for a fixed run state (ServiceProps.paused).
 * - `keep=1|0`: the service has a run schedule: the deployment ends in the state the service
 *   was found in when the instance was made (1: PAUSED), and `op=` is the id of the resume
 *   this instance started for the update (so that it is not taken for the schedule's).
 */
export interface PreUpdateInstance {
  readonly serviceLogicalId: string;
  readonly mode: 'paused' | 'keep';
  /** `paused`: the run state asked for; `keep`: whether the service was found PAUSED. */
  readonly paused: boolean;
  /** `keep`: the id of the resume this instance started, if any. */
  readonly resumeOperationId?: string;
}

const ID = /\/([^/]+)\/pre-update-resume\/(paused|keep)=([01])(?:\/op=([A-Za-z0-9._-]+))?\/[0-9a-f]+$/;

/** The instance a physical id describes (ids of earlier versions, without a mode, record nothing). */
export function parsePreUpdateId(physicalId: string | undefined): PreUpdateInstance | undefined {
  const match = ID.exec(physicalId ?? '');
  if (!match) return undefined;
  return { serviceLogicalId: match[1], mode: match[2] as 'paused' | 'keep', paused: match[3] === '1', resumeOperationId: match[4] };
}

/** The physical id of an instance. */
export function formatPreUpdateId(stackId: string, token: string, instance: PreUpdateInstance): string {
  const op = instance.resumeOperationId ? `/op=${instance.resumeOperationId}` : '';
  return `${stackId}/${instance.serviceLogicalId}/pre-update-resume/${instance.mode}=${instance.paused ? 1 : 0}${op}/${token}`;
}

/**
 * The run state to apply in a cleanup phase, and the resume of ours to ignore among the
 * service's operations: after a successful update, what the current (new) instance records;
 * after a rollback (`rolledBack`), a fixed state of the current (old) instance, or, for a run
 * schedule, the state found when this deployment began — which the instance being deleted (the
 * new one) recorded.
 */
export function finalRunState(current: PreUpdateInstance, deleted: PreUpdateInstance | undefined, rolledBack: boolean):
{ readonly paused: boolean; readonly keep: boolean; readonly ownResume?: string } {
  if (current.mode === 'paused') return { paused: current.paused, keep: false };
  const record = rolledBack && deleted?.mode === 'keep' ? deleted : current;
  return { paused: record.paused, keep: true, ownResume: record.resumeOperationId };
}
