/**
 * A platform team's construct library over cdk-apprunner-kit, as a platform repo would write
 * it: organisation-wide defaults as property injectors (every `Service` of the app is private,
 * 1 vCPU / 2 GB, fails the deployment when App Runner rolls back; custom domains get no www
 * subdomain), and a company construct that wraps `Service` with what every team gets (an
 * alarm on 5xx responses). Teams write `new CompanyService(...)` or plain `Service`s: the
 * injectors apply to both.
 *
 * Synthesized by test/example-platform.test.ts.
 */
import { App, Duration, InjectionContext, IPropertyInjector, PropertyInjectors, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { CustomDomain, Cpu, Memory, Service, ServiceProps, Source, VpcIngressConnection } from '../src';

/** The organisation's service defaults; a team's own values win. */
export class CompanyServiceDefaults implements IPropertyInjector {
  public readonly constructUniqueId = Service.PROPERTY_INJECTION_ID;
  public inject(originalProps: ServiceProps, _context: InjectionContext): ServiceProps {
    return { isPubliclyAccessible: false, cpu: Cpu.ONE_VCPU, memory: Memory.TWO_GB, failOnRollback: true, ...originalProps };
  }
}

/** The organisation's rule for custom domains: no www subdomain, whatever a team passes. */
export class NoWwwSubdomains implements IPropertyInjector {
  public readonly constructUniqueId = CustomDomain.PROPERTY_INJECTION_ID;
  public inject(originalProps: any, _context: InjectionContext): any {
    return { ...originalProps, enableWwwSubdomain: false };
  }
}

/** Properties of a CompanyService. */
export interface CompanyServiceProps {
  /** The image (ECR Public here; a real platform would take its registry's images). */
  readonly image: string;
  /** The port the image listens on. */
  readonly port: number;
  /** The VPC the service is reachable from (private services get an ingress connection). */
  readonly vpc: ec2.IVpc;
}

/** What every team's service comes with: the service, its ingress connection and a 5xx alarm. */
export class CompanyService extends Construct {
  public readonly service: Service;
  public readonly errors: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: CompanyServiceProps) {
    super(scope, id);
    this.service = new Service(this, 'Service', {
      source: Source.fromEcrPublic({ imageIdentifier: props.image, imageConfiguration: { port: props.port } }),
    });
    if (!this.service.isPubliclyAccessible) {
      new VpcIngressConnection(this, 'Ingress', { vpc: props.vpc, service: this.service });
    }
    this.errors = this.service.metric5xxStatusResponses({ period: Duration.minutes(5) }).createAlarm(this, 'Errors', {
      threshold: 10,
      evaluationPeriods: 1,
      alarmDescription: `5xx responses of ${this.node.path}`,
    });
  }
}

/** A team's stack on the platform. */
export class TeamStack extends Stack {
  public readonly web: CompanyService;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 0 });
    this.web = new CompanyService(this, 'Web', { image: 'public.ecr.aws/aws-containers/hello-app-runner:latest', port: 8000, vpc });
  }
}

/** The platform app: injectors on the app, one team's stack. */
export function buildPlatformApp(app = new App()): App {
  PropertyInjectors.of(app).add(new CompanyServiceDefaults(), new NoWwwSubdomains());
  new TeamStack(app, 'Team', { env: { account: '123456789012', region: 'eu-west-1' } });
  return app;
}
