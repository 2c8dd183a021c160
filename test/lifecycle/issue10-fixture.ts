/**
 * The app of the lifecycle matrix (issue 10): two services (A and B) in one stack with a
 * Route 53 zone of the same stack and one custom domain, built from a small spec so that each
 * kind of update is one changed field. Assertions check the invariants that must hold after
 * every deployment, successful or rolled back. useWorld() is the world each issue-10 test
 * file runs in.
 */
import { App, CfnResource, Stack, Tags } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { LifecycleStack } from './stack';
import { Template } from './template';
import { LifecycleWorld, templateOf } from './world';
import { CustomDomain, Service, Source } from '../../src';

export const IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';
export const DOMAIN = 'api.example.com';

/** The time a lifecycle test may take. */
export const LIFECYCLE_TEST_TIMEOUT_MS = 120_000;

/**
 * The world of an issue-10 test file: started before the file's tests (fast emulator timing),
 * stopped after them; App Runner's services are cleared after each test, so that what a failed
 * test leaves cannot fail the next one. `env` is set before the world starts and restored
 * after it stops. Call it once, at the top level of the file; the accessor returns the world
 * once it has started.
 */
export function useWorld(env: Record<string, string> = {}): () => LifecycleWorld {
  // A whole deployment (or several) per test: about a second alone, many more on a loaded
  // machine (CI's 2 cores run several test files at once). A test that timed out would leave
  // its handler running into the next test (a nested invocation): so a generous limit.
  jest.setTimeout(LIFECYCLE_TEST_TIMEOUT_MS);
  let world: LifecycleWorld | undefined;
  const saved = Object.keys(env).map((key) => [key, process.env[key]] as const);
  const started = (): LifecycleWorld => {
    if (!world) throw new Error('the world has not started (its beforeAll failed)');
    return world;
  };

  beforeAll(async () => {
    Object.assign(process.env, env);
    world = await LifecycleWorld.start({ timing: { operationSteps: 2, recordSteps: 1, activeSteps: 1, deleteSteps: 1 } });
  });

  afterEach(() => {
    started().appRunner.services.clear();
  });

  afterAll(async () => {
    await world?.stop();
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  return started;
}

/** One version of the app. */
export interface AppSpec {
  /** A fixed name of service A (a change replaces it). */
  readonly nameA?: string;
  /** A tag on service A (a change replaces it). */
  readonly tagA?: string;
  /** An environment variable of service A (a change updates it in place). */
  readonly envA?: string;
  /** `paused` of both services. */
  readonly paused?: boolean;
  /** Which service holds the domain, if any. */
  readonly domainOn?: 'A' | 'B';
  /** How the domain is declared: `service.addCustomDomain` (under the service) or `new CustomDomain` (another construct id). */
  readonly domainStyle?: 'add' | 'construct';
  /** The domain name as written (case, trailing dot). */
  readonly domainAs?: string;
  readonly www?: boolean;
  /** A resource that fails after everything else: the deployment rolls back. */
  readonly fault?: boolean;
}

export interface Built {
  readonly template: Template;
  readonly ids: { readonly a: string; readonly b: string; readonly zone: string; readonly domain?: string };
}

export function build(spec: AppSpec): Built {
  const stack = new Stack(new App(), 'Matrix', { env: { account: '123456789012', region: 'us-east-1' } });
  const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
  const service = (id: string, props: { serviceName?: string; env?: string }) => new Service(stack, id, {
    source: Source.fromEcrPublic({ imageIdentifier: IMAGE, imageConfiguration: { port: 8000, environmentVariables: { V: props.env ?? 'a' } } }),
    serviceName: props.serviceName,
    paused: spec.paused ?? false,
  });
  const a = service('A', { serviceName: spec.nameA, env: spec.envA });
  if (spec.tagA) Tags.of(a).add('team', spec.tagA);
  const b = service('B', {});
  let domain: CustomDomain | undefined;
  if (spec.domainOn) {
    const target = spec.domainOn === 'A' ? a : b;
    const options = { domainName: spec.domainAs ?? DOMAIN, hostedZone: zone, enableWwwSubdomain: spec.www ?? false };
    domain = spec.domainStyle === 'construct'
      ? new CustomDomain(stack, 'ApiDomain', { ...options, service: target })
      : target.addCustomDomain(options);
  }
  if (spec.fault) {
    const fault = new CfnResource(stack, 'Fault', { type: 'Custom::HarnessFault', properties: { Fail: 'true' } });
    fault.node.addDependency(a, b, ...(domain ? [domain] : []));
  }
  const template = templateOf(stack);
  return {
    template,
    ids: {
      a: stack.getLogicalId(a.cfnService),
      b: stack.getLogicalId(b.cfnService),
      zone: stack.getLogicalId(zone.node.defaultChild as CfnResource),
      domain: domain ? stack.getLogicalId(domain.node.defaultChild as CfnResource) : undefined,
    },
  };
}

/** What must hold after a deployment of `spec` (the spec of the template that stands). */
export function expectState(world: LifecycleWorld, stack: LifecycleStack, spec: AppSpec, built: Built): void {
  const services = [built.ids.a, built.ids.b].map((id) => world.appRunner.services.get(stack.physicalId(id)!)!);
  for (const s of services) {
    expect(s).toBeDefined();
    expect(`${s.name} ${s.status}`).toBe(`${s.name} ${spec.paused ? 'PAUSED' : 'RUNNING'}`);
  }
  // no service outside the stack is left (replaced ones are gone)
  expect([...world.appRunner.services.values()].filter((s) => !services.includes(s) && s.name !== 'foreign').map((s) => s.name)).toEqual([]);
  const holders = [...world.appRunner.services.values()].filter((s) => s.domains.some((d) => d.DomainName.toLowerCase() === DOMAIN));
  const zone = world.route53.zone(stack.physicalId(built.ids.zone)!);
  const records = zone.filter((r) => r.Type === 'CNAME').map((r) => `${r.Name} ${r.Values?.[0]}`).sort();
  if (!spec.domainOn) {
    expect(holders).toEqual([]);
    expect(records).toEqual([]);
    return;
  }
  const holder = services[spec.domainOn === 'A' ? 0 : 1];
  expect(holders.map((s) => s.name)).toEqual([holder.name]);
  const association = holder.domains.find((d) => d.DomainName.toLowerCase() === DOMAIN)!;
  expect(association.EnableWWWSubdomain).toBe(spec.www ?? false);
  // exactly the records of this association: its validation records and the target(s) at its host
  const target = world.appRunner.dnsTarget(holder);
  const expected = [
    ...association.records.map((r) => `${r.Name.toLowerCase()} ${r.Value}`),
    `${DOMAIN}. ${target}`,
    ...(spec.www ? [`www.${DOMAIN}. ${target}`] : []),
  ].sort();
  expect(records).toEqual(expected);
}
