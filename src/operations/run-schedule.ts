import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { checkFullServiceArn } from '../private/service-arn';
import { fail } from '../private/validation';
import type { IService } from '../service/service-base';

/**
 * When to pause and resume a service.
 */
export interface RunScheduleOptions {
  /**
   * When to pause the service, e.g.
   * `ScheduleExpression.cron({ hour: '20', minute: '0', weekDay: 'MON-FRI', timeZone: TimeZone.EUROPE_BERLIN })`.
   *
   * @default - the service is never paused by this schedule
   */
  readonly pause?: scheduler.ScheduleExpression;

  /**
   * When to resume the service.
   *
   * @default - the service is never resumed by this schedule
   */
  readonly resume?: scheduler.ScheduleExpression;

  /**
   * Whether the schedules are enabled.
   *
   * @default true
   */
  readonly enabled?: boolean;
}

/**
 * Properties of a RunSchedule.
 */
export interface RunScheduleProps extends RunScheduleOptions {
  /**
   * The service to pause and resume.
   */
  readonly service: IService;
}

/**
 * Pause and resume an App Runner service on a schedule, without a Lambda function:
 * EventBridge Scheduler calls App Runner's PauseService / ResumeService directly
 * (universal targets `aws-sdk:apprunner:pauseService` and `resumeService`) with a role of
 * its own (`role`), assumable by EventBridge Scheduler from this account only and allowed
 * exactly those actions on this service.
 *
 * A service that is paused by a schedule is still updated by `cdk deploy` only if it is
 * running; combine with `ServiceProps.paused` to let deployments resume it first.
 */
export class RunSchedule extends Construct {
  /** The schedule that pauses the service, when one was asked for. */
  public readonly pauseSchedule?: scheduler.Schedule;

  /** The schedule that resumes the service, when one was asked for. */
  public readonly resumeSchedule?: scheduler.Schedule;

  /** The role the schedules assume: PauseService / ResumeService on this service only. */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: RunScheduleProps) {
    super(scope, id);
    if (!props.pause && !props.resume) {
      fail('EmptyRunSchedule', 'A run schedule needs `pause`, `resume` or both (got neither)', this);
    }
    checkFullServiceArn(props.service.serviceArn, 'A run schedule (PauseService / ResumeService)', this);
    // a role per schedule pair: aws-cdk-lib's default (one role per target ARN and stack)
    // would be shared with other services' schedules
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': Stack.of(this).account,
            // the schedules are in the default schedule group
            'aws:SourceArn': Stack.of(this).formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }),
          },
        },
      }),
      description: `Pauses and resumes App Runner service ${props.service.serviceName} on a schedule`,
    });
    const make = (action: string, expression: scheduler.ScheduleExpression, verb: string) => new scheduler.Schedule(this, verb, {
      schedule: expression,
      enabled: props.enabled ?? true,
      description: `${verb} App Runner service ${props.service.serviceName}`,
      target: new targets.Universal({
        role: this.role,
        service: 'apprunner',
        action,
        input: scheduler.ScheduleTargetInput.fromObject({ ServiceArn: props.service.serviceArn }),
        policyStatements: [new iam.PolicyStatement({ actions: [`apprunner:${action[0].toUpperCase()}${action.slice(1)}`], resources: [props.service.serviceArn] })],
      }),
    });
    this.pauseSchedule = props.pause ? make('pauseService', props.pause, 'Pause') : undefined;
    this.resumeSchedule = props.resume ? make('resumeService', props.resume, 'Resume') : undefined;
  }
}
