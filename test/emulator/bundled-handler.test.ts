/**
 * End to end on loopback: the bundled handlers (assets/operations/functions/on-event.lambda/index.js
 * and is-complete.lambda/index.js, as deployed) with the real AWS SDK, pointed at the App Runner emulator, the Route 53 fake
 * and the CloudFormation fake through AWS_ENDPOINT_URL_*; driven like the Provider framework
 * drives it (onEvent, then isComplete until done). Asserts end states and poll counts.
 */
import { useBundles } from './bundles';
import { drive, event } from '../runtime/events';

const { aws, bundle } = useBundles();

const emulator = () => aws.appRunner;

describe('run state', () => {
  test('pause a running service: PAUSED after the operation, 3 polls', async () => {
    const s = emulator().addService('pause-me');
    const result = await drive(bundle, event('Custom::AppRunnerRunState', 'Create', { ServiceArn: s.arn, Paused: 'true' }));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(3);
    expect(s.status).toBe('PAUSED');
    expect(s.operations.map((o) => `${o.Type} ${o.Status}`)).toEqual(['PAUSE_SERVICE SUCCEEDED']);
  });

  test('resume through throttling (the SDK retries ThrottlingException)', async () => {
    const s = emulator().addService('resume-me', 'PAUSED');
    emulator().throttle(2);
    const result = await drive(bundle, event('Custom::AppRunnerRunState', 'Update', { ServiceArn: s.arn, Paused: 'false' }, { ServiceArn: s.arn, Paused: 'true' }, 'x'));
    expect(result.error).toBeUndefined();
    expect(s.status).toBe('RUNNING');
    expect(result.polls).toBe(3);
  });

  test('an operation already running: wait (InvalidStateException avoided), then pause; a retried onEvent changes nothing', async () => {
    const s = emulator().addService('busy');
    emulator().startOperation(s, 'UPDATE_SERVICE');
    const request = event('Custom::AppRunnerRunState', 'Create', { ServiceArn: s.arn, Paused: 'true' });
    await bundle.onEvent(request); // the retried delivery of the same event
    const result = await drive(bundle, request);
    expect(result.error).toBeUndefined();
    expect(s.status).toBe('PAUSED');
    expect(s.operations.map((o) => `${o.Type} ${o.Status}`)).toEqual(['PAUSE_SERVICE SUCCEEDED', 'UPDATE_SERVICE SUCCEEDED']);
    // the two onEvent reads and poll 1 finish the update (3 steps); poll 1 starts the pause,
    // polls 2-3 follow it
    expect(result.polls).toBe(3);
  });

  test('a failed pause fails the deployment with the operation id and status', async () => {
    const s = emulator().addService('fail-pause');
    emulator().planOutcome('PAUSE_SERVICE', 'FAILED');
    const result = await drive(bundle, event('Custom::AppRunnerRunState', 'Create', { ServiceArn: s.arn, Paused: 'true' }));
    expect(result.error?.message).toMatch(new RegExp(`^App Runner operation op-\\d+ \\(PAUSE_SERVICE\\) ended FAILED on ${s.arn}$`));
    expect(s.status).toBe('RUNNING');
  });

  test('CREATE_FAILED and unknown services fail at once with a clear message', async () => {
    const s = emulator().addService('broken', 'CREATE_FAILED');
    expect((await drive(bundle, event('Custom::AppRunnerRunState', 'Create', { ServiceArn: s.arn, Paused: 'true' }))).error?.message)
      .toBe(`App Runner service ${s.arn} is CREATE_FAILED: it cannot be paused`);
    const missing = 'arn:aws:apprunner:us-east-1:123456789012:service/missing/0';
    expect((await drive(bundle, event('Custom::AppRunnerRunState', 'Create', { ServiceArn: missing, Paused: 'false' }))).error?.message)
      .toBe(`App Runner service ${missing} does not exist`);
  });
});

describe('updating a paused service', () => {
  test('pre-update resume finds the service in the stack and resumes it; the run state leaves the pause to the cleanup Delete of the old instance', async () => {
    const stackId = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Test/1';
    const s = emulator().addService('paused-update', 'PAUSED');
    aws.stackResources.set('PausedSvc', s.arn);
    const props = (config: string) => ({ StackId: stackId, ServiceLogicalId: 'PausedSvc', Paused: 'true', ConfigHash: config });
    const preUpdate = (type: 'Update' | 'Delete', now: string, before: string | undefined, id: string, requestId: string) =>
      ({ ...event('Custom::AppRunnerPreUpdateResume', type, props(now), before === undefined ? undefined : props(before), id), LogicalResourceId: 'PausedSvcPre', RequestId: requestId });
    const oldId = `${stackId}/PausedSvc/pre-update-resume/paused=1/0123456789abcdef`;
    const pre = await drive(bundle, preUpdate('Update', 'b', 'a', oldId, 'update-1'));
    expect(pre.error).toBeUndefined();
    expect(pre.data.WasPaused).toBe('true');
    expect(pre.physicalResourceId).toMatch(new RegExp(`^${stackId}/PausedSvc/pre-update-resume/paused=1/[0-9a-f]{16}$`));
    expect(pre.physicalResourceId).not.toBe(oldId);
    expect(s.status).toBe('RUNNING');
    // CloudFormation updates the service now (UpdateService); the run state's Update pauses nothing yet
    emulator().handle('UpdateService', { ServiceArn: s.arn });
    const run = await drive(bundle, event('Custom::AppRunnerRunState', 'Update', { ServiceArn: s.arn, Paused: 'true', ConfigHash: 'b' },
      { ServiceArn: s.arn, Paused: 'true', ConfigHash: 'a' }, `${s.arn}/run-state`));
    expect(run.error).toBeUndefined();
    expect(run.polls).toBe(1);
    expect(s.status).toBe('OPERATION_IN_PROGRESS'); // the emulator's update still runs (nothing read the service since): the cleanup's pause waits for it
    // the cleanup phase: CloudFormation deletes the old instance; the new one, current now, says paused=1
    aws.stackStatus = 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS';
    aws.stackResources.set('PausedSvcPre', pre.physicalResourceId);
    try {
      const cleanup = await drive(bundle, preUpdate('Delete', 'a', undefined, oldId, 'cleanup-1'));
      expect(cleanup.error).toBeUndefined();
      expect(cleanup.physicalResourceId).toBe(oldId);
    } finally {
      aws.stackStatus = 'UPDATE_IN_PROGRESS';
    }
    expect(s.status).toBe('PAUSED');
    expect(s.operations.map((o) => `${o.Type} ${o.Status}`)).toEqual(['PAUSE_SERVICE SUCCEEDED', 'UPDATE_SERVICE SUCCEEDED', 'RESUME_SERVICE SUCCEEDED']);
  });

  test('first deployment: the service is not in the stack yet, nothing happens', async () => {
    const result = await drive(bundle, event('Custom::AppRunnerPreUpdateResume', 'Create',
      { StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Test/1', ServiceLogicalId: 'NotYet', ConfigHash: 'a' }));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(1);
  });
});

describe('redeploy and rollback detection', () => {
  test('a new trigger deploys and waits; a rolled-back deployment fails', async () => {
    const s = emulator().addService('deploy-me');
    const deploy = (trigger: string, old: string) => event('Custom::AppRunnerDeployment', 'Update', { ServiceArn: s.arn, Trigger: trigger },
      { ServiceArn: s.arn, Trigger: old }, `${s.arn}/deployment`);
    const ok = await drive(bundle, deploy('v2', 'v1'));
    expect(ok.error).toBeUndefined();
    expect(ok.polls).toBe(3);
    emulator().planOutcome('START_DEPLOYMENT', 'ROLLBACK_SUCCEEDED');
    const rolledBack = await drive(bundle, deploy('v3', 'v2'));
    expect(rolledBack.error?.message).toMatch(/\(START_DEPLOYMENT\) ended ROLLBACK_SUCCEEDED on /);
    expect(s.operations.map((o) => `${o.Type} ${o.Status}`)).toEqual(['START_DEPLOYMENT ROLLBACK_SUCCEEDED', 'START_DEPLOYMENT SUCCEEDED']);
  });

  test('a retried deployment event follows the first attempt\'s deployment: no second StartDeployment', async () => {
    const s = emulator().addService('retried-deploy');
    const request = event('Custom::AppRunnerDeployment', 'Update', { ServiceArn: s.arn, Trigger: 'b' }, { ServiceArn: s.arn, Trigger: 'a' }, 'x');
    await bundle.onEvent(request); // the first attempt starts the deployment; its response is lost
    const retried = await drive(bundle, request);
    expect(retried.error).toBeUndefined();
    expect(s.operations.map((o) => `${o.Type} ${o.Status}`)).toEqual(['START_DEPLOYMENT SUCCEEDED']);
  });

  test('the rollback check fails the stack when App Runner rolled the update back', async () => {
    const s = emulator().addService('rolled-back');
    emulator().planOutcome('UPDATE_SERVICE', 'ROLLBACK_SUCCEEDED');
    emulator().handle('UpdateService', { ServiceArn: s.arn }); // the CfnService update
    const result = await drive(bundle, event('Custom::AppRunnerRollbackCheck', 'Update', { ServiceArn: s.arn, ConfigHash: 'b' }, { ServiceArn: s.arn, ConfigHash: 'a' }, 'x'));
    expect(result.polls).toBe(3);
    expect(result.error?.message).toMatch(/^App Runner operation op-\d+ \(UPDATE_SERVICE\) ended ROLLBACK_SUCCEEDED on .*: the deployment was rolled back or failed$/);
  });

  test('while CloudFormation rolls the stack back, the check passes (it would otherwise fail the rollback too)', async () => {
    const s = emulator().addService('rolling-back');
    emulator().planOutcome('UPDATE_SERVICE', 'ROLLBACK_SUCCEEDED');
    emulator().handle('UpdateService', { ServiceArn: s.arn });
    aws.stackStatus = 'UPDATE_ROLLBACK_IN_PROGRESS';
    try {
      const result = await drive(bundle, event('Custom::AppRunnerRollbackCheck', 'Update', { ServiceArn: s.arn, ConfigHash: 'a' }, { ServiceArn: s.arn, ConfigHash: 'b' }, 'x'));
      expect(result.error).toBeUndefined();
      expect(result.polls).toBe(1);
    } finally {
      aws.stackStatus = 'UPDATE_IN_PROGRESS';
    }
  });

  test('a successful update passes the check', async () => {
    const s = emulator().addService('fine');
    emulator().handle('UpdateService', { ServiceArn: s.arn });
    const result = await drive(bundle, event('Custom::AppRunnerRollbackCheck', 'Create', { ServiceArn: s.arn, ConfigHash: 'a' }));
    expect(result.error).toBeUndefined();
    expect(result.data.OperationStatus).toBe('SUCCEEDED');
  });
});

describe('default auto scaling', () => {
  test('set as default, restored on delete', async () => {
    const configs = emulator().autoScalingConfigurations;
    configs.push({ arn: 'arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/DefaultConfiguration/1/a', isDefault: true, status: 'ACTIVE' });
    configs.push({ arn: 'arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/ours/1/b', isDefault: false, status: 'ACTIVE' });
    const created = await drive(bundle, event('Custom::AppRunnerDefaultAutoScaling', 'Create', { AutoScalingConfigurationArn: configs[1].arn }));
    expect(created.error).toBeUndefined();
    expect(configs.map((c) => c.isDefault)).toEqual([false, true]);
    const deleted = await drive(bundle, event('Custom::AppRunnerDefaultAutoScaling', 'Delete', { AutoScalingConfigurationArn: configs[1].arn }, undefined, created.physicalResourceId));
    expect(deleted.error).toBeUndefined();
    expect(configs.map((c) => c.isDefault)).toEqual([true, false]);
  });

  test('a retried create, then the previous default deleted: the delete falls back to App Runner\'s DefaultConfiguration', async () => {
    const configs = emulator().autoScalingConfigurations;
    configs.length = 0;
    configs.push({ arn: 'arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/DefaultConfiguration/1/a', isDefault: false, status: 'ACTIVE' });
    configs.push({ arn: 'arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/team/3/c', isDefault: true, status: 'ACTIVE' });
    configs.push({ arn: 'arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/ours/1/b', isDefault: false, status: 'ACTIVE' });
    const request = event('Custom::AppRunnerDefaultAutoScaling', 'Create', { AutoScalingConfigurationArn: configs[2].arn });
    const first = await drive(bundle, request);
    expect(first.physicalResourceId).toBe(`default-auto-scaling|${configs[1].arn}`);
    const retried = await drive(bundle, request); // finds itself as the default: remembers none
    expect(retried.physicalResourceId).toBe('default-auto-scaling|none');
    configs[1].status = 'INACTIVE'; // the team's configuration was deleted meanwhile
    for (const id of [first.physicalResourceId, retried.physicalResourceId]) {
      configs.forEach((c) => { c.isDefault = c === configs[2]; });
      const deleted = await drive(bundle, event('Custom::AppRunnerDefaultAutoScaling', 'Delete', { AutoScalingConfigurationArn: configs[2].arn }, undefined, id));
      expect(deleted.error).toBeUndefined();
      expect(configs.map((c) => c.isDefault)).toEqual([true, false, false]);
    }
  });
});

describe('custom domains with Route 53', () => {
  const domainProps = (arn: string, extra: Record<string, string> = {}) => ({
    ServiceArn: arn,
    DomainName: 'api.example.com',
    EnableWwwSubdomain: 'false',
    WaitForActive: 'true',
    RecordMode: 'CNAME',
    DualStack: 'false',
    HostedZoneId: 'ZEXAMPLE',
    ...extra,
  });

  test('create: records appear after a delay, are written, the domain turns active; delete leaves foreign records alone', async () => {
    const s = emulator().addService('with-domain');
    const zone = aws.route53.zone('ZEXAMPLE');
    zone.push({ Name: 'other.example.com.', Type: 'CNAME', TTL: 60, Values: ['someone-else.example.net'] });
    const created = await drive(bundle, event('Custom::AppRunnerCustomDomain', 'Create', domainProps(s.arn)));
    expect(created.error).toBeUndefined();
    // onEvent only decides; poll 1 associates, 2-3 records appear (recordSteps 2) and are
    // written, 4-5 active (activeSteps 2)
    expect(created.polls).toBe(5);
    expect(created.physicalResourceId).toMatch(new RegExp(`^apprunner-kit:custom-domain\\|${s.arn}\\|api\\.example\\.com\\|www=0\\|[0-9a-f]{16}\\|$`));
    expect(created.data.Status).toBe('active');
    expect(created.data.DNSTarget).toBe(emulator().dnsTarget(s));
    expect(zone.map((r) => `${r.Type} ${r.Name} ${r.Values?.[0]}`).sort()).toEqual([
      'CNAME _1aaaaaaaa.api.example.com. _v1.acm-validations.aws.',
      'CNAME _2aaaaaaaa.api.example.com. _v2.acm-validations.aws.',
      `CNAME api.example.com. ${emulator().dnsTarget(s)}`,
      'CNAME other.example.com. someone-else.example.net',
    ]);

    // a retried create event is harmless ("already associated" → describe)
    const retried = await drive(bundle, event('Custom::AppRunnerCustomDomain', 'Create', domainProps(s.arn)));
    expect(retried.error).toBeUndefined();

    // someone repoints the target record: it is not ours any more and stays
    zone.find((r) => r.Name === 'api.example.com.')!.Values = ['manual.example.net'];
    const deleted = await drive(bundle, event('Custom::AppRunnerCustomDomain', 'Delete', domainProps(s.arn), undefined, created.physicalResourceId));
    expect(deleted.error).toBeUndefined();
    // poll 1 removes the records and disassociates; 2 deleting (deleteSteps 2); 3 gone
    expect(deleted.polls).toBe(3);
    expect(s.domains).toEqual([]);
    expect(zone.map((r) => `${r.Name} ${r.Values?.[0]}`).sort()).toEqual(['api.example.com. manual.example.net', 'other.example.com. someone-else.example.net']);
  });

  test('update to another domain is a replacement: new association, then the old one is removed', async () => {
    const s = emulator().addService('moving');
    const zone = aws.route53.zone('ZMOVE');
    const oldProps = domainProps(s.arn, { HostedZoneId: 'ZMOVE', DomainName: 'old.example.com', WaitForActive: 'false' });
    const created = await drive(bundle, event('Custom::AppRunnerCustomDomain', 'Create', oldProps));
    const newProps = { ...oldProps, DomainName: 'new.example.com' };
    const updated = await drive(bundle, event('Custom::AppRunnerCustomDomain', 'Update', newProps, oldProps, created.physicalResourceId));
    expect(updated.error).toBeUndefined();
    expect(updated.physicalResourceId).toContain(`|${s.arn}|new.example.com|`);
    expect(updated.physicalResourceId).not.toBe(created.physicalResourceId);
    // CloudFormation then deletes the old physical resource, with the old properties
    const removed = await drive(bundle, event('Custom::AppRunnerCustomDomain', 'Delete', oldProps, undefined, created.physicalResourceId));
    expect(removed.error).toBeUndefined();
    expect(s.domains.map((d) => d.DomainName)).toEqual(['new.example.com']);
    expect(zone.filter((r) => r.Name.includes('old.example.com'))).toEqual([]);
    expect(zone.filter((r) => r.Name.includes('new.example.com')).length).toBe(3);
  });

  test('moved to another service: leaves the old service first (App Runner refuses a domain another service holds)', async () => {
    const from = emulator().addService('move-from');
    const to = emulator().addService('move-to');
    const zone = aws.route53.zone('ZSVC');
    const oldProps = domainProps(from.arn, { HostedZoneId: 'ZSVC', DomainName: 'app.example.com' });
    const created = await drive(bundle, event('Custom::AppRunnerCustomDomain', 'Create', oldProps));
    expect(created.error).toBeUndefined();
    const newProps = { ...oldProps, ServiceArn: to.arn };
    // the stack lists the resource with its current (old) physical id while it updates
    aws.stackResources.clear();
    const updated = await drive(bundle, event('Custom::AppRunnerCustomDomain', 'Update', newProps, oldProps, created.physicalResourceId));
    expect(updated.error).toBeUndefined();
    expect(updated.physicalResourceId).toContain(`|${to.arn}|app.example.com|`);
    // polls 1-2: the old association goes (deleteSteps 2), 3 associates; 4-5 records (recordSteps 2),
    // written at 5; 6-7 active (activeSteps 2)
    expect(updated.polls).toBe(7);
    expect(from.domains).toEqual([]);
    expect(to.domains.map((d) => `${d.DomainName} ${d.Status}`)).toEqual(['app.example.com active']);
    expect(zone.filter((r) => r.Name === 'app.example.com.').map((r) => r.Values?.[0])).toEqual([emulator().dnsTarget(to)]);
  });

  test('a paused service: removing its domain resumes it, disassociates, pauses it again; deleting its stack leaves the association to the service', async () => {
    const s = emulator().addService('paused-domain');
    const zone = aws.route53.zone('ZPAUSED');
    const props = domainProps(s.arn, { HostedZoneId: 'ZPAUSED', DomainName: 'paused.example.com' });
    const created = await drive(bundle, event('Custom::AppRunnerCustomDomain', 'Create', props));
    expect(created.error).toBeUndefined();
    s.status = 'PAUSED';
    const removeDomain = await drive(bundle, event('Custom::AppRunnerCustomDomain', 'Delete', props, undefined, created.physicalResourceId));
    expect(removeDomain.error).toBeUndefined();
    expect(s.domains).toEqual([]);
    expect(s.status).toBe('PAUSED');
    expect(s.operations.map((o) => o.Type)).toEqual(['PAUSE_SERVICE', 'RESUME_SERVICE']);
    expect(zone.filter((r) => r.Name.includes('paused.example.com'))).toEqual([]);

    const again = await drive(bundle, event('Custom::AppRunnerCustomDomain', 'Create', props));
    expect(again.error).toBeUndefined(); // resumed for it, paused again
    expect(s.status).toBe('PAUSED');
    aws.stackStatus = 'DELETE_IN_PROGRESS';
    aws.stackResources.set('PausedService', s.arn);
    try {
      const deleted = await drive(bundle, event('Custom::AppRunnerCustomDomain', 'Delete', props, undefined, again.physicalResourceId));
      expect(deleted.error).toBeUndefined();
      expect(deleted.polls).toBe(1);
      expect(zone.filter((r) => r.Name.includes('paused.example.com'))).toEqual([]);
      expect(s.domains).toHaveLength(1); // goes with the service
    } finally {
      aws.stackStatus = 'UPDATE_IN_PROGRESS';
      aws.stackResources.delete('PausedService');
    }
  });

  test('apex domain of a dual-stack service: alias A and AAAA to App Runner\'s zone', async () => {
    const s = emulator().addService('apex');
    const result = await drive(bundle, event('Custom::AppRunnerCustomDomain', 'Create', domainProps(s.arn, {
      HostedZoneId: 'ZAPEX', DomainName: 'example.org', RecordMode: 'ALIAS', AliasHostedZoneId: 'Z01915732ZBZKC8D32TPT', DualStack: 'true',
    })));
    expect(result.error).toBeUndefined();
    const aliases = aws.route53.zone('ZAPEX').filter((r) => r.Alias);
    expect(aliases.map((r) => `${r.Type} ${r.Name} ${r.Alias!.HostedZoneId} ${r.Alias!.DNSName}`)).toEqual([
      `A example.org. Z01915732ZBZKC8D32TPT ${emulator().dnsTarget(s)}`,
      `AAAA example.org. Z01915732ZBZKC8D32TPT ${emulator().dnsTarget(s)}`,
    ]);
  });

  test('deleting a domain of a service that is gone succeeds', async () => {
    const result = await drive(bundle, event('Custom::AppRunnerCustomDomain', 'Delete',
      domainProps('arn:aws:apprunner:us-east-1:123456789012:service/gone/0'), undefined, 'x'));
    expect(result.error).toBeUndefined();
  });
});
