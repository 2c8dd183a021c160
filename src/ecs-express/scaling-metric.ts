/**
 * The metric an ECS Express Mode service scales on (target tracking).
 */
export enum EcsExpressScalingMetric {
  /** Average CPU utilization of the service's tasks, in percent. */
  AVERAGE_CPU = 'AVERAGE_CPU',

  /** Average memory utilization of the service's tasks, in percent. */
  AVERAGE_MEMORY = 'AVERAGE_MEMORY',

  /**
   * Requests per target (task) per minute, counted by the service's Application Load Balancer
   * (`RequestCountPerTarget`).
   */
  REQUEST_COUNT_PER_TARGET = 'REQUEST_COUNT_PER_TARGET',
}
