/**
 * The twin's metrics: the names and meaning of the App Runner service's, on the twin's load
 * balancer and first target group (AWS/ApplicationELB), so the same alarm code watches both.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { publicService } from './fixtures';
import { EcsExpressTwin, HealthCheck } from '../../src';
import { newStack, synth } from '../support/util';

/** Any service with the metrics alarm code needs: an App Runner `Service` and its twin both are one. */
interface Watched {
  metricRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  metric5xxStatusResponses(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  metric4xxStatusResponses(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  metricRequestLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/** Alarm code written once for App Runner, reused for the twin. */
function alarmOn(scope: Stack, id: string, watched: Watched): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, {
    metric: watched.metric5xxStatusResponses({ period: Duration.minutes(1) }),
    threshold: 5,
    evaluationPeriods: 3,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

function setup() {
  const stack = newStack();
  const service = publicService(stack, { healthCheck: HealthCheck.http() });
  const twin = new EcsExpressTwin(stack, 'Twin', { service });
  const id = stack.getLogicalId(twin.cfnService);
  const getAtt = (name: string) => ({ 'Fn::GetAtt': [id, name] });
  const lbSplit = { 'Fn::Split': ['/', getAtt('ECSManagedResourceArns.IngressPath.LoadBalancerArn')] };
  const dimensions = {
    LoadBalancer: { 'Fn::Join': ['/', [1, 2, 3].map((i) => ({ 'Fn::Select': [i, lbSplit] }))] },
    TargetGroup: { 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::Select': [0, getAtt('ECSManagedResourceArns.IngressPath.TargetGroupArns')] }] }] },
  };
  return { stack, service, twin, dimensions, getAtt };
}

describe('load balancer metrics of the first target group', () => {
  const { stack, twin, dimensions } = setup();
  const rendered = (metric: cloudwatch.Metric) => {
    const config = metric.toMetricConfig().metricStat!;
    return {
      namespace: config.namespace,
      metricName: config.metricName,
      statistic: config.statistic,
      period: config.period.toMinutes(),
      dimensions: Object.fromEntries((config.dimensions ?? []).map((d) => [d.name, stack.resolve(d.value)])),
    };
  };

  test.each<[string, (t: EcsExpressTwin) => cloudwatch.Metric, string, string]>([
    ['metricRequests', (t) => t.metricRequests(), 'RequestCount', 'Sum'],
    ['metric2xxStatusResponses', (t) => t.metric2xxStatusResponses(), 'HTTPCode_Target_2XX_Count', 'Sum'],
    ['metric4xxStatusResponses', (t) => t.metric4xxStatusResponses(), 'HTTPCode_Target_4XX_Count', 'Sum'],
    ['metric5xxStatusResponses', (t) => t.metric5xxStatusResponses(), 'HTTPCode_Target_5XX_Count', 'Sum'],
    ['metricRequestLatency', (t) => t.metricRequestLatency(), 'TargetResponseTime', 'Average'],
  ])('%s → AWS/ApplicationELB %s (%s over 5 minutes)', (_name, make, metricName, statistic) => {
    expect(rendered(make(twin))).toEqual({ namespace: 'AWS/ApplicationELB', metricName, statistic, period: 5, dimensions });
  });

  test('metric(): any load balancer metric with the same dimensions, props applied', () => {
    expect(rendered(twin.metric('HealthyHostCount', { statistic: 'Minimum', period: Duration.minutes(1) })))
      .toEqual({ namespace: 'AWS/ApplicationELB', metricName: 'HealthyHostCount', statistic: 'Minimum', period: 1, dimensions });
  });

  test('CPU and memory utilization: AWS/ECS by cluster and service name', () => {
    const serviceName = stack.resolve(twin.serviceName);
    expect(rendered(twin.metricCpuUtilization())).toEqual({
      namespace: 'AWS/ECS', metricName: 'CPUUtilization', statistic: 'Average', period: 5, dimensions: { ClusterName: 'default', ServiceName: serviceName },
    });
    expect(rendered(twin.metricMemoryUtilization()).metricName).toBe('MemoryUtilization');
  });

  test('the dimensions are the parts of the ARNs CloudWatch uses (app/NAME/ID, targetgroup/NAME/ID)', () => {
    expect(stack.resolve(twin.loadBalancerFullName)).toEqual(dimensions.LoadBalancer);
    expect(stack.resolve(twin.targetGroupFullName)).toEqual(dimensions.TargetGroup);
  });
});

test('the same alarm code watches the App Runner service and its twin', () => {
  const { stack, service, twin, dimensions } = setup();
  alarmOn(stack, 'AppRunner5xx', service);
  alarmOn(stack, 'Twin5xx', twin);
  const alarms = synth(stack).findResources('AWS::CloudWatch::Alarm');
  const twinAlarm = alarms[Object.keys(alarms).find((k) => k.startsWith('Twin5xx'))!].Properties;
  const appRunnerAlarm = alarms[Object.keys(alarms).find((k) => k.startsWith('AppRunner5xx'))!].Properties;
  expect(appRunnerAlarm).toMatchObject({ Namespace: 'AWS/AppRunner', MetricName: '5xxStatusResponses', Statistic: 'Sum', Period: 60, Threshold: 5 });
  expect(twinAlarm).toMatchObject({
    Namespace: 'AWS/ApplicationELB',
    MetricName: 'HTTPCode_Target_5XX_Count',
    Statistic: 'Sum',
    Period: 60,
    Threshold: 5,
    Dimensions: [{ Name: 'LoadBalancer', Value: dimensions.LoadBalancer }, { Name: 'TargetGroup', Value: dimensions.TargetGroup }],
  });
});
