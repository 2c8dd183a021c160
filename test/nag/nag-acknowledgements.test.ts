/**
 * The library's cdk-nag acknowledgements are an explicit opt-in (issue 14 point 2): by default
 * it writes none, and cdk-nag reports the findings on its resources; `NagAcknowledgements
 * .list(scope)` shows what it would acknowledge (with reasons, no synthesis needed) and
 * `NagAcknowledgements.acknowledge(scope)` writes them at synthesis, for the constructs under
 * the scope created before and after the call, in nested Stages too, once each.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnElement, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { CustomDomain, NagAcknowledgements, Service, Source } from '../../src';

const KEY = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
const PROVIDER = 'AppRunnerKitOperationsProvider';

/** A paused service from ECR with a custom domain in a hosted zone: the operations provider, an ECR access role. */
function smallStack(scope: IConstruct, id: string): Stack {
  const stack = new Stack(scope, id);
  const service = new Service(stack, 'Svc', {
    source: Source.fromEcr({ repository: ecr.Repository.fromRepositoryName(stack, 'Repo', 'web'), tagOrDigest: 'v1' }),
    paused: true,
  });
  const zone = new route53.HostedZone(stack, 'Zone', { zoneName: 'example.org' });
  new CustomDomain(stack, 'Domain', { service, domainName: 'api.example.org', hostedZone: zone });
  return stack;
}

/** The findings cdk-nag reports: rule (with finding) → paths of the violating resources. */
function nag(scope: IConstruct): Map<string, string[]> {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return new Map(report.violations.map((v) => [v.ruleName, v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId ?? '')]));
}

/** The acknowledgement metadata on the constructs: `path id` per entry (duplicates kept). */
function written(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === KEY)
    .flatMap((m) => Object.keys(m.data).map((id) => `${c.node.path} ${id}`)));
}

const listed = (scope: IConstruct) => NagAcknowledgements.list(scope).map((a) => `${a.path} ${a.findingId}`);

describe('by default (no opt-in)', () => {
  const app = new App();
  smallStack(app, 'Small');
  app.synth();

  test('no acknowledgement is written', () => {
    expect(written(app)).toEqual([]);
  });

  test('cdk-nag reports the findings on the library\'s resources', () => {
    const findings = nag(app);
    const provider = (rule: string) => (findings.get(rule) ?? []).filter((p) => p.startsWith(`Small/${PROVIDER}/`));
    expect(provider('AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]').length)
      .toBeGreaterThan(0);
    expect([...findings.keys()].filter((rule) => rule.startsWith('AwsSolutions-IAM5[Resource::<') && provider(rule).length > 0).length)
      .toBeGreaterThan(0);
    expect(provider('AwsSolutions-L1').length).toBeGreaterThan(0);
    expect(provider('AwsSolutions-SF1')).toEqual([`Small/${PROVIDER}/Provider/waiter-state-machine/Resource`]);
    expect(provider('AwsSolutions-SF2')).toEqual([`Small/${PROVIDER}/Provider/waiter-state-machine/Resource`]);
    // the service's ECR access role
    expect(findings.get('AwsSolutions-IAM5[Resource::*]')).toEqual(expect.arrayContaining(['Small/Svc/AccessRole/DefaultPolicy/Resource']));
    // what the library would acknowledge is reported; the provider acknowledges invoking each of
    // its functions by ARN (FUNCTION_ARN:*), and not every function is invoked that way here
    const unreported = NagAcknowledgements.list(app).map((a) => a.findingId).filter((id) => !findings.has(id));
    expect(unreported.length).toBeLessThan(NagAcknowledgements.list(app).length / 2);
    for (const id of unreported) expect(id).toMatch(/^AwsSolutions-IAM5\[Resource::<[A-Za-z0-9]+\.Arn>:\*\]$/);
  });

  test('list shows each acknowledgement with its path and reason, without synthesis', () => {
    const fresh = new App();
    smallStack(fresh, 'Small');
    const acks = NagAcknowledgements.list(fresh);
    expect(acks.length).toBeGreaterThan(5);
    for (const ack of acks) {
      expect(Object.keys(ack).sort()).toEqual(['findingId', 'path', 'reason']);
      expect(ack.path).toMatch(/^Small\//);
      expect(ack.findingId).toMatch(/^AwsSolutions-[A-Z]+\d+/);
      expect(ack.reason.length).toBeGreaterThan(40);
    }
    expect(new Set(acks.map((a) => a.findingId.replace(/\[.*$/, '')))).toEqual(new Set([
      'AwsSolutions-IAM4', 'AwsSolutions-IAM5', 'AwsSolutions-L1', 'AwsSolutions-SF1', 'AwsSolutions-SF2',
    ]));
    expect(acks).toContainEqual({
      path: 'Small/Svc/AccessRole',
      findingId: 'AwsSolutions-IAM5[Resource::*]',
      reason: expect.stringContaining('ecr:GetAuthorizationToken'),
    });
    // the same as after synthesis (nothing is recorded at synthesis)
    expect(listed(fresh)).toEqual(listed(app));
    // a scope lists what is under it only
    expect(listed(fresh.node.findChild('Small').node.findChild('Svc'))).toEqual(['Small/Svc/AccessRole AwsSolutions-IAM5[Resource::*]']);
  });
});

describe('NagAcknowledgements.acknowledge', () => {
  test('after the constructs are created: no finding on the library\'s constructs, each acknowledgement written once', () => {
    const app = new App();
    smallStack(app, 'Small');
    NagAcknowledgements.acknowledge(app);
    NagAcknowledgements.acknowledge(app); // twice: harmless
    NagAcknowledgements.acknowledge(app.node.findChild('Small')); // and on a scope under it
    expect(written(app)).toEqual([]); // written at synthesis
    app.synth();
    expect(nag(app)).toEqual(new Map());
    expect(written(app).sort()).toEqual(listed(app).sort());
  });

  test('before the constructs are created', () => {
    const app = new App();
    NagAcknowledgements.acknowledge(app);
    smallStack(app, 'Small');
    app.synth();
    expect(nag(app)).toEqual(new Map());
    expect(written(app).sort()).toEqual(listed(app).sort());
  });

  test('on a stack: that stack only', () => {
    const app = new App();
    const chosen = smallStack(app, 'Chosen');
    NagAcknowledgements.acknowledge(chosen);
    smallStack(app, 'Other');
    app.synth();
    expect(nag(chosen)).toEqual(new Map());
    expect(nag(app.node.findChild('Other')).size).toBeGreaterThan(0);
    expect(written(app).sort()).toEqual(listed(chosen).sort());
  });

  test('with aspect stabilization, before cdk-nag\'s aspect that copies acknowledgements into the template', () => {
    const app = new App({ context: { '@aws-cdk/core:aspectStabilization': true } });
    NagAcknowledgements.acknowledge(app);
    const stack = smallStack(app, 'Small');
    new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }); // an aspect of the default priority on the app
    const template = app.synth().getStackByName(stack.stackName).template;
    expect(nag(app)).toEqual(new Map());
    const suppressed = (logicalId: string) => (template.Resources[logicalId].Metadata?.cdk_nag?.rules_to_suppress ?? [])
      .map((r: { id: string }) => r.id);
    const logicalIdAt = (p: string) => stack.getLogicalId(app.node.findAll().find((c) => c.node.path === p) as CfnElement);
    const stateMachine = logicalIdAt(`Small/${PROVIDER}/Provider/waiter-state-machine/Resource`);
    expect(suppressed(stateMachine)).toEqual(expect.arrayContaining(['AwsSolutions-SF1', 'AwsSolutions-SF2']));
    const accessPolicy = logicalIdAt('Small/Svc/AccessRole/DefaultPolicy/Resource');
    expect(suppressed(accessPolicy)).toEqual(['AwsSolutions-IAM5[Resource::*]']);
  });

  test('in a nested Stage, written before the stage\'s cloud assembly: in its manifest, not in its template', () => {
    const app = new App();
    NagAcknowledgements.acknowledge(app);
    const stage = new Stage(app, 'Prod');
    const stack = smallStack(stage, 'Small');
    const assembly = app.synth();
    expect(nag(app)).toEqual(new Map());
    expect(written(app).sort()).toEqual(listed(app).sort());

    const artifact = assembly.getNestedAssembly(stage.artifactId).getStackArtifact(stack.artifactId);
    const manifest = JSON.parse(fs.readFileSync(path.join(artifact.assembly.directory, 'manifest.json'), 'utf-8'));
    const stackManifest = manifest.artifacts[artifact.id];
    const metadata: Record<string, Array<{ type: string; data: Record<string, string> }>> = {
      ...stackManifest.metadata,
      ...(stackManifest.additionalMetadataFile
        ? JSON.parse(fs.readFileSync(path.join(artifact.assembly.directory, stackManifest.additionalMetadataFile), 'utf-8')) : {}),
    };
    const inManifest = Object.entries(metadata).flatMap(([at, entries]) => entries.filter((e) => e.type === KEY)
      .flatMap((e) => Object.keys(e.data).map((id) => `${at.replace(/^\//, '')} ${id}`)));
    expect(inManifest.sort()).toEqual(listed(app).sort());
    expect(JSON.stringify(artifact.template)).not.toContain('AwsSolutions-');
  });
});
