/**
 * STS in the loopback emulator and the lifecycle driver proves itself: AssumeRole answered as
 * STS answers it (the SDK parses credentials and AccessDenied), every request's access key id
 * passed to the IAM hook, and with IAM enforced: sts:AssumeRole needs the caller's identity
 * policy and the target role's trust policy; the assumed credentials act as the assumed role,
 * its policies evaluated at each request. The "function" is a stand-in handler (the world's
 * test-only `handlers`) that makes real SDK calls, run by the driver as a custom resource of
 * the hand-written provider.
 */
import { AppRunnerClient, DescribeServiceCommand, PauseServiceCommand } from '@aws-sdk/client-apprunner';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ListHostedZonesCommand, Route53Client } from '@aws-sdk/client-route-53';
import { AssumeRoleCommand, Credentials, STSClient } from '@aws-sdk/client-sts';
import { customResource, handWritten, IMAGE } from './fixtures';
import { Statement } from './iam';
import { LIFECYCLE_TEST_TIMEOUT_MS } from './issue10-fixture';
import { HarnessError, Json, Template } from './template';
import { LifecycleWorld } from './world';
import { DEFAULT_ACCESS_KEY_ID, LoopbackAws, ServiceRequest } from '../emulator/server';

jest.setTimeout(LIFECYCLE_TEST_TIMEOUT_MS);

const ACCOUNT = '123456789012';

/** A call's outcome: its output, or the SDK error's name, message and HTTP status. */
type Outcome<T> = { ok: true; value: T } | { ok: false; name: string; message: string; status?: number };

async function attempt<T>(call: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { ok: false, name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
}

/** SDK credentials from AssumeRole's. */
const credentialsOf = (c: Credentials) => ({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });

describe('the plain emulator (no hooks)', () => {
  const aws = new LoopbackAws();
  const saved: Record<string, string | undefined> = {};
  let endpoint: string;

  beforeAll(async () => {
    endpoint = await aws.start();
    const env = LoopbackAws.environment(endpoint);
    for (const [key, value] of Object.entries(env)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
  });

  afterAll(async () => {
    await aws.stop();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  test('environment() points STS at the server (AWS_ENDPOINT_URL_STS); AssumeRole issues credentials for any role, the SDK parses them', async () => {
    expect(LoopbackAws.environment(endpoint)).toMatchObject({ AWS_ENDPOINT_URL_STS: endpoint, AWS_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID });
    const sts = new STSClient({}); // endpoint, region and credentials from process.env
    try {
      const before = aws.requests;
      const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/some/path/Anything`, RoleSessionName: 'plain', DurationSeconds: 900 }));
      expect(aws.requests).toBe(before + 1);
      const key = out.Credentials!.AccessKeyId!;
      expect(key).toMatch(/^ASIA\d{16}$/);
      expect(out.Credentials).toMatchObject({ SecretAccessKey: expect.any(String), SessionToken: expect.any(String), Expiration: expect.any(Date) });
      const ttl = out.Credentials!.Expiration!.getTime() - Date.now();
      expect(ttl).toBeGreaterThan(890_000);
      expect(ttl).toBeLessThanOrEqual(900_000);
      expect(out.AssumedRoleUser).toEqual({ Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Anything/plain`, AssumedRoleId: expect.stringMatching(/^AROA[0-9A-F]{17}:plain$/) });
      expect(aws.sessions.get(key)).toMatchObject({
        roleArn: `arn:aws:iam::${ACCOUNT}:role/some/path/Anything`,
        roleName: 'Anything',
        sessionName: 'plain',
        assumedRoleArn: `arn:aws:sts::${ACCOUNT}:assumed-role/Anything/plain`,
        assumedWith: DEFAULT_ACCESS_KEY_ID,
      });
      // deterministic: the next one is the next number
      const again = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Other`, RoleSessionName: 'plain' }));
      expect(Number(again.Credentials!.AccessKeyId!.slice(4))).toBe(Number(key.slice(4)) + 1);
    } finally {
      sts.destroy();
    }
  });

  test('STS validates RoleArn, RoleSessionName and DurationSeconds (ValidationError, HTTP 400)', async () => {
    const sts = new STSClient({});
    try {
      for (const input of [
        { RoleArn: 'not-an-arn', RoleSessionName: 'ok-name' },
        { RoleArn: `arn:aws:iam::${ACCOUNT}:role/R`, RoleSessionName: 'has space' },
        { RoleArn: `arn:aws:iam::${ACCOUNT}:role/R`, RoleSessionName: 'ok-name', DurationSeconds: 899 },
        { RoleArn: `arn:aws:iam::${ACCOUNT}:role/R`, RoleSessionName: 'ok-name', DurationSeconds: 43201 },
      ]) {
        expect(await attempt(() => sts.send(new AssumeRoleCommand(input)))).toMatchObject({ ok: false, name: 'ValidationError', status: 400 });
      }
    } finally {
      sts.destroy();
    }
  });

  test('every protocol passes the access key id to the hook; an STS denial is AccessDenied (HTTP 403) to the SDK', async () => {
    const seen: ServiceRequest[] = [];
    aws.authorize = (r) => {
      seen.push(r);
      return r.service === 'sts' && r.resource.endsWith('/Denied') ? { message: `User: x is not authorized to perform: sts:AssumeRole on resource: ${r.resource}` } : undefined;
    };
    const sts = new STSClient({});
    const assumed = credentialsOf((await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Hooked`, RoleSessionName: 'hooked', DurationSeconds: 1200 }))).Credentials!);
    const clients = {
      appRunner: new AppRunnerClient({ credentials: assumed }),
      route53: new Route53Client({ credentials: assumed }),
      cfn: new CloudFormationClient({ credentials: assumed }),
      sts: new STSClient({ credentials: assumed }),
    };
    try {
      await attempt(() => clients.appRunner.send(new DescribeServiceCommand({ ServiceArn: `arn:aws:apprunner:us-east-1:${ACCOUNT}:service/x/1` }))); // answered: no such service
      await attempt(() => clients.route53.send(new ListHostedZonesCommand({}))); // authorized, then answered: not implemented by the fake
      await clients.cfn.send(new DescribeStacksCommand({ StackName: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Test/1' }));
      await clients.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Chained`, RoleSessionName: 'chained' }));
      const denied = await attempt(() => sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Denied`, RoleSessionName: 'denied' })));
      expect(denied).toEqual({
        ok: false,
        name: 'AccessDenied',
        status: 403,
        message: `User: x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/Denied`,
      });
    } finally {
      aws.authorize = undefined;
      sts.destroy();
      Object.values(clients).forEach((c) => c.destroy());
    }
    expect(seen.map((r) => `${r.action} ${r.accessKeyId}`)).toEqual([
      `sts:AssumeRole ${DEFAULT_ACCESS_KEY_ID}`,
      `apprunner:DescribeService ${assumed.accessKeyId}`,
      `route53:ListHostedZones ${assumed.accessKeyId}`,
      `cloudformation:DescribeStacks ${assumed.accessKeyId}`,
      `sts:AssumeRole ${assumed.accessKeyId}`,
      `sts:AssumeRole ${DEFAULT_ACCESS_KEY_ID}`,
    ]);
    expect(seen[0]).toMatchObject({
      service: 'sts',
      resource: `arn:aws:iam::${ACCOUNT}:role/Hooked`,
      context: { 'sts:RoleSessionName': ['hooked'] },
      parameters: { RoleArn: `arn:aws:iam::${ACCOUNT}:role/Hooked`, RoleSessionName: 'hooked', DurationSeconds: '1200' },
    });
    expect(seen[5].parameters?.DurationSeconds).toBe('3600'); // STS's default
  });

  test('issued credentials without their session token are refused as AWS refuses them (hooks or not)', async () => {
    const sts = new STSClient({});
    const c = credentialsOf((await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/R`, RoleSessionName: 'token' }))).Credentials!);
    const noToken = { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey };
    const appRunner = new AppRunnerClient({ credentials: noToken });
    const route53 = new Route53Client({ credentials: { ...c, sessionToken: 'someone-elses' } });
    try {
      expect(await attempt(() => appRunner.send(new DescribeServiceCommand({ ServiceArn: `arn:aws:apprunner:us-east-1:${ACCOUNT}:service/x/1` })))).toMatchObject({ ok: false, name: 'UnrecognizedClientException', status: 400 });
      expect(await attempt(() => route53.send(new ListHostedZonesCommand({})))).toMatchObject({ ok: false, name: 'InvalidClientTokenId', status: 403 });
    } finally {
      sts.destroy();
      appRunner.destroy();
      route53.destroy();
    }
  });
});

describe('IAM enforced by the lifecycle driver', () => {
  const TARGET = `arn:aws:iam::${ACCOUNT}:role/domains/DomainTarget`;
  const SESSION = 'probe-session';
  const TARGET_PRINCIPAL = `arn:aws:sts::${ACCOUNT}:assumed-role/DomainTarget/${SESSION}`;
  let world: LifecycleWorld;
  /** What the stand-in onEvent does (Create and Update; nothing on Delete). */
  let probe: (event: any) => Promise<void> = async () => undefined;

  beforeAll(async () => {
    world = await LifecycleWorld.start({
      handlers: {
        onEvent: async (event: Json) => {
          if (event.RequestType !== 'Delete') await probe(event);
          return {};
        },
        isComplete: async () => ({ IsComplete: true }),
      },
    });
  });

  afterAll(async () => {
    await world?.stop();
  });

  interface TargetsProps {
    /** Principal.AWS of the trust policy's Allow statement. */
    readonly trusted: string | string[];
    /** The target role's policy (DescribeService on Svc) is there (default true). */
    readonly policy?: boolean;
  }

  /** The stack of the target role (`/domains/DomainTarget`) and an App Runner service Svc, which the role may describe. */
  function targets(props: TargetsProps): Template {
    return {
      Resources: {
        Svc: {
          Type: 'AWS::AppRunner::Service',
          Properties: { ServiceName: 'sts-probe', SourceConfiguration: { ImageRepository: { ImageIdentifier: IMAGE, ImageRepositoryType: 'ECR_PUBLIC' } } },
        },
        Target: {
          Type: 'AWS::IAM::Role',
          Properties: {
            RoleName: 'DomainTarget',
            Path: '/domains/',
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
                { Effect: 'Allow', Principal: { AWS: props.trusted }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
              ],
            },
          },
        },
        ...(props.policy === false ? {} : {
          TargetPolicy: {
            Type: 'AWS::IAM::Policy',
            Properties: {
              PolicyName: 'target',
              Roles: [{ Ref: 'Target' }],
              PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'apprunner:DescribeService', Resource: { Ref: 'Svc' } }] },
            },
          },
        }),
      },
    };
  }

  /** The caller's role ARN in the stack `name` (its handlers' role has a fixed name, so that a trust policy can name it first). */
  const callerRole = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}-OnEventRole`;

  /** The hand-written provider with a custom resource Probe (its handler: `probe`); `run` changes to update it. */
  function caller(name: string, statements: Statement[], run = '1'): Template {
    const template = handWritten({
      handlerStatements: [{ Effect: 'Allow', Action: 'apprunner:ListServices', Resource: '*' }, ...statements],
      resources: { Probe: customResource('Custom::StsProbe', { Run: run }, ['HandlerPolicy']) },
    });
    template.Resources.OnEventRole.Properties!.RoleName = `${name}-OnEventRole`;
    return template;
  }

  const mayAssume: Statement = { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: TARGET };

  /** The stand-in's SDK calls: AssumeRole of `roleArn`, then App Runner calls with the credentials (or `with`). */
  const sts = () => new STSClient({});
  const assume = (roleArn = TARGET, durationSeconds?: number) => attempt(async () => {
    const client = sts();
    try {
      return await client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: SESSION, DurationSeconds: durationSeconds }));
    } finally {
      client.destroy();
    }
  });
  const appRunnerCall = (command: 'describe' | 'pause', serviceArn: string, credentials?: ReturnType<typeof credentialsOf>) => attempt(async () => {
    const client = new AppRunnerClient(credentials ? { credentials } : {});
    try {
      return await client.send(command === 'describe' ? new DescribeServiceCommand({ ServiceArn: serviceArn }) : new PauseServiceCommand({ ServiceArn: serviceArn }));
    } finally {
      client.destroy();
    }
  });
  const denialsOf = (stack: string) => world.denials.filter((d) => d.stack === stack);
  const deniedAssume = (principal: string, roleArn = TARGET) => ({
    ok: false, name: 'AccessDenied', status: 403, message: `User: ${principal} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
  });

  test('an allowed AssumeRole (identity and trust): the credentials act as the assumed role (allowed and denied calls), the function\'s own as its role', async () => {
    const t = world.stack('Targets1');
    expect((await t.deploy(targets({ trusted: callerRole('Caller1') }))).status).toBe('CREATE_COMPLETE');
    const svc = t.physicalId('Svc')!;
    const out: Record<string, Outcome<unknown>> = {};
    probe = async () => {
      const assumed = await assume();
      out.assume = assumed;
      out.tooLong = await assume(TARGET, 7200); // above the role's MaxSessionDuration (3600 by default)
      if (!assumed.ok) return;
      const creds = credentialsOf(assumed.value.Credentials!);
      out.describe = await appRunnerCall('describe', svc, creds);
      out.pause = await appRunnerCall('pause', svc, creds);
      out.ownDescribe = await appRunnerCall('describe', svc);
    };
    const c = world.stack('Caller1');
    const r = await c.deploy(caller('Caller1', [mayAssume]));
    expect(r.status).toBe('CREATE_COMPLETE');

    expect(out.assume).toMatchObject({ ok: true, value: { AssumedRoleUser: { Arn: TARGET_PRINCIPAL, AssumedRoleId: `${t.attribute('Target', 'RoleId')}:${SESSION}` } } });
    expect(out.tooLong).toMatchObject({ ok: false, name: 'ValidationError', status: 400, message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.' });
    expect(out.describe).toMatchObject({ ok: true, value: { Service: { ServiceArn: svc } } });
    expect(out.pause).toMatchObject({
      ok: false,
      name: 'AccessDeniedException',
      status: 400,
      message: `User: ${TARGET_PRINCIPAL} is not authorized to perform: apprunner:PauseService on resource: ${svc} because no identity-based policy allows the apprunner:PauseService action`,
    });
    expect(out.ownDescribe).toMatchObject({ ok: false, name: 'AccessDeniedException' });
    expect(world.appRunner.services.get(svc)!.status).toBe('RUNNING'); // the denied pause never reached App Runner

    const fn = c.physicalId('OnEventFn')!;
    const own = `arn:aws:sts::${ACCOUNT}:assumed-role/Caller1-OnEventRole/${fn}`;
    const where = { phase: 'CREATE_IN_PROGRESS', stack: 'Caller1', logicalId: 'Probe', requestType: 'Create' };
    expect(denialsOf('Caller1')).toEqual([
      { principal: TARGET_PRINCIPAL, role: 'DomainTarget', action: 'apprunner:PauseService', resource: svc, context: {}, ...where },
      { principal: own, role: 'Caller1-OnEventRole', action: 'apprunner:DescribeService', resource: svc, context: {}, ...where },
    ]);
    expect(world.authorizedCalls.filter((a) => a.stack === 'Caller1').map((a) => `${a.principal} ${a.action} ${a.resource}`)).toEqual([
      `${own} sts:AssumeRole ${TARGET}`,
      `${TARGET_PRINCIPAL} apprunner:DescribeService ${svc}`,
    ]);
    const session = world.aws.sessions.get((out.assume as any).value.Credentials.AccessKeyId)!;
    expect(session).toMatchObject({ roleArn: TARGET, roleName: 'DomainTarget', sessionName: SESSION, assumedWith: DEFAULT_ACCESS_KEY_ID });

    // the test's own calls with the assumed credentials are the assumed role's too (outside an invocation: no stack)
    const creds = credentialsOf((out.assume as any).value.Credentials);
    expect(await appRunnerCall('describe', svc, creds)).toMatchObject({ ok: true });
    expect(await appRunnerCall('pause', svc, creds)).toMatchObject({ ok: false, name: 'AccessDeniedException' });
    expect(world.denials[world.denials.length - 1]).toMatchObject({ principal: TARGET_PRINCIPAL, action: 'apprunner:PauseService', stack: '', logicalId: '', phase: '' });
    // …while its default credentials are not checked
    expect(await appRunnerCall('pause', svc)).toMatchObject({ ok: true });

    await c.destroy();
    await t.destroy();
  });

  test('denied without the identity policy\'s sts:AssumeRole (an Allow on another role does not do), recorded with the reason', async () => {
    const t = world.stack('Targets2');
    await t.deploy(targets({ trusted: callerRole('Caller2') }));
    const out: Outcome<unknown>[] = [];
    probe = async () => {
      out.push(await assume());
    };
    const c = world.stack('Caller2');
    expect((await c.deploy(caller('Caller2', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/DomainTarget` }]))).status).toBe('CREATE_COMPLETE');
    const own = `arn:aws:sts::${ACCOUNT}:assumed-role/Caller2-OnEventRole/${c.physicalId('OnEventFn')}`;
    expect(out).toEqual([deniedAssume(own)]);
    expect(denialsOf('Caller2')).toEqual([{
      principal: own,
      role: 'Caller2-OnEventRole',
      action: 'sts:AssumeRole',
      resource: TARGET,
      context: { 'sts:RoleSessionName': [SESSION] },
      phase: 'CREATE_IN_PROGRESS',
      stack: 'Caller2',
      logicalId: 'Probe',
      requestType: 'Create',
      reason: 'identity policy',
    }]);
    // an explicit Deny wins over the Allow
    const r = await c.deploy(caller('Caller2', [mayAssume, { Effect: 'Deny', Action: 'sts:*', Resource: '*' }], '2'));
    expect(r.status).toBe('UPDATE_COMPLETE');
    expect(out[1]).toEqual(deniedAssume(own));
    expect(denialsOf('Caller2').map((d) => d.reason)).toEqual(['identity policy', 'identity policy']);
    await c.destroy();
    await t.destroy();
  });

  test('the trust policy decides: another role named, the role ARN without its path, a missing role are denied; the account (root) is trusted', async () => {
    const t = world.stack('Targets3');
    await t.deploy(targets({ trusted: [callerRole('Someone'), `arn:aws:sts::${ACCOUNT}:assumed-role/Caller3-OnEventRole/x`] }));
    const out: Outcome<unknown>[] = [];
    probe = async (event) => {
      out.push(await assume(event.ResourceProperties.Run === '2' ? `arn:aws:iam::${ACCOUNT}:role/DomainTarget` : TARGET));
    };
    const c = world.stack('Caller3');
    const statements = [{ Effect: 'Allow' as const, Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/*` }];
    await c.deploy(caller('Caller3', statements));
    const own = `arn:aws:sts::${ACCOUNT}:assumed-role/Caller3-OnEventRole/${c.physicalId('OnEventFn')}`;
    expect(out[0]).toEqual(deniedAssume(own)); // trust names another role, and an assumed-role ARN (which never matches)
    await c.deploy(caller('Caller3', statements, '2'));
    expect(out[1]).toEqual(deniedAssume(own, `arn:aws:iam::${ACCOUNT}:role/DomainTarget`)); // no role has this ARN (the path is part of it)
    await t.deploy(targets({ trusted: `arn:aws:iam::${ACCOUNT}:root` }));
    await c.deploy(caller('Caller3', statements, '3'));
    expect(out[2]).toMatchObject({ ok: true });
    await t.deploy(targets({ trusted: callerRole('Caller3') }));
    await t.destroy();
    await c.deploy(caller('Caller3', statements, '4'));
    expect(out[3]).toEqual(deniedAssume(own)); // the role is gone
    expect(denialsOf('Caller3').map((d) => `${d.action} ${d.resource} ${d.reason} ${d.requestType}`)).toEqual([
      `sts:AssumeRole ${TARGET} trust policy Create`,
      `sts:AssumeRole arn:aws:iam::${ACCOUNT}:role/DomainTarget no such role Update`,
      `sts:AssumeRole ${TARGET} no such role Update`,
    ]);
    await c.destroy();
  });

  test('policies are evaluated at each request: a policy deleted after the AssumeRole allows nothing; a deleted role (even re-created) denies everything', async () => {
    const t = world.stack('Targets4');
    await t.deploy(targets({ trusted: callerRole('Caller4') }));
    const svc = t.physicalId('Svc')!;
    let cached: ReturnType<typeof credentialsOf> | undefined;
    const out: Record<string, Outcome<unknown>> = {};
    probe = async (event) => {
      const run = event.ResourceProperties.Run;
      if (!cached) {
        const assumed = await assume();
        if (assumed.ok) cached = credentialsOf(assumed.value.Credentials!);
      }
      out[`describe${run}`] = await appRunnerCall('describe', svc, cached);
      if (run === '3') out.reassume = await assume();
      if (run === '4') {
        const fresh = await assume();
        out.reassume2 = fresh;
        if (fresh.ok) out.fresh = await appRunnerCall('describe', svc, credentialsOf(fresh.value.Credentials!));
      }
    };
    const c = world.stack('Caller4');
    await c.deploy(caller('Caller4', [mayAssume]));
    expect(out.describe1).toMatchObject({ ok: true });

    await t.deploy(targets({ trusted: callerRole('Caller4'), policy: false })); // the role's policy goes
    await c.deploy(caller('Caller4', [mayAssume], '2'));
    expect(out.describe2).toMatchObject({ ok: false, name: 'AccessDeniedException', message: expect.stringContaining(`User: ${TARGET_PRINCIPAL} is not authorized`) });

    await t.destroy(); // the role goes (and the service)
    await c.deploy(caller('Caller4', [mayAssume], '3'));
    expect(out.describe3).toMatchObject({ ok: false, name: 'AccessDeniedException' });
    expect(out.reassume).toMatchObject({ ok: false, name: 'AccessDenied' });

    await t.deploy(targets({ trusted: callerRole('Caller4') })); // a role of the same name again: the old session is not its
    const svc2 = t.physicalId('Svc')!;
    expect(svc2).not.toBe(svc);
    await c.deploy(caller('Caller4', [mayAssume], '4'));
    expect(out.describe4).toMatchObject({ ok: false, name: 'AccessDeniedException' });
    expect(out.reassume2).toMatchObject({ ok: true });
    expect(out.fresh).toMatchObject({ ok: false, name: 'AccessDeniedException' }); // its policy names the new service only
    expect(denialsOf('Caller4').map((d) => `${d.principal === TARGET_PRINCIPAL ? 'session' : 'own'} ${d.action} ${d.reason ?? '-'} ${d.requestType}`)).toEqual([
      'session apprunner:DescribeService - Update',
      'session apprunner:DescribeService role deleted Update',
      'own sts:AssumeRole no such role Update',
      'session apprunner:DescribeService role deleted Update',
      'session apprunner:DescribeService - Update',
    ]);
    await c.destroy();
    await t.destroy();
  });

  test('an unknown access key id in an invocation is a harness error', async () => {
    probe = async () => {
      await appRunnerCall('describe', `arn:aws:apprunner:us-east-1:${ACCOUNT}:service/x/1`, { accessKeyId: 'AKIDSTRANGER', secretAccessKey: 's', sessionToken: undefined as unknown as string });
    };
    const c = world.stack('Stranger');
    const deployed = c.deploy(caller('Stranger', []));
    await expect(deployed).rejects.toThrow(HarnessError);
    await expect(deployed).rejects.toThrow(/signed with the unknown access key id AKIDSTRANGER/);
    expect(world.harnessErrors[world.harnessErrors.length - 1]).toMatch(/apprunner:DescribeService signed with the unknown access key id AKIDSTRANGER/);
  });
});
