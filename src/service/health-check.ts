import { Duration } from 'aws-cdk-lib';
import { CfnService } from 'aws-cdk-lib/aws-apprunner';
import { checkDurationSeconds, checkIntegerRange, fail } from '../private/validation';

/**
 * The health check protocol type
 */
export enum HealthCheckProtocolType {
  /**
   * HTTP protocol
   */
  HTTP = 'HTTP',

  /**
   * TCP protocol
   */
  TCP = 'TCP',
}

/**
 * Describes the settings for the health check that AWS App Runner performs to monitor the health of a service.
 */
interface HealthCheckCommonOptions {
  /**
   * The number of consecutive checks that must succeed before App Runner decides that the service is healthy.
   *
   * @default 1
   */
  readonly healthyThreshold?: number;

  /**
   * The time interval, in seconds, between health checks.
   *
   * @default Duration.seconds(5)
   */
  readonly interval?: Duration;

  /**
   * The time, in seconds, to wait for a health check response before deciding it failed.
   *
   * @default Duration.seconds(2)
   */
  readonly timeout?: Duration;

  /**
   * The number of consecutive checks that must fail before App Runner decides that the service is unhealthy.
   *
   * @default 5
   */
  readonly unhealthyThreshold?: number;
}

/**
 * Properties used to define HTTP Based healthchecks.
 */
export interface HttpHealthCheckOptions extends HealthCheckCommonOptions {
  /**
   * The URL that health check requests are sent to.
   *
   * @default /
   */
  readonly path?: string;
}

/**
 * Properties used to define TCP Based healthchecks.
 */
export interface TcpHealthCheckOptions extends HealthCheckCommonOptions { }

/**
 * Contains static factory methods for creating health checks for different protocols
 */
export class HealthCheck {
  /**
   * Construct a HTTP health check
   */
  public static http(options: HttpHealthCheckOptions = {}): HealthCheck {
    return new HealthCheck(
      HealthCheckProtocolType.HTTP,
      options.healthyThreshold,
      options.interval,
      options.timeout,
      options.unhealthyThreshold,
      options.path,
    );
  }

  /**
   * Construct a TCP health check
   */
  public static tcp(options: TcpHealthCheckOptions = {}): HealthCheck {
    return new HealthCheck(
      HealthCheckProtocolType.TCP,
      options.healthyThreshold,
      options.interval,
      options.timeout,
      options.unhealthyThreshold,
    );
  }

  private constructor(
    /** The protocol of the health check. */
    public readonly healthCheckProtocolType: HealthCheckProtocolType,
    /** Consecutive successes before healthy. */
    public readonly healthyThreshold: number = 1,
    /** Time between checks. */
    public readonly interval: Duration = Duration.seconds(5),
    /** Time to wait for a response. */
    public readonly timeout: Duration = Duration.seconds(2),
    /** Consecutive failures before unhealthy. */
    public readonly unhealthyThreshold: number = 5,
    /** The HTTP path (HTTP checks only). */
    public readonly path?: string,
  ) {
    if (this.healthCheckProtocolType === HealthCheckProtocolType.HTTP) {
      if (this.path !== undefined && this.path.length === 0) {
        fail('InvalidHealthCheckPath', 'path length must be greater than 0 (healthCheck.path of an HTTP health check must not be empty, got "")');
      }
      if (this.path === undefined) {
        this.path = '/';
      }
    }
    checkIntegerRange('healthyThreshold', this.healthyThreshold, 1, 20, {
      code: 'InvalidHealthyThreshold', message: `healthyThreshold must be between 1 and 20, got ${this.healthyThreshold}`,
    });
    checkIntegerRange('unhealthyThreshold', this.unhealthyThreshold, 1, 20, {
      code: 'InvalidUnhealthyThreshold', message: `unhealthyThreshold must be between 1 and 20, got ${this.unhealthyThreshold}`,
    });
    checkDurationSeconds('interval', this.interval, 1, 20, {
      code: 'InvalidHealthCheckInterval', message: `interval must be between 1 and 20 seconds, got ${secondsOf(this.interval)}`,
    });
    checkDurationSeconds('timeout', this.timeout, 1, 20, {
      code: 'InvalidHealthCheckTimeout', message: `timeout must be between 1 and 20 seconds, got ${secondsOf(this.timeout)}`,
    });
  }

  /**
   * Render the health check for CfnService.
   */
  public bind(): CfnService.HealthCheckConfigurationProperty {
    return {
      healthyThreshold: this.healthyThreshold,
      interval: this.interval?.toSeconds(),
      path: this.path,
      protocol: this.healthCheckProtocolType,
      timeout: this.timeout?.toSeconds(),
      unhealthyThreshold: this.unhealthyThreshold,
    };
  }
}

function secondsOf(d: Duration): string {
  return d.isUnresolved() ? '(token)' : String(d.toSeconds({ integral: false }));
}
