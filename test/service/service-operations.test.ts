/**
 * Service operations through custom resources, as synthesized: one provider per stack,
 * the resources and their order, IAM scoped to the services, grants, run schedules.
 */
import { App, CfnElement, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AutoScalingConfiguration, CustomDomain, OperationsProvider, Service, ServiceProps, Source } from '../../src';
import { expectValidationError, findDependencyCycle, newStack, resolvedPolicySize, synth } from '../support/util';

const IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';

function service(stack: Stack, id: string, props: Partial<ServiceProps> = {}): Service {
  return new Service(stack, id, { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), ...props });
}

function customResources(template: Template, type: string): Record<string, any> {
  return template.findResources(type);
}

function logicalId(stack: Stack, s: Service): string {
  return stack.getLogicalId(s.cfnService);
}

describe('no option, no custom resource', () => {
  test('a plain service has no provider, no Lambda function', () => {
    const stack = newStack();
    service(stack, 'Plain', { failOnRollback: false });
    const template = synth(stack);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.resourceCountIs('AWS::CloudFormation::CustomResource', 0);
    expect(JSON.stringify(template.toJSON())).not.toContain('Custom::AppRunner');
  });
});

describe('paused', () => {
  test('pre-update resume before the service, run state after it, with the same config hash', () => {
    const stack = newStack();
    const s = service(stack, 'Svc', { paused: true });
    const template = synth(stack);
    const id = logicalId(stack, s);

    const pre = Object.entries(customResources(template, 'Custom::AppRunnerPreUpdateResume'));
    expect(pre).toHaveLength(1);
    const [preId, preResource] = pre[0];
    expect(preResource.Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': ['AppRunnerKitOperationsProviderframeworkonEvent2228CAF3', 'Arn'] },
      StackId: { Ref: 'AWS::StackId' },
      ServiceLogicalId: id,
      ConfigHash: expect.stringMatching(/^[0-9a-f]{32}$/),
      // the run state its instances record (their cleanup Deletes apply it) and the create-only properties' hash
      Paused: 'true',
      ReplacementHash: expect.stringMatching(/^[0-9a-f]{32}$/),
      TimeoutSeconds: '1740',
    });
    expect(template.toJSON().Resources[id].DependsOn).toContain(preId);

    const run = Object.values(customResources(template, 'Custom::AppRunnerRunState'));
    expect(run).toHaveLength(1);
    expect(run[0].Properties).toMatchObject({
      ServiceArn: { 'Fn::GetAtt': [id, 'ServiceArn'] },
      Paused: 'true',
      ConfigHash: preResource.Properties.ConfigHash,
    });
  });

  test('paused: false is rendered as the string "false"', () => {
    const stack = newStack();
    service(stack, 'Svc', { paused: false });
    const run = Object.values(customResources(synth(stack), 'Custom::AppRunnerRunState'));
    expect(run[0].Properties.Paused).toBe('false');
  });

  test('the config hash follows the service configuration, not the run state', () => {
    const hashOf = (props: Partial<ServiceProps>) => {
      const stack = newStack();
      service(stack, 'Svc', props);
      return Object.values(customResources(synth(stack), 'Custom::AppRunnerRunState'))[0].Properties.ConfigHash;
    };
    expect(hashOf({ paused: true })).toBe(hashOf({ paused: false }));
    expect(hashOf({ paused: true })).not.toBe(hashOf({ paused: true, autoDeploymentsEnabled: false }));
    // a new redeploy trigger: a paused service is resumed for the deployment and paused again
    expect(hashOf({ paused: true, redeploy: 'v1' })).not.toBe(hashOf({ paused: true, redeploy: 'v2' }));
  });

  test('the config hash follows referenced resources too (a replaced auto scaling configuration changes only a GetAtt)', () => {
    const hashOf = (maxSize: number) => {
      const stack = newStack();
      const autoScalingConfiguration = new AutoScalingConfiguration(stack, 'Scaling', { maxSize });
      service(stack, 'Svc', { paused: true, autoScalingConfiguration });
      const template = synth(stack);
      const cfn = Object.values(template.findResources('AWS::AppRunner::Service'))[0];
      expect(cfn.Properties.AutoScalingConfigurationArn).toEqual({ 'Fn::GetAtt': [expect.any(String), 'AutoScalingConfigurationArn'] });
      return Object.values(customResources(template, 'Custom::AppRunnerPreUpdateResume'))[0].Properties.ConfigHash;
    };
    expect(hashOf(5)).not.toBe(hashOf(10));
    expect(hashOf(5)).toBe(hashOf(5));
  });

  test.each<[string, Partial<ServiceProps>]>([
    ['redeploy and failOnRollback', { redeploy: 'v1', failOnRollback: true }],
    ['paused', { paused: true }],
  ])('the handlers may read their own stack (%s): one statement per function, whatever the options', (_what, props) => {
    const stack = newStack();
    service(stack, 'Svc', props);
    service(stack, 'Other', { ...props, serviceName: 'other' });
    // the phase (rolling back? cleanup?) and the stack's resources, also for the cleanup Deletes of removed resources
    const statement = {
      Action: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackResource', 'cloudformation:ListStackResources'],
      Effect: 'Allow',
      Resource: { Ref: 'AWS::StackId' },
    };
    const statements = Object.values(synth(stack).findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements.filter((st: any) => JSON.stringify(st.Action).includes('cloudformation:'))).toEqual([statement, statement]);
  });

  test('IAM: pause/resume on the service ARN; the pre-update resume\'s grant is scoped to the service name when known', () => {
    const stack = newStack();
    const s = service(stack, 'Svc', { paused: true, serviceName: 'my-service' });
    const template = synth(stack);
    // the run state's own policy: it pauses (Create) and resumes this service
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [{
          Action: ['apprunner:DescribeService', 'apprunner:ListOperations', 'apprunner:PauseService', 'apprunner:ResumeService'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [logicalId(stack, s), 'ServiceArn'] },
        }],
      },
    });
    // the handler functions' own policies (onEvent and isComplete), exactly these two statements
    const provider = OperationsProvider.of(stack);
    const expected = [
      { Action: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackResource', 'cloudformation:ListStackResources'], Effect: 'Allow', Resource: { Ref: 'AWS::StackId' } },
      // the pre-update resume resumes before the update, and pauses or resumes in the cleanup phase; it cannot
      // reference its service (a cycle), so its grant follows the service's name
      {
        Action: ['apprunner:DescribeService', 'apprunner:ListOperations', 'apprunner:PauseService', 'apprunner:ResumeService'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apprunner:us-east-1:123456789012:service/my-service/*']] },
      },
    ];
    for (const fn of [provider.onEventFunction, provider.isCompleteFunction]) {
      const roleId = stack.getLogicalId(fn.role!.node.defaultChild as CfnElement);
      const own = Object.values<any>(template.findResources('AWS::IAM::Policy')).filter((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId));
      expect(own.map((p) => p.Properties.PolicyDocument.Statement)).toEqual([expected]);
    }
    // no wildcard actions
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toMatch(/"apprunner:\*"/);
  });

  test('a generated service name: the pre-update resume\'s grant is the service\'s own ARN, in the resource policy every shard of which waits for it', () => {
    const stack = newStack();
    const services = Array.from({ length: 25 }, (_, i) => service(stack, `Svc${i}`, { paused: false }));
    const template = synth(stack);
    // nothing on service/*/* or service/*: the handler functions' own policies only read the stack
    const provider = OperationsProvider.of(stack);
    for (const fn of [provider.onEventFunction, provider.isCompleteFunction]) {
      const roleId = stack.getLogicalId(fn.role!.node.defaultChild as CfnElement);
      const own = Object.values<any>(template.findResources('AWS::IAM::Policy')).filter((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId));
      expect(own.map((p) => p.Properties.PolicyDocument.Statement)).toEqual([[
        { Action: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackResource', 'cloudformation:ListStackResources'], Effect: 'Allow', Resource: { Ref: 'AWS::StackId' } },
      ]]);
    }
    expect(JSON.stringify(template.toJSON())).not.toMatch(/service\/\*/);
    // each service's statement (also its run state's) in one of two shards, 20 statements each
    const shards = template.findResources('AWS::IAM::ManagedPolicy');
    expect(Object.keys(shards)).toHaveLength(2);
    const statements = Object.values<any>(shards).flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual(services.map((s) => ({
      Action: ['apprunner:DescribeService', 'apprunner:ListOperations', 'apprunner:PauseService', 'apprunner:ResumeService'],
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [logicalId(stack, s), 'ServiceArn'] },
    })));
    // every shard waits for every pre-update resume (none is updated before they ran); the pre-update
    // resumes depend on no shard (the grant they use is the previous deployment's)
    const preUpdates = Object.entries(customResources(template, 'Custom::AppRunnerPreUpdateResume'));
    expect(preUpdates).toHaveLength(25);
    for (const shard of Object.values<any>(shards)) expect(shard.DependsOn).toEqual(expect.arrayContaining(preUpdates.map(([id]) => id)));
    for (const [, resource] of preUpdates) {
      expect((resource.DependsOn ?? []).filter((d: string) => d in shards)).toEqual([]);
    }
  });
});

describe('redeploy and failOnRollback', () => {
  test('deployment → rollback check → run state, in that order', () => {
    const stack = newStack();
    const s = service(stack, 'Svc', { redeploy: 'build-42', failOnRollback: true, paused: false });
    const template = synth(stack);
    const [depId, dep] = Object.entries(customResources(template, 'Custom::AppRunnerDeployment'))[0];
    const [rbId, rb] = Object.entries(customResources(template, 'Custom::AppRunnerRollbackCheck'))[0];
    const [, run] = Object.entries(customResources(template, 'Custom::AppRunnerRunState'))[0];
    expect(dep.Properties).toMatchObject({ ServiceArn: { 'Fn::GetAtt': [logicalId(stack, s), 'ServiceArn'] }, Trigger: 'build-42' });
    expect(rb.Properties).toMatchObject({ ServiceArn: { 'Fn::GetAtt': [logicalId(stack, s), 'ServiceArn'] }, ConfigHash: expect.any(String) });
    expect(rb.DependsOn).toContain(depId);
    expect(run.DependsOn).toEqual(expect.arrayContaining([depId, rbId]));
    // one statement per service, with every action its custom resources need
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [{
          // the pre-update resume's actions first (it is wired first), then the deployment's
          Action: ['apprunner:DescribeService', 'apprunner:ListOperations', 'apprunner:PauseService', 'apprunner:ResumeService', 'apprunner:StartDeployment'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [logicalId(stack, s), 'ServiceArn'] },
        }],
      },
    });
  });

  test('failOnRollback alone: only the rollback check (no pre-update resource)', () => {
    const stack = newStack();
    service(stack, 'Svc', { failOnRollback: true });
    const template = synth(stack);
    template.resourceCountIs('Custom::AppRunnerRollbackCheck', 1);
    template.resourceCountIs('Custom::AppRunnerPreUpdateResume', 0);
    template.resourceCountIs('Custom::AppRunnerRunState', 0);
  });
});

describe('one provider per stack', () => {
  test.each([1, 3, 12])('%i services → the same number of Lambda functions', (n) => {
    const stack = newStack();
    for (let i = 0; i < n; i++) service(stack, `Svc${i}`, { paused: i % 2 === 0, failOnRollback: true, redeploy: `v${i}` });
    const template = synth(stack);
    // onEvent + isComplete + the provider framework's onEvent, isComplete and onTimeout
    template.resourceCountIs('AWS::Lambda::Function', 5);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    template.resourceCountIs('Custom::AppRunnerRollbackCheck', n);
  });

  test('the provider waits every 10 s for 30 minutes by default; configure() changes it', () => {
    const stack = newStack();
    OperationsProvider.configure(stack, { totalTimeout: Duration.minutes(50), queryInterval: Duration.seconds(5) });
    service(stack, 'Svc', { failOnRollback: true });
    const template = synth(stack);
    const machine = JSON.stringify(Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0]);
    expect(machine).toContain('\\"IntervalSeconds\\":5');
    expect(machine).toContain('\\"MaxAttempts\\":600');
    expect(Object.values(customResources(template, 'Custom::AppRunnerRollbackCheck'))[0].Properties.TimeoutSeconds).toBe('2940');
  });

  test('configure() after first use, or out-of-range settings, are errors', () => {
    const stack = newStack();
    service(stack, 'Svc', { failOnRollback: true });
    expectValidationError(() => OperationsProvider.configure(stack, {}), /The operations provider of stack TestStack already exists/);
    expectValidationError(() => OperationsProvider.configure(newStack(), { queryInterval: Duration.seconds(30) }),
      'queryInterval must be between 1 and 10 seconds, got 30');
    expectValidationError(() => OperationsProvider.configure(newStack(), { totalTimeout: Duration.hours(2) }),
      'totalTimeout must be between 60 and 3600 seconds, got 7200');
  });

  test('handlers run on Node.js 24 from the two bundled assets', () => {
    const stack = newStack();
    service(stack, 'Svc', { paused: true });
    const template = synth(stack);
    const provider = OperationsProvider.of(stack);
    for (const [fn, description] of [
      [provider.onEventFunction, 'cdk-apprunner-kit: starts App Runner operations for custom resources'],
      [provider.isCompleteFunction, 'cdk-apprunner-kit: follows App Runner operations until they end'],
    ] as const) {
      const id = stack.getLogicalId(fn.node.defaultChild as CfnElement);
      expect(template.toJSON().Resources[id].Properties).toMatchObject({
        Handler: 'index.handler', Runtime: 'nodejs24.x', Timeout: 60, MemorySize: 256, Description: description,
      });
    }
    // two assets, one per entry point; the SDK's connection reuse variable is not set (SDK v3 reuses)
    const assets = Object.values(template.findResources('AWS::Lambda::Function'))
      .filter((r) => String(r.Properties.Description).startsWith('cdk-apprunner-kit'))
      .map((r) => JSON.stringify(r.Properties.Code));
    expect(new Set(assets).size).toBe(2);
    expect(JSON.stringify(template.toJSON())).not.toContain('AWS_NODEJS_CONNECTION_REUSE_ENABLED');
  });
});

describe('grants', () => {
  test.each<[string, string[]]>([
    ['grantPause', ['apprunner:PauseService']],
    ['grantResume', ['apprunner:ResumeService']],
    ['grantStartDeployment', ['apprunner:StartDeployment']],
    ['grantOperate', ['apprunner:PauseService', 'apprunner:ResumeService', 'apprunner:StartDeployment', 'apprunner:DescribeService', 'apprunner:ListOperations']],
  ])('%s', (method, actions) => {
    const stack = newStack();
    const s = service(stack, 'Svc');
    const role = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
    (s as any)[method](role);
    synth(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: actions.length === 1 ? actions[0] : actions, Resource: { 'Fn::GetAtt': [logicalId(stack, s), 'ServiceArn'] } }] },
    });
  });
});

describe('run schedules', () => {
  test('pause and resume through EventBridge Scheduler universal targets, role scoped to the service', () => {
    const stack = newStack();
    const s = service(stack, 'Svc');
    s.addRunSchedule({
      pause: scheduler.ScheduleExpression.cron({ hour: '20', minute: '0', weekDay: 'MON-FRI', timeZone: TimeZone.EUROPE_BERLIN }),
      resume: scheduler.ScheduleExpression.cron({ hour: '7', minute: '0', weekDay: 'MON-FRI', timeZone: TimeZone.EUROPE_BERLIN }),
    });
    const template = synth(stack);
    template.resourceCountIs('AWS::Scheduler::Schedule', 2);
    // the schedules call App Runner without a Lambda function; the provider's functions serve the
    // pre-update resume that lets deployments update the service while the schedule has it paused
    template.resourceCountIs('AWS::Lambda::Function', 5);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 20 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:::aws-sdk:apprunner:pauseService']] },
        Input: { 'Fn::Join': ['', ['{"ServiceArn":"', { 'Fn::GetAtt': [logicalId(stack, s), 'ServiceArn'] }, '"}']] },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      }),
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 ? * MON-FRI *)',
      Target: Match.objectLike({ Arn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:::aws-sdk:apprunner:resumeService']] } }),
    });
    // the schedule pair's own role, allowed exactly the two actions on this service
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: ['apprunner:PauseService', 'apprunner:ResumeService'].map((action) =>
          ({ Action: action, Effect: 'Allow', Resource: { 'Fn::GetAtt': [logicalId(stack, s), 'ServiceArn'] } })),
      },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: {
            StringEquals: {
              'aws:SourceAccount': '123456789012',
              'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:us-east-1:123456789012:schedule-group/default']] },
            },
          },
        }],
      },
    });
  });

  test('deployments keep the state the schedule set: a pre-update resume in "keep" mode, no run state resource; paused with a schedule is refused', () => {
    const stack = newStack();
    const s = service(stack, 'Svc', { redeploy: 'v1' });
    s.addRunSchedule({ pause: scheduler.ScheduleExpression.rate(Duration.hours(12)) });
    const template = synth(stack);
    const pre = Object.values<any>(template.findResources('Custom::AppRunnerPreUpdateResume'));
    expect(pre).toHaveLength(1);
    expect(pre[0].Properties).toMatchObject({ Paused: 'keep', ServiceLogicalId: logicalId(stack, s) });
    expect(template.findResources('AWS::AppRunner::Service')[logicalId(stack, s)].DependsOn).toEqual(expect.arrayContaining(Object.keys(template.findResources('Custom::AppRunnerPreUpdateResume'))));
    template.resourceCountIs('Custom::AppRunnerRunState', 0);
    template.resourceCountIs('Custom::AppRunnerDeployment', 1);
    for (const paused of [true, false]) {
      const p = service(newStack(), `Paused${paused}`, { paused });
      expectValidationError(() => p.addRunSchedule({ pause: scheduler.ScheduleExpression.rate(Duration.hours(12)) }),
        `Service TestStack/Paused${paused} has paused: ${paused} and a run schedule: both decide its run state. Remove paused`);
    }
  });

  test('retries, a dead-letter queue and metrics users can alarm on; limits on both sides', () => {
    const stack = newStack();
    const queue = new sqs.Queue(stack, 'Dlq');
    const schedule = service(stack, 'Svc').addRunSchedule({
      pause: scheduler.ScheduleExpression.rate(Duration.hours(12)), retryAttempts: 185, maxEventAge: Duration.hours(24), deadLetterQueue: queue,
    });
    service(stack, 'Min').addRunSchedule({ resume: scheduler.ScheduleExpression.rate(Duration.hours(12)), retryAttempts: 0, maxEventAge: Duration.minutes(1) });
    // (alarms before synthesis: the tree is frozen after it)
    const template = (() => {
      const errors = schedule.metricTargetErrors();
      expect({ namespace: errors.namespace, metricName: errors.metricName, dimensions: errors.dimensions, statistic: errors.statistic })
        .toEqual({ namespace: 'AWS/Scheduler', metricName: 'TargetErrorCount', dimensions: { ScheduleGroup: 'default' }, statistic: 'Sum' });
      new cloudwatch.Alarm(stack, 'Failed', { metric: errors, threshold: 1, evaluationPeriods: 1 });
      new cloudwatch.Alarm(stack, 'Dead', { metric: schedule.metricSentToDeadLetterQueue(), threshold: 1, evaluationPeriods: 1 });
      return synth(stack);
    })();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'TargetErrorCount', Namespace: 'AWS/Scheduler', Dimensions: [{ Name: 'ScheduleGroup', Value: 'default' }] });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'InvocationsSentToDeadLetterCount', Namespace: 'AWS/Scheduler' });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: Match.objectLike({
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [stack.getLogicalId(queue.node.defaultChild as any), 'Arn'] } },
      }),
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { Target: Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 } }) });
    for (const [options, message] of [
      [{ retryAttempts: 186 }, 'retryAttempts must be an integer between 0 and 185, got 186'],
      [{ retryAttempts: -1 }, 'retryAttempts must be an integer between 0 and 185, got -1'],
      [{ maxEventAge: Duration.seconds(59) }, 'maxEventAge must be between 60 and 86400 seconds, got 59'],
      [{ maxEventAge: Duration.hours(25) }, 'maxEventAge must be between 60 and 86400 seconds, got 90000'],
    ] as const) {
      expectValidationError(() => service(newStack(), 'X').addRunSchedule({ pause: scheduler.ScheduleExpression.rate(Duration.hours(1)), ...options }), message);
    }
  });

  test('two services with schedules: a role each, never one role for both', () => {
    const stack = newStack();
    const a = service(stack, 'A');
    const b = service(stack, 'B');
    for (const s of [a, b]) s.addRunSchedule({ pause: scheduler.ScheduleExpression.rate(Duration.hours(12)) });
    const template = synth(stack);
    const policies = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p).includes('apprunner:PauseService') && p.Properties.PolicyDocument.Statement.every((st: any) => st.Resource['Fn::GetAtt']));
    expect(policies.map((p) => p.Properties.PolicyDocument.Statement.map((st: any) => st.Resource['Fn::GetAtt'][0]))).toEqual([
      [logicalId(stack, a)], [logicalId(stack, b)],
    ]);
    const roles = new Set(Object.values(template.findResources('AWS::Scheduler::Schedule')).map((r) => JSON.stringify(r.Properties.Target.RoleArn)));
    expect(roles.size).toBe(2);
  });

  test('a schedule needs pause or resume; disabled schedules are rendered DISABLED', () => {
    const stack = newStack();
    const s = service(stack, 'Svc');
    expectValidationError(() => s.addRunSchedule({}), 'A run schedule needs `pause`, `resume` or both (got neither)');
    const other = service(stack, 'Other');
    other.addRunSchedule({ pause: scheduler.ScheduleExpression.rate(Duration.hours(12)), enabled: false });
    synth(stack).hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(12 hours)', State: 'DISABLED' });
  });
});

describe('no dependency cycle', () => {
  test('paused + redeploy + failOnRollback + a custom domain + default auto scaling in one stack', () => {
    const stack = newStack();
    const scaling = new AutoScalingConfiguration(stack, 'Scaling', { isDefault: true });
    const s = service(stack, 'Svc', { paused: true, redeploy: 'v1', failOnRollback: true, autoScalingConfiguration: scaling, serviceName: 'svc-name' });
    const other = service(stack, 'Other', { paused: false });
    new CustomDomain(stack, 'Domain', { service: s, domainName: 'api.example.com' });
    other.addCustomDomain({ domainName: 'other.example.com' });
    const template = synth(stack).toJSON();
    expect(findDependencyCycle(template)).toBeUndefined();
    // the checker itself finds a cycle when there is one
    const broken = JSON.parse(JSON.stringify(template));
    const preUpdate = Object.keys(broken.Resources).find((id) => broken.Resources[id].Type === 'Custom::AppRunnerPreUpdateResume')!;
    broken.Resources[preUpdate].Properties.ServiceArn = { 'Fn::GetAtt': [stack.getLogicalId(s.cfnService), 'ServiceArn'] };
    expect(findDependencyCycle(broken)).toEqual(expect.arrayContaining([preUpdate]));
  });
});

describe('IAM at scale', () => {
  // a 100-character service ARN (arn:aws:apprunner:REGION:ACCOUNT:service/NAME/ID), 20 for other Refs
  const resolvedSize = (doc: unknown) => resolvedPolicySize(doc, 100, 20);

  test('100 services with every operations option in one stack: the handler roles stay within IAM\'s policy limits', () => {
    const app = new App({ context: { '@aws-cdk/core:stackResourceLimit': 0 } });
    const stack = new Stack(app, 'Big', { env: { account: '123456789012', region: 'us-east-1' } });
    for (let i = 0; i < 100; i++) service(stack, `S${i}`, { paused: true, redeploy: 'v1', failOnRollback: true });
    const template = synth(stack);
    const provider = OperationsProvider.of(stack);
    const managed = Object.values<any>(template.findResources('AWS::IAM::ManagedPolicy'));
    expect(managed).toHaveLength(5); // 20 services per shard
    for (const policy of managed) expect(resolvedSize(policy.Properties.PolicyDocument)).toBeLessThanOrEqual(6144);
    for (const fn of [provider.onEventFunction, provider.isCompleteFunction]) {
      const roleId = stack.getLogicalId(fn.role!.node.defaultChild as CfnElement);
      const attached = (r: any) => (r.Properties.Roles ?? []).some((x: any) => x.Ref === roleId);
      const role = template.findResources('AWS::IAM::Role')[roleId];
      expect(role.Properties.ManagedPolicyArns.length + managed.filter(attached).length).toBeLessThanOrEqual(10);
      const inline = Object.values<any>(template.findResources('AWS::IAM::Policy')).filter(attached);
      expect(inline.reduce((sum, p) => sum + resolvedSize(p.Properties.PolicyDocument), 0)).toBeLessThanOrEqual(10240);
    }
    // every custom resource depends on the shard that holds its service's statement
    const shardOf = new Map<string, string>();
    for (const [id, policy] of Object.entries<any>(template.findResources('AWS::IAM::ManagedPolicy'))) {
      for (const st of policy.Properties.PolicyDocument.Statement) shardOf.set(st.Resource['Fn::GetAtt'][0], id);
    }
    for (const type of ['Custom::AppRunnerRunState', 'Custom::AppRunnerDeployment', 'Custom::AppRunnerRollbackCheck']) {
      for (const r of Object.values<any>(customResources(template, type))) {
        expect(r.DependsOn).toContain(shardOf.get(r.Properties.ServiceArn['Fn::GetAtt'][0]));
      }
    }
  });

  test('more services than 8 shards hold: a clear error', () => {
    const app = new App({ context: { '@aws-cdk/core:stackResourceLimit': 0 } });
    const stack = new Stack(app, 'Huge', { env: { account: '123456789012', region: 'us-east-1' } });
    for (let i = 0; i < 160; i++) service(stack, `S${i}`, { failOnRollback: true });
    expectValidationError(() => service(stack, 'OneTooMany', { failOnRollback: true }),
      'The operations provider of stack Huge would need more than 8 managed policies (160 services with paused, redeploy, failOnRollback or a run schedule): split the services over more stacks');
  });
});
