/**
 * Service imports, grants, metrics and the WAF web ACL association.
 */
import { Duration, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { CustomDomain, IService, RunSchedule, Service, Source } from '../../src';
import { expectValidationError, newAgnosticStack, newStack, synth } from '../support/util';

const ARN = 'arn:aws:apprunner:us-east-1:123456789012:service/my-service/0123456789abcdef0123456789abcdef';
const WEB_ACL = 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/my-acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';

describe('imports', () => {
  test('fromServiceName: ARN prefix built from the stack; grants cover service/NAME/*', () => {
    const stack = newStack();
    const service = Service.fromServiceName(stack, 'Imported', 'my-service');
    expect(service.serviceName).toBe('my-service');
    expect(stack.resolve(service.serviceArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apprunner:us-east-1:123456789012:service/my-service']],
    });
    // unknown: any use fails synthesis with an explanation
    expectValidationError(() => stack.resolve(service.serviceUrl),
      'serviceUrl of TestStack/Imported is not known: import the service with Service.fromServiceAttributes to know its URL');
    expectValidationError(() => stack.resolve(service.serviceId),
      'serviceId of TestStack/Imported is not known: import the service with Service.fromServiceArn or fromServiceAttributes to know its ID');
    const role = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
    service.grant(role, 'apprunner:DescribeService');
    synth(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: 'apprunner:DescribeService',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apprunner:us-east-1:123456789012:service/my-service/*']] },
        }],
      },
    });
  });

  test('fromServiceAttributes keeps what it is given and derives the ID from the ARN', () => {
    const stack = newStack();
    const service = Service.fromServiceAttributes(stack, 'Imported', {
      serviceName: 'my-service', serviceArn: ARN, serviceUrl: 'abc.us-east-1.awsapprunner.com', serviceStatus: 'RUNNING',
    });
    expect(service.serviceArn).toBe(ARN);
    expect(service.serviceUrl).toBe('abc.us-east-1.awsapprunner.com');
    expect(service.serviceId).toBe('0123456789abcdef0123456789abcdef');
  });

  test('fromServiceAttributes accepts an ARN it cannot parse (as the alpha module does); the ID is then unknown', () => {
    const stack = newStack();
    const service = Service.fromServiceAttributes(stack, 'Imported', {
      serviceName: 'n', serviceArn: 'not-an-arn', serviceUrl: 'u', serviceStatus: 'RUNNING',
    });
    expectValidationError(() => stack.resolve(service.serviceId), /serviceId of TestStack\/Imported is not known/);
  });

  test('fromServiceArn parses name and ID from a concrete ARN', () => {
    const stack = newStack();
    const service = Service.fromServiceArn(stack, 'Imported', ARN);
    expect(service.serviceName).toBe('my-service');
    expect(service.serviceId).toBe('0123456789abcdef0123456789abcdef');
    expect(service.serviceArn).toBe(ARN);
    const role = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
    service.grant(role, 'apprunner:PauseService');
    synth(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 'apprunner:PauseService', Resource: ARN }] },
    });
  });

  test('fromServiceArn with a token ARN derives name and ID with Fn::Split/Fn::Select', () => {
    const stack = newAgnosticStack();
    const arn = Token.asString({ Ref: 'ServiceArnParam' });
    const service = Service.fromServiceArn(stack, 'Imported', arn);
    const split = (index: number) => ({
      'Fn::Select': [index, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { Ref: 'ServiceArnParam' }] }] }] }],
    });
    expect(stack.resolve(service.serviceName)).toEqual(split(1));
    expect(stack.resolve(service.serviceId)).toEqual(split(2));
  });

  test('fromServiceArn rejects a concrete ARN that is not a service ARN', () => {
    const stack = newStack();
    expect(() => Service.fromServiceArn(stack, 'A', 'arn:aws:apprunner:us-east-1:123456789012:connection/x/y'))
      .toThrow('Unexpected ARN format: arn:aws:apprunner:us-east-1:123456789012:connection/x/y (expected arn:PARTITION:apprunner:REGION:ACCOUNT:service/NAME/ID)');
    expect(() => Service.fromServiceArn(stack, 'B', 'my-service')).toThrow(/Unexpected ARN format: my-service/);
    // no region or account, or more than service/NAME/ID
    expect(() => Service.fromServiceArn(stack, 'C', 'arn:aws:apprunner:::service/x')).toThrow(/^Unexpected ARN format: arn:aws:apprunner:::service\/x /);
    expect(() => Service.fromServiceArn(stack, 'D', 'arn:aws:apprunner:us-east-1:123456789012:service/x/id/extra')).toThrow(/^Unexpected ARN format: .*service\/x\/id\/extra /);
  });

  test('grant on an owned service uses its ARN attribute', () => {
    const stack = newStack();
    const service = new Service(stack, 'Service', { source: Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/a/b:latest' }) });
    const role = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
    service.grant(role, 'apprunner:DescribeService', 'apprunner:ListOperations');
    synth(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Statement: [{ Action: ['apprunner:DescribeService', 'apprunner:ListOperations'], Resource: { 'Fn::GetAtt': ['ServiceDBC79909', 'ServiceArn'] } }],
      },
    });
  });
});

describe('a service imported by name has no ID: what needs the full ARN fails at synth, saying which import to use', () => {
  const expected = (what: string) => new RegExp(`^${what} needs the service's full ARN \\(arn:PARTITION:apprunner:REGION:ACCOUNT:service/NAME/ID\\), `
    + 'but the ARN of service/my-service has no service ID \\(a service imported with Service.fromServiceName\\): import it with Service.fromServiceArn');

  test.each<[string, string, (s: IService) => unknown]>([
    ['a custom domain', 'Custom domain api.example.com', (s) => new CustomDomain(s, 'Domain', { service: s, domainName: 'api.example.com' })],
    ['a run schedule', 'A run schedule \\(PauseService / ResumeService\\)', (s) => new RunSchedule(s, 'Schedule', { service: s, pause: scheduler.ScheduleExpression.rate(Duration.hours(1)) })],
    ['a web ACL association', 'A web ACL association', (s) => s.associateWebAcl(WEB_ACL)],
  ])('%s', (_name, what, use) => {
    expectValidationError(() => use(Service.fromServiceName(newStack(), 'ByName', 'my-service')), expected(what));
  });

  test('the same uses of an import by ARN (concrete or token) and of fromServiceAttributes synthesize', () => {
    const stack = newStack();
    const imports = [
      Service.fromServiceArn(stack, 'ByArn', ARN),
      Service.fromServiceArn(stack, 'ByToken', Token.asString({ Ref: 'ServiceArnParam' })),
      Service.fromServiceAttributes(stack, 'ByAttributes', { serviceArn: ARN, serviceName: 'my-service', serviceUrl: 'x.awsapprunner.com', serviceStatus: 'RUNNING' }),
    ];
    imports.forEach((s, i) => {
      new CustomDomain(s, 'Domain', { service: s, domainName: `d${i}.example.com` });
      s.associateWebAcl(WEB_ACL);
    });
    const template = synth(stack);
    template.resourceCountIs('Custom::AppRunnerCustomDomain', 3);
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 3);
  });
});

describe('metrics', () => {
  const cases: Array<[string, string, string]> = [
    ['metricRequests', 'Requests', 'Sum'],
    ['metric2xxStatusResponses', '2xxStatusResponses', 'Sum'],
    ['metric4xxStatusResponses', '4xxStatusResponses', 'Sum'],
    ['metric5xxStatusResponses', '5xxStatusResponses', 'Sum'],
    ['metricRequestLatency', 'RequestLatency', 'Average'],
    ['metricActiveInstances', 'ActiveInstances', 'Maximum'],
    ['metricCpuUtilization', 'CPUUtilization', 'Average'],
    ['metricMemoryUtilization', 'MemoryUtilization', 'Average'],
    ['metricConcurrency', 'Concurrency', 'Maximum'],
  ];

  test.each(cases)('%s → %s (%s) with ServiceName and ServiceID, usable in an alarm', (method, metricName, statistic) => {
    const stack = newStack();
    const service = new Service(stack, 'Service', { source: Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/a/b:latest' }) });
    const metric: cloudwatch.Metric = (service as any)[method]();
    expect(metric.namespace).toBe('AWS/AppRunner');
    expect(metric.metricName).toBe(metricName);
    expect(metric.statistic).toBe(statistic);
    new cloudwatch.Alarm(stack, 'Alarm', { metric, threshold: 1, evaluationPeriods: 1 });
    synth(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/AppRunner',
      MetricName: metricName,
      Statistic: statistic,
      Dimensions: [
        { Name: 'ServiceID', Value: { 'Fn::GetAtt': ['ServiceDBC79909', 'ServiceId'] } },
        {
          Name: 'ServiceName',
          Value: { 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::GetAtt': ['ServiceDBC79909', 'ServiceArn'] }] }] }] }] },
        },
      ],
    });
  });

  test('the named metrics are on IService: an import by ARN has them, typed', () => {
    const stack = newStack();
    const imported: IService = Service.fromServiceArn(stack, 'Imported', ARN);
    const metrics: cloudwatch.Metric[] = [
      imported.metricRequests(), imported.metric2xxStatusResponses(), imported.metric4xxStatusResponses(),
      imported.metric5xxStatusResponses(), imported.metricRequestLatency(), imported.metricActiveInstances(),
      imported.metricCpuUtilization(), imported.metricMemoryUtilization(), imported.metricConcurrency(),
    ];
    expect(metrics.map((m) => m.metricName)).toEqual(cases.map((c) => c[1]));
    expect(metrics.every((m) => m.namespace === 'AWS/AppRunner' && m.dimensions?.ServiceName !== undefined)).toBe(true);
  });

  test('metric() takes any name and options; imports by ARN have metrics too', () => {
    const stack = newStack();
    const service = Service.fromServiceArn(stack, 'Imported', ARN);
    const metric = service.metric('Custom', { period: Duration.minutes(1), statistic: 'p99' });
    expect(metric.period.toMinutes()).toBe(1);
    expect(metric.statistic).toBe('p99');
    expect(metric.dimensions).toEqual({ ServiceName: 'my-service', ServiceID: '0123456789abcdef0123456789abcdef' });
  });

  test('a service imported by name has no ID: a metric is a clear error', () => {
    const stack = newStack();
    const service = Service.fromServiceName(stack, 'Imported', 'my-service');
    expect(() => service.metric('Requests')).toThrow(/Metric Requests of service my-service needs the service ID \(dimension ServiceID\)/);
  });
});

describe('associateWebAcl', () => {
  test('creates one AWS::WAFv2::WebACLAssociation for the service ARN', () => {
    const stack = newStack();
    const service = new Service(stack, 'Service', { source: Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/a/b:latest' }) });
    const association = service.associateWebAcl(WEB_ACL);
    expect(association.node.id).toBe('WebAclAssociation');
    const template: Template = synth(stack);
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { 'Fn::GetAtt': ['ServiceDBC79909', 'ServiceArn'] },
      WebACLArn: WEB_ACL,
    });
  });

  test('a token web ACL ARN is accepted; an imported service can be protected too', () => {
    const stack = newStack();
    const service = Service.fromServiceArn(stack, 'Imported', ARN);
    service.associateWebAcl(Token.asString({ 'Fn::GetAtt': ['Acl', 'Arn'] }));
    synth(stack).hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: ARN, WebACLArn: { 'Fn::GetAtt': ['Acl', 'Arn'] } });
  });

  test('a CloudFront (global) web ACL or a second association is refused', () => {
    const stack = newStack();
    const service = Service.fromServiceArn(stack, 'Imported', ARN);
    expect(() => service.associateWebAcl('arn:aws:wafv2:us-east-1:123456789012:global/webacl/a/b'))
      .toThrow(/webAclArn must be the ARN of a REGIONAL WAFv2 web ACL .*got "arn:aws:wafv2:us-east-1:123456789012:global\/webacl\/a\/b"/);
    service.associateWebAcl(WEB_ACL);
    expect(() => service.associateWebAcl(WEB_ACL)).toThrow(/A web ACL is already associated with service/);
  });
});
