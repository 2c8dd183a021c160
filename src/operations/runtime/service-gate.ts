import { AppRunnerClient, ListOperationsCommand, PauseServiceCommand, ResumeServiceCommand } from '@aws-sdk/client-apprunner';
import { AppRunnerReader, isInvalidState, statusIs } from './apprunner';

/** Service statuses in which nothing can be changed any more. */
const UNUSABLE = ['DELETED', 'DELETE_FAILED', 'CREATE_FAILED'];

/** Clock skew allowed when comparing App Runner's operation start times with ours. */
const SKEW_MS = 5000;

/**
 * App Runner refuses custom-domain changes while a service is PAUSED (and while another
 * operation runs). A handler that must change a domain of a paused service resumes it, does
 * its work in later polls, and pauses it again before it reports completion: every step here
 * is one poll's worth, answering "ready?" / "back to sleep?" without keeping state.
 */
export class ServiceGate {
  /** @param clientOf the client for a service (one client for all, or one per service: custom domains' domain roles) */
  constructor(private readonly clientOf: (serviceArn: string) => Promise<AppRunnerClient>) {}

  /** The service's status; undefined when it does not exist. */
  public async status(serviceArn: string): Promise<string | undefined> {
    return new AppRunnerReader(await this.clientOf(serviceArn)).serviceStatus(serviceArn);
  }

  /**
   * Fail at once (with what to do) when the service is gone or in a status that takes no
   * change, instead of waiting for the timeout; `what` names the change asked for.
   */
  public async requireUsable(serviceArn: string, what: string): Promise<string> {
    const status = await this.status(serviceArn);
    if (status === undefined) {
      throw new Error(`App Runner service ${serviceArn} does not exist (deleted?): cannot ${what}`);
    }
    if (statusIs(status, ...UNUSABLE)) {
      throw new Error(`App Runner service ${serviceArn} is ${status}: cannot ${what}`);
    }
    return status;
  }

  /**
   * Whether the service takes a change now (RUNNING). A PAUSED service is resumed (the caller
   * tries again in a later poll and pauses it again at the end); an operation in progress
   * means later. Gone or unusable services fail.
   */
  public async ready(serviceArn: string, what: string): Promise<boolean> {
    const status = await this.requireUsable(serviceArn, what);
    if (statusIs(status, 'RUNNING')) return true;
    if (statusIs(status, 'PAUSED')) {
      try {
        await (await this.clientOf(serviceArn)).send(new ResumeServiceCommand({ ServiceArn: serviceArn }));
      } catch (e) {
        if (!isInvalidState(e)) throw e;
      }
    }
    return false;
  }

  /**
   * Whether the service is PAUSED (again): a RUNNING one is paused and checked in a later
   * poll. A service that is gone has nothing to pause.
   */
  public async repaused(serviceArn: string): Promise<boolean> {
    const status = await this.status(serviceArn);
    if (status === undefined || statusIs(status, 'PAUSED', ...UNUSABLE)) return true;
    if (statusIs(status, 'RUNNING')) {
      try {
        await (await this.clientOf(serviceArn)).send(new PauseServiceCommand({ ServiceArn: serviceArn }));
      } catch (e) {
        if (!isInvalidState(e)) throw e;
      }
    }
    return false;
  }

  /**
   * Whether the service was paused by someone else (a run schedule, an operator) after
   * `since` (ms), while a handler worked on it: it must then end paused too.
   */
  public async pausedSince(serviceArn: string, since: number): Promise<boolean> {
    const out = await (await this.clientOf(serviceArn)).send(new ListOperationsCommand({ ServiceArn: serviceArn, MaxResults: 20 }));
    return (out.OperationSummaryList ?? []).some((op) => statusIs(op.Type, 'PAUSE_SERVICE') && (op.StartedAt?.getTime() ?? 0) >= since - SKEW_MS);
  }
}
