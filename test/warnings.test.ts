/**
 * Every warning of the library can be acknowledged, on the construct that raised it (the one
 * users hold) and on any scope above it, and the README lists every warning id.
 *
 * How aws-cdk-lib (2.257) acknowledges (core/lib/annotations.js): `acknowledgeWarning(id)`
 * records the id for the construct's path and removes the warnings with that id already
 * raised on the construct and below it; `addWarningV2(id)` raises nothing when the id was
 * acknowledged on a scope *above* the construct (not on the construct itself before 2.271,
 * aws/aws-cdk#38820, and never on the app, whose path is empty). So the library raises its
 * warnings while the construct is created, and withdraws at synthesis those whose condition
 * (tags, security groups added later) does not hold: the user's acknowledgement always comes
 * after the warning.
 *
 * `cdk synth --strict` fails when a stack artifact of the cloud assembly has a message of level
 * warning (`validateMetadata('warn')` in the CLI: the stack's `aws:cdk:warning` metadata
 * entries, in the manifest or its `.metadata.json`); the last test checks exactly that.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Annotations as CoreAnnotations, App, CfnParameter, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';
import {
  AutoScalingConfiguration, Connection, ConnectionProviderType, ObservabilityConfiguration, Service, Source, TraceConfigurationVendor,
  VpcConnector, VpcIngressConnection,
} from '../src';

const ROOT = path.resolve(__dirname, '..');
const IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';
const ack = (scope: IConstruct, id: string) => CoreAnnotations.of(scope).acknowledgeWarning(`cdk-apprunner-kit:${id}`);

/** Every construct of the library that raises a warning, each raising all of its own. */
interface Everything {
  readonly app: App;
  readonly stack: Stack;
  readonly service: Service;
  readonly scaling: AutoScalingConfiguration;
  readonly observability: ObservabilityConfiguration;
  readonly connector: VpcConnector;
  readonly ingress: VpcIngressConnection;
  /** A service with tagsInPlace and tags (issue 12 part 1). */
  readonly inPlace: Service;
  /** A connection without waitForHandshake (issue 12 part 2). */
  readonly connection: Connection;
}

function everything(): Everything {
  const app = new App();
  const stack = new Stack(app, 'Warnings', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const token = new CfnParameter(stack, 'ApiToken', { noEcho: true });
  const service = new Service(stack, 'Service', {
    source: Source.fromEcrPublic({ imageIdentifier: IMAGE, imageConfiguration: { environmentVariables: { TOKEN: token.valueAsString } } }),
    serviceName: 'warned-service',
    kmsKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
    isPubliclyAccessible: false,
    paused: true,
  });
  Tags.of(service).add('team', 'web');
  const scaling = new AutoScalingConfiguration(stack, 'Scaling', { maxSize: 3 });
  Tags.of(scaling).add('team', 'web');
  const observability = new ObservabilityConfiguration(stack, 'Observability', { traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY });
  Tags.of(observability).add('team', 'web');
  const connector = new VpcConnector(stack, 'Connector', { vpc, vpcConnectorName: 'warned-connector' });
  connector.connections.addSecurityGroup(new ec2.SecurityGroup(stack, 'Extra', { vpc }));
  Tags.of(connector).add('team', 'web');
  const ingress = new VpcIngressConnection(stack, 'Ingress', { vpc, service, vpcIngressConnectionName: 'warned-ingress' });
  Tags.of(ingress).add('team', 'web');
  const inPlace = new Service(stack, 'InPlace', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), tagsInPlace: true });
  Tags.of(inPlace).add('team', 'web');
  const connection = new Connection(stack, 'GitHubConnection', { connectionName: 'warned-github', providerType: ConnectionProviderType.GITHUB });
  return { app, stack, service, scaling, observability, connector, ingress, inPlace, connection };
}

/** The warnings of a stack as `path → ids`, the id normalized as the README writes it. */
function warningIds(stack: Stack): Array<{ path: string; id: string }> {
  return Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => ({
    path: w.id,
    id: readmeId(/\[ack: ([^\]]+)\]$/.exec(String(w.entry.data))?.[1] ?? `(no id) ${String(w.entry.data)}`),
  }));
}

function readmeId(id: string): string {
  return id.replace(/^(cdk-apprunner-kit:noEchoDeployTimeValue):.*$/, '$1:<parameter>');
}

/** The warning ids of the README's table (section "Warnings"). */
function readmeWarningIds(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Warnings\n'));
  if (!section) throw new Error('README.md has no "## Warnings" section');
  return [...section.matchAll(/^\| `(cdk-apprunner-kit:[^`]+)` \|/gm)].map((m) => m[1]);
}

/** The warning ids written in src/ (literal ids and the ids given to the warning helpers). */
function sourceWarningIds(): string[] {
  const ids = new Set<string>();
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) { visit(file); continue; }
      if (!file.endsWith('.ts')) continue;
      const text = fs.readFileSync(file, 'utf-8');
      for (const m of text.matchAll(/['`]cdk-apprunner-kit:([A-Za-z]+)(:\$\{)?/g)) ids.add(readmeId(`cdk-apprunner-kit:${m[1]}${m[2] ? ':x' : ''}`));
      for (const m of text.matchAll(/\b(?:warn|warnWhen|warnFixedName)\(\s*[\w.]+,\s*'([A-Za-z]+)'/g)) ids.add(`cdk-apprunner-kit:${m[1]}`);
      // watchCreateOnlyTags raises createOnlyTags, or the id it is given
      if (/\bwatchCreateOnlyTags\(/.test(text) && !file.endsWith('create-only.ts')) {
        const given = [...text.matchAll(/\bwatchCreateOnlyTags\([^;]*\{ id: '([A-Za-z]+)'/g)].map((m) => m[1]);
        for (const id of given.length > 0 ? given : ['createOnlyTags']) ids.add(`cdk-apprunner-kit:${id}`);
      }
      // a warning without an id cannot be acknowledged
      expect({ file: path.relative(ROOT, file), untagged: /\.addWarning\(/.test(text) }).toEqual({ file: path.relative(ROOT, file), untagged: false });
    }
  };
  visit(path.join(ROOT, 'src'));
  return [...ids].sort();
}

const ALL_IDS = [
  'cdk-apprunner-kit:connectionPendingHandshake',
  'cdk-apprunner-kit:createOnlyTags',
  'cdk-apprunner-kit:noEchoDeployTimeValue:<parameter>',
  'cdk-apprunner-kit:serviceKmsKeyReplacement',
  'cdk-apprunner-kit:serviceNameReplacement',
  'cdk-apprunner-kit:serviceTagsReplace',
  'cdk-apprunner-kit:tagsMovedInPlace',
  'cdk-apprunner-kit:vpcConnectorNameReplacement',
  'cdk-apprunner-kit:vpcConnectorSecurityGroupsReplace',
  'cdk-apprunner-kit:vpcIngressConnectionNameReplacement',
];

/** The ECS Express Mode twin's warnings (issue 13): each is raised in test/ecs-express/ecs-express-refusals.test.ts. */
const TWIN_IDS = [
  'cdk-apprunner-kit:ecsExpressAutoDeployments',
  'cdk-apprunner-kit:ecsExpressAutoScalingImported',
  'cdk-apprunner-kit:ecsExpressCutoverDualStack',
  'cdk-apprunner-kit:ecsExpressDualStack',
  'cdk-apprunner-kit:ecsExpressInstanceRoleGone',
  'cdk-apprunner-kit:ecsExpressInstanceRoleImported',
  'cdk-apprunner-kit:ecsExpressInternalLoadBalancer',
  'cdk-apprunner-kit:ecsExpressKmsKey',
  'cdk-apprunner-kit:ecsExpressPrivateService',
  'cdk-apprunner-kit:ecsExpressRunState',
  'cdk-apprunner-kit:ecsExpressServiceNameReplacement',
  'cdk-apprunner-kit:ecsExpressSizeToken',
  'cdk-apprunner-kit:ecsExpressTcpHealthCheck',
  'cdk-apprunner-kit:ecsExpressTracing',
  'cdk-apprunner-kit:ecsExpressVpcConnectorImported',
  'cdk-apprunner-kit:ecsExpressWebAcl',
];

describe('every warning, on the construct users hold', () => {
  test('unacknowledged: each is raised once, on the construct that has the problem, with a stable id', () => {
    const { stack } = everything();
    expect(warningIds(stack).sort((a, b) => `${a.path} ${a.id}`.localeCompare(`${b.path} ${b.id}`))).toEqual([
      { path: '/Warnings/Connector', id: 'cdk-apprunner-kit:createOnlyTags' },
      { path: '/Warnings/Connector', id: 'cdk-apprunner-kit:vpcConnectorNameReplacement' },
      { path: '/Warnings/Connector', id: 'cdk-apprunner-kit:vpcConnectorSecurityGroupsReplace' },
      { path: '/Warnings/GitHubConnection', id: 'cdk-apprunner-kit:connectionPendingHandshake' },
      { path: '/Warnings/Ingress', id: 'cdk-apprunner-kit:createOnlyTags' },
      { path: '/Warnings/Ingress', id: 'cdk-apprunner-kit:vpcIngressConnectionNameReplacement' },
      { path: '/Warnings/InPlace', id: 'cdk-apprunner-kit:tagsMovedInPlace' },
      { path: '/Warnings/Observability', id: 'cdk-apprunner-kit:createOnlyTags' },
      { path: '/Warnings/Scaling', id: 'cdk-apprunner-kit:createOnlyTags' },
      { path: '/Warnings/Service', id: 'cdk-apprunner-kit:noEchoDeployTimeValue:<parameter>' },
      { path: '/Warnings/Service', id: 'cdk-apprunner-kit:serviceKmsKeyReplacement' },
      { path: '/Warnings/Service', id: 'cdk-apprunner-kit:serviceNameReplacement' },
      { path: '/Warnings/Service', id: 'cdk-apprunner-kit:serviceTagsReplace' },
    ]);
  });

  test('the README\'s table lists exactly the ids the library raises, and src/ raises no other (nor any warning without an id)', () => {
    expect(new Set(warningIds(everything().stack).map((w) => w.id))).toEqual(new Set(ALL_IDS));
    expect(readmeWarningIds().sort()).toEqual([...ALL_IDS, ...TWIN_IDS].sort());
    expect(sourceWarningIds()).toEqual([...ALL_IDS, ...TWIN_IDS].sort());
  });

  test('warnings decided at synthesis are withdrawn when their condition does not hold', () => {
    const app = new App();
    const stack = new Stack(app, 'Quiet');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    new Service(stack, 'Service', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }) });
    new AutoScalingConfiguration(stack, 'Scaling', { maxSize: 3 });
    new VpcConnector(stack, 'Connector', { vpc, securityGroups: [new ec2.SecurityGroup(stack, 'Sg', { vpc })] });
    expect(warningIds(stack)).toEqual([]);
  });
});

test('a warning raised for every construct of a kind and withdrawn at synthesis costs no stack trace; CDK_DISABLE_STACK_TRACE is left as it was', () => {
  const original = process.env.CDK_DISABLE_STACK_TRACE;
  for (const before of [undefined, 'yes']) {
    if (before === undefined) delete process.env.CDK_DISABLE_STACK_TRACE;
    else process.env.CDK_DISABLE_STACK_TRACE = before;
    const stack = new Stack(new App(), 'Traces');
    const service = new Service(stack, 'Service', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), serviceName: 'traced-service' });
    Tags.of(service).add('team', 'web');
    expect(process.env.CDK_DISABLE_STACK_TRACE).toBe(before);
    const traces = Object.fromEntries(Annotations.fromStack(stack).findWarning('*', Match.anyValue())
      .map((w) => [readmeId(/\[ack: ([^\]]+)\]$/.exec(String(w.entry.data))![1]), w.entry.trace !== undefined]));
    // a warning raised because of a prop keeps the trace of where the construct was created (unless disabled)
    expect(traces).toEqual({
      'cdk-apprunner-kit:serviceTagsReplace': false,
      'cdk-apprunner-kit:serviceNameReplacement': before === undefined,
    });
  }
  if (original === undefined) delete process.env.CDK_DISABLE_STACK_TRACE;
  else process.env.CDK_DISABLE_STACK_TRACE = original;
});

describe('acknowledging', () => {
  test.each([
    ['after synthesis-time decisions: serviceTagsReplace', (e: Everything) => e.service, 'serviceTagsReplace'],
    ['at creation: serviceNameReplacement', (e: Everything) => e.service, 'serviceNameReplacement'],
    ['createOnlyTags, on one of four constructs', (e: Everything) => e.scaling, 'createOnlyTags'],
    ['vpcConnectorSecurityGroupsReplace', (e: Everything) => e.connector, 'vpcConnectorSecurityGroupsReplace'],
    ['tagsMovedInPlace, on a service with tagsInPlace', (e: Everything) => e.inPlace, 'tagsMovedInPlace'],
    ['connectionPendingHandshake, on a connection', (e: Everything) => e.connection, 'connectionPendingHandshake'],
  ])('on the construct itself (%s): removes its warning only', (_name, construct, id) => {
    const e = everything();
    const before = warningIds(e.stack);
    ack(construct(e), id);
    const after = warningIds(e.stack);
    const acknowledged = { path: `/${construct(e).node.path}`, id: `cdk-apprunner-kit:${id}` };
    expect(before).toContainEqual(acknowledged);
    expect(after).not.toContainEqual(acknowledged);
    expect(after).toHaveLength(before.length - 1);
  });

  test('on the stack before the constructs exist, or on the app after: every construct below', () => {
    const app = new App();
    const stack = new Stack(app, 'Early');
    ack(stack, 'serviceTagsReplace');
    const service = new Service(stack, 'Service', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), serviceName: 'early-service' });
    Tags.of(service).add('team', 'web');
    const later = new Service(stack, 'Later', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }) });
    Tags.of(later).add('team', 'web');
    expect(warningIds(stack)).toEqual([{ path: '/Early/Service', id: 'cdk-apprunner-kit:serviceNameReplacement' }]);
    ack(app, 'serviceNameReplacement');
    expect(warningIds(stack)).toEqual([]);
  });
});

describe('a stack that raises every warning, all acknowledged', () => {
  test('no warning is left: Annotations, the cloud assembly\'s metadata, and what cdk synth --strict checks', () => {
    const e = everything();
    // on the constructs
    ack(e.service, 'serviceTagsReplace');
    ack(e.service, 'serviceKmsKeyReplacement');
    ack(e.connector, 'vpcConnectorSecurityGroupsReplace');
    ack(e.connector, 'createOnlyTags');
    ack(e.ingress, 'vpcIngressConnectionNameReplacement');
    ack(e.inPlace, 'tagsMovedInPlace');
    ack(e.connection, 'connectionPendingHandshake');
    // on the stack: every construct of it (the NoEcho warning's id names the parameter)
    ack(e.stack, 'noEchoDeployTimeValue:ApiToken');
    ack(e.stack, 'vpcConnectorNameReplacement');
    // on the app, once the constructs exist
    ack(e.app, 'createOnlyTags');
    ack(e.app, 'serviceNameReplacement');

    Annotations.fromStack(e.stack).hasNoWarning('*', Match.anyValue());
    const assembly = e.app.synth();
    const artifact = assembly.getStackByName('Warnings');
    // what the CLI's --strict mode fails on
    expect(artifact.messages.filter((m) => m.level === 'warning')).toEqual([]);
    // the metadata as written to cdk.out (the manifest, and the stack's .metadata.json)
    const manifest = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'manifest.json'), 'utf-8'));
    const stackManifest = manifest.artifacts.Warnings;
    const metadata: Record<string, Array<{ type: string; data: unknown }>> = {
      ...stackManifest.metadata,
      ...JSON.parse(fs.readFileSync(path.join(assembly.directory, stackManifest.additionalMetadataFile), 'utf-8')),
    };
    const entries = Object.entries(metadata).flatMap(([at, list]) => list.map((entry) => ({ at, type: entry.type, data: entry.data })));
    expect(entries.filter((entry) => entry.type === 'aws:cdk:logicalId').length).toBeGreaterThan(50);
    expect(entries.filter((entry) => entry.type === 'aws:cdk:warning' || String(entry.data).includes('[ack: '))).toEqual([]);
  });
});
