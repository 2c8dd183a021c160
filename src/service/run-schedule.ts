import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { propertyInjectable } from 'aws-cdk-lib/core/lib/prop-injectable';
import { Construct } from 'constructs';
import type { IService } from './service-base';
import { checkFullServiceArn } from '../private/service-arn';
import { serviceHooks } from '../private/service-hooks';
import { checkDurationSeconds, checkIntegerRange, fail } from '../private/validation';

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

  /**
   * How often EventBridge Scheduler retries a pause or resume that App Runner refused (an
   * operation in progress, throttling). Between 0 and 185.
   *
   * @default 3
   */
  readonly retryAttempts?: number;

  /**
   * How long after its time a pause or resume may still be retried (a late pause is worse than
   * none). Between 1 minute and 24 hours.
   *
   * @default Duration.hours(1)
   */
  readonly maxEventAge?: Duration;

  /**
   * A queue that receives the pauses and resumes that failed after every retry (with
   * `metricSentToDeadLetterQueue` users can alarm on it).
   *
   * @default - none: failures show in `metricTargetErrors`
   */
  readonly deadLetterQueue?: sqs.IQueue;
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
 * Deployments of a `Service` with a run schedule resume it for the update when the schedule
 * has it paused, and end in the state the schedule set (`Service.addRunSchedule`). Pauses and
 * resumes App Runner refuses are retried (`retryAttempts`, `maxEventAge`), then counted in
 * `metricTargetErrors` (and sent to `deadLetterQueue` when one is given).
 */
@propertyInjectable
export class RunSchedule extends Construct {
  /** Identifies this class to property injectors (aws-cdk-lib `PropertyInjectors`). */
  public static readonly PROPERTY_INJECTION_ID: string = 'cdk-apprunner-kit.RunSchedule';

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
    serviceHooks(props.service)?.registerRunSchedule(this);
    const retryAttempts = props.retryAttempts ?? 3;
    const maxEventAge = props.maxEventAge ?? Duration.hours(1);
    checkIntegerRange('retryAttempts', retryAttempts, 0, 185, { scope: this, code: 'InvalidRetryAttempts' });
    checkDurationSeconds('maxEventAge', maxEventAge, 60, 86400, { scope: this, code: 'InvalidMaxEventAge' });
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
        retryAttempts,
        maxEventAge,
        deadLetterQueue: props.deadLetterQueue,
      }),
    });
    this.pauseSchedule = props.pause ? make('pauseService', props.pause, 'Pause') : undefined;
    this.resumeSchedule = props.resume ? make('resumeService', props.resume, 'Resume') : undefined;
  }

  /**
   * Scheduled pauses and resumes that App Runner refused after every retry (EventBridge
   * Scheduler's `TargetErrorCount`). Scheduler reports it per schedule group: these schedules
   * are in the account's default group, so the metric counts every schedule of that group.
   *
   * @default - sum over 5 minutes
   */
  public metricTargetErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.defaultGroup().metricTargetErrors({ statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * Scheduled pauses and resumes sent to the dead-letter queue (`InvocationsSentToDeadLetterCount`
   * of the default schedule group).
   *
   * @default - sum over 5 minutes
   */
  public metricSentToDeadLetterQueue(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.defaultGroup().metricSentToDLQ({ statistic: cloudwatch.Stats.SUM, ...props });
  }

  private defaultGroup(): scheduler.IScheduleGroup {
    return (this.node.tryFindChild('DefaultGroup') as scheduler.IScheduleGroup | undefined)
      ?? scheduler.ScheduleGroup.fromDefaultScheduleGroup(this, 'DefaultGroup');
  }
}
