/**
 * The example app (examples/app.ts) synthesizes, every stack passes the registry-schema
 * check (through Template.fromStack), and its templates are snapshot-tested: a change to
 * what the library synthesizes for a representative app shows up in review.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildExampleApp } from '../examples/app';
import { normalizeTemplate } from './compat/scenarios';
import { findDependencyCycle } from './support/util';

describe('example app', () => {
  const app = buildExampleApp(new App());
  const stacks = app.node.children.filter((c): c is Stack => Stack.isStack(c));

  test('has the web and the private stack', () => {
    expect(stacks.map((s) => s.stackName)).toEqual(['AppRunnerKitWeb', 'AppRunnerKitPrivate']);
  });

  test.each(['AppRunnerKitWeb', 'AppRunnerKitPrivate'])('%s matches its snapshot', (name) => {
    const stack = stacks.find((s) => s.stackName === name)!;
    const template = Template.fromStack(stack);
    // asset hashes (the handler bundle, the Docker image) change with their contents, not with
    // what the library synthesizes
    const json = JSON.stringify(normalizeTemplate(template.toJSON())).replace(/[0-9a-f]{64}/g, '<asset-hash>');
    expect(JSON.parse(json)).toMatchSnapshot();
  });

  test.each(['AppRunnerKitWeb', 'AppRunnerKitPrivate'])('%s has no dependency cycle', (name) => {
    const stack = stacks.find((s) => s.stackName === name)!;
    expect(findDependencyCycle(Template.fromStack(stack).toJSON())).toBeUndefined();
  });

  test('uses every App Runner resource type', () => {
    const types = new Set<string>();
    for (const stack of stacks) {
      for (const resource of Object.values<any>(Template.fromStack(stack).toJSON().Resources)) types.add(resource.Type);
    }
    for (const type of ['Service', 'AutoScalingConfiguration', 'ObservabilityConfiguration', 'VpcConnector', 'VpcIngressConnection']) {
      expect(types).toContain(`AWS::AppRunner::${type}`);
    }
    for (const type of ['CustomDomain', 'Deployment', 'RollbackCheck', 'RunState', 'PreUpdateResume']) {
      expect(types).toContain(`Custom::AppRunner${type}`);
    }
    expect(types).toContain('AWS::Scheduler::Schedule');
    expect(types).toContain('AWS::WAFv2::WebACLAssociation');
    expect(types).toContain('AWS::CloudWatch::Alarm');
  });
});
