/**
 * How a custom domain's traffic is split between the App Runner service and its ECS Express
 * Mode twin (`DomainCutover`): Route 53 weights, App Runner's `100 - expressPercent` and the
 * twin's `expressPercent`. Each step is a `cdk deploy`.
 */
export class TrafficSplit {
  /**
   * Everything to App Runner (weights 100/0): the twin's side is in place (certificate, host
   * name on its load balancer, DNS record at weight 0) and takes no traffic.
   */
  public static readonly APP_RUNNER_ONLY = new TrafficSplit(0);

  /** One request in ten to the twin (weights 90/10). */
  public static readonly CANARY = new TrafficSplit(10);

  /** Half the requests to the twin (weights 50/50). */
  public static readonly HALF = new TrafficSplit(50);

  /**
   * Everything to the twin (weights 0/100). App Runner still holds the domain (at weight 0)
   * until its custom domain is removed: the final step.
   */
  public static readonly EXPRESS_ONLY = new TrafficSplit(100);

  /**
   * This percentage of the requests to the twin, the rest to App Runner.
   *
   * @param percent a whole number from 0 to 100 (checked by `DomainCutover`)
   */
  public static toExpress(percent: number): TrafficSplit {
    return new TrafficSplit(percent);
  }

  /** The percentage of the requests that go to the ECS Express Mode twin (0-100). */
  public readonly expressPercent: number;

  private constructor(expressPercent: number) {
    this.expressPercent = expressPercent;
  }

  /** The percentage of the requests that stay with App Runner (`100 - expressPercent`). */
  public get appRunnerPercent(): number {
    return 100 - this.expressPercent;
  }
}
