import { IResource, Resource, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { checkFullServiceArn } from '../private/service-arn';
import { serviceHooks } from '../private/service-hooks';
import { fail } from '../private/validation';

/**
 * Represents the App Runner Service.
 */
export interface IService extends IResource {
  /**
   * The Name of the service.
   */
  readonly serviceName: string;

  /**
   * The ARN of the service.
   * @attribute
   */
  readonly serviceArn: string;

  /**
   * The URL of the service (its `*.awsapprunner.com` host, without scheme). Known for a
   * Service of this app and for one imported with `fromServiceAttributes`; for other imports
   * it is a value whose use fails synthesis with an explanation.
   *
   * @attribute
   */
  readonly serviceUrl: string;

  /**
   * The ID of the service (the last part of its ARN), the `ServiceID` metric dimension.
   * Unknown (using it fails synthesis with an explanation) for a service imported by name.
   *
   * @attribute
   */
  readonly serviceId: string;

  /**
   * Grant the given identity permissions to perform the actions on this service.
   *
   * @param grantee the principal to grant to
   * @param actions App Runner actions, e.g. `apprunner:DescribeService`
   */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;

  /**
   * Grant permission to pause the service (`apprunner:PauseService`).
   */
  grantPause(grantee: iam.IGrantable): iam.Grant;

  /**
   * Grant permission to resume the service (`apprunner:ResumeService`).
   */
  grantResume(grantee: iam.IGrantable): iam.Grant;

  /**
   * Grant permission to start a deployment of the service (`apprunner:StartDeployment`).
   */
  grantStartDeployment(grantee: iam.IGrantable): iam.Grant;

  /**
   * Grant what an operator needs: pause, resume, start deployments, and describe the service
   * and its operations.
   */
  grantOperate(grantee: iam.IGrantable): iam.Grant;

  /**
   * A CloudWatch metric of this service (namespace `AWS/AppRunner`, dimensions
   * `ServiceName` and `ServiceID`).
   *
   * @param metricName e.g. `Requests`, `RequestLatency`, `CPUUtilization`
   * @param props statistic, period, label, …
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The number of requests the service received.
   * @default - sum over 5 minutes
   */
  metricRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The number of HTTP 2xx responses.
   * @default - sum over 5 minutes
   */
  metric2xxStatusResponses(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The number of HTTP 4xx responses.
   * @default - sum over 5 minutes
   */
  metric4xxStatusResponses(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The number of HTTP 5xx responses.
   * @default - sum over 5 minutes
   */
  metric5xxStatusResponses(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The time the service took to answer requests (milliseconds).
   * @default - average over 5 minutes
   */
  metricRequestLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The number of instances serving requests.
   * @default - maximum over 5 minutes
   */
  metricActiveInstances(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * CPU utilization of the instances (percent).
   * @default - average over 5 minutes
   */
  metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Memory utilization of the instances (percent).
   * @default - average over 5 minutes
   */
  metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The number of concurrent requests.
   * @default - maximum over 5 minutes
   */
  metricConcurrency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Associate an AWS WAF web ACL (regional scope) with this service.
   *
   * @param webAclArn ARN of a REGIONAL `AWS::WAFv2::WebACL`
   */
  associateWebAcl(webAclArn: string): wafv2.CfnWebACLAssociation;
}

/**
 * Attributes for the App Runner Service
 */
export interface ServiceAttributes {
  /**
   * The name of the service.
   */
  readonly serviceName: string;

  /**
   * The ARN of the service.
   */
  readonly serviceArn: string;

  /**
   * The URL of the service.
   */
  readonly serviceUrl: string;

  /**
   * The status of the service.
   */
  readonly serviceStatus: string;
}

const WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:[0-9]{12}:regional\/webacl\/[^/]+\/[^/]+$/;

/**
 * The base of a Service, owned or imported: grants, metrics and the web ACL association.
 */
export abstract class ServiceBase extends Resource implements IService {
  /** The name of the service. */
  public abstract readonly serviceName: string;
  /** The ARN of the service. */
  public abstract readonly serviceArn: string;
  /**
   * The URL of the service.
   */
  public abstract readonly serviceUrl: string;
  /**
   * The ID of the service.
   */
  public abstract readonly serviceId: string;

  private webAclAssociation?: wafv2.CfnWebACLAssociation;

  /**
   * The ID of the service for the `ServiceID` metric dimension (undefined when unknown,
   * for a service imported by name).
   */
  protected abstract metricServiceId(): string | undefined;

  /**
   * Grant the given identity permissions to perform the actions on this service.
   */
  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions,
      resourceArns: [this.serviceArn],
    });
  }

  /**
   * Grant permission to pause the service (`apprunner:PauseService`).
   */
  public grantPause(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'apprunner:PauseService');
  }

  /**
   * Grant permission to resume the service (`apprunner:ResumeService`).
   */
  public grantResume(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'apprunner:ResumeService');
  }

  /**
   * Grant permission to start a deployment of the service (`apprunner:StartDeployment`).
   */
  public grantStartDeployment(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'apprunner:StartDeployment');
  }

  /**
   * Grant what an operator needs: pause, resume, start deployments, and describe the service
   * and its operations.
   */
  public grantOperate(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'apprunner:PauseService', 'apprunner:ResumeService', 'apprunner:StartDeployment',
      'apprunner:DescribeService', 'apprunner:ListOperations');
  }

  /**
   * A CloudWatch metric of this service (namespace `AWS/AppRunner`, dimensions
   * `ServiceName` and `ServiceID`).
   *
   * @param metricName the metric name, e.g. `Requests`
   * @param props metric options
   * @default - statistic Average, period 5 minutes (CloudWatch defaults), unless props say otherwise
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    const serviceId = this.metricServiceId();
    if (serviceId === undefined) {
      fail('MetricNeedsServiceId',
        `Metric ${metricName} of service ${this.serviceName} needs the service ID (dimension ServiceID): import the service with Service.fromServiceArn or fromServiceAttributes instead of fromServiceName`,
        this);
    }
    return new cloudwatch.Metric({
      namespace: 'AWS/AppRunner',
      metricName,
      dimensionsMap: { ServiceName: this.serviceName, ServiceID: serviceId },
      ...props,
    }).attachTo(this);
  }

  /**
   * The number of requests the service received.
   * @default - sum over 5 minutes
   */
  public metricRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Requests', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * The number of HTTP 2xx responses.
   * @default - sum over 5 minutes
   */
  public metric2xxStatusResponses(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('2xxStatusResponses', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * The number of HTTP 4xx responses.
   * @default - sum over 5 minutes
   */
  public metric4xxStatusResponses(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('4xxStatusResponses', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * The number of HTTP 5xx responses.
   * @default - sum over 5 minutes
   */
  public metric5xxStatusResponses(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('5xxStatusResponses', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * The time the service took to answer requests (milliseconds).
   * @default - average over 5 minutes
   */
  public metricRequestLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('RequestLatency', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /**
   * The number of instances serving requests.
   * @default - maximum over 5 minutes
   */
  public metricActiveInstances(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ActiveInstances', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * CPU utilization of the instances (percent).
   * @default - average over 5 minutes
   */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CPUUtilization', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /**
   * Memory utilization of the instances (percent).
   * @default - average over 5 minutes
   */
  public metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('MemoryUtilization', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /**
   * The number of concurrent requests.
   * @default - maximum over 5 minutes
   */
  public metricConcurrency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Concurrency', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * Associate an AWS WAF web ACL (regional scope) with this service, with an
   * `AWS::WAFv2::WebACLAssociation` (id `WebAclAssociation`). A service takes one web ACL.
   *
   * @param webAclArn ARN of a REGIONAL web ACL (`arn:aws:wafv2:REGION:ACCOUNT:regional/webacl/NAME/ID`)
   */
  public associateWebAcl(webAclArn: string): wafv2.CfnWebACLAssociation {
    if (this.webAclAssociation) {
      fail('WebAclAlreadyAssociated', `A web ACL is already associated with service ${this.node.path}; App Runner takes one web ACL per service`, this);
    }
    checkFullServiceArn(this.serviceArn, 'A web ACL association', this);
    if (!Token.isUnresolved(webAclArn) && !WEB_ACL_ARN.test(webAclArn)) {
      fail('InvalidWebAclArn',
        `webAclArn must be the ARN of a REGIONAL WAFv2 web ACL (arn:aws:wafv2:REGION:ACCOUNT:regional/webacl/NAME/ID), got ${JSON.stringify(webAclArn)}`,
        this);
    }
    this.webAclAssociation = new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.serviceArn,
      webAclArn,
    });
    serviceHooks(this)?.registerWebAcl(this.webAclAssociation);
    return this.webAclAssociation;
  }
}
