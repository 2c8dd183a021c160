/**
 * The bundled handlers of a test file, end to end on loopback: a LoopbackAws (the App Runner
 * emulator, the Route 53 fake, the CloudFormation fake) started before the file's tests, the
 * real AWS SDK pointed at it through AWS_ENDPOINT_URL_*, and the deployed artifacts
 * (assets/operations/runtime/{on-event,is-complete}.lambda/index.js) loaded as Lambda loads
 * them. After the file's tests the server stops and process.env is restored.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AppRunnerEmulator, Timing } from './apprunner-emulator';
import { LoopbackAws } from './server';
import { HandlerModule } from '../runtime/events';

const ASSETS = path.join(__dirname, '..', '..', 'assets', 'operations', 'functions');
const ON_EVENT = path.join(ASSETS, 'on-event.lambda', 'index.js');
const IS_COMPLETE = path.join(ASSETS, 'is-complete.lambda', 'index.js');

export interface BundlesOptions {
  /** The emulator's timing: 3 reads until an operation ends, 2 for each step of a domain, unless given. */
  readonly timing?: Partial<Timing>;
  /** Environment for the handlers besides LoopbackAws.environment() (e.g. APPRUNNER_KIT_QUIET). */
  readonly env?: Record<string, string>;
}

export interface Bundles {
  /** The fakes (not listening before the file's beforeAll). */
  readonly aws: LoopbackAws;
  /** The bundles' two entry points (loaded in the file's beforeAll). */
  readonly bundle: HandlerModule;
}

/** Registers the file's beforeAll and afterAll; call it once, at the top level of the file. */
export function useBundles(options: BundlesOptions = {}): Bundles {
  const aws = new LoopbackAws(new AppRunnerEmulator(options.timing ?? { operationSteps: 3, recordSteps: 2, activeSteps: 2, deleteSteps: 2 }));
  const notLoaded = async (): Promise<never> => {
    throw new Error('the bundles are not loaded (their beforeAll failed)');
  };
  const bundle: HandlerModule = { onEvent: notLoaded, isComplete: notLoaded };
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    // `npm test` bundles first
    expect(fs.existsSync(ON_EVENT)).toBe(true);
    expect(fs.existsSync(IS_COMPLETE)).toBe(true);
    Object.assign(process.env, LoopbackAws.environment(await aws.start()), options.env);
    // the deployed artifacts, loaded as Lambda loads them (handler: index.handler), once the SDK's endpoints are set
    Object.assign(bundle, {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      onEvent: require(ON_EVENT).handler,
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      isComplete: require(IS_COMPLETE).handler,
    });
  });

  afterAll(async () => {
    await aws.stop();
    process.env = savedEnv;
  });

  return { aws, bundle };
}
