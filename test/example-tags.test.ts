/**
 * The tags example (examples/tags.ts, issue 12 part 1): the cost-allocation tag of `Tags.of(app)`
 * reaches each service through Custom::AppRunnerTags, not through its create-only Tags property,
 * so changing it changes no service's properties (no replacement).
 */
import { Template } from 'aws-cdk-lib/assertions';
import { buildTagsApp, TaggedStack } from '../examples/tags';

function synthesized(costCenter?: string): { stack: TaggedStack; template: Template } {
  const app = buildTagsApp(undefined, costCenter);
  const stack = app.node.findChild('Tagged') as TaggedStack;
  return { stack, template: Template.fromStack(stack) };
}

const servicesOf = (template: Template) => template.findResources('AWS::AppRunner::Service');
const tagsOf = (template: Template) => Object.values<any>(template.findResources('Custom::AppRunnerTags')).map((r) => r.Properties.Tags).sort();

test('each service\'s tags are in its Custom::AppRunnerTags; only the Api\'s creation tag is in a Tags property', () => {
  const { stack, template } = synthesized();
  expect(tagsOf(template)).toEqual(['{"cost-center":"cc-1234","team":"api"}', '{"cost-center":"cc-1234"}']);
  const services = servicesOf(template);
  expect(services[stack.getLogicalId(stack.web.cfnService)].Properties.Tags).toBeUndefined();
  expect(services[stack.getLogicalId(stack.api.cfnService)].Properties.Tags).toEqual([{ Key: 'team', Value: 'api' }]);
});

test('changing the cost-allocation tag changes no service\'s properties, only the custom resources', () => {
  const before = synthesized('cc-1234').template;
  const after = synthesized('cc-5678').template;
  expect(servicesOf(after)).toEqual(servicesOf(before));
  expect(tagsOf(after)).toEqual(['{"cost-center":"cc-5678","team":"api"}', '{"cost-center":"cc-5678"}']);
});

test('the app synthesizes', () => {
  expect(buildTagsApp().synth().stacks.map((s) => s.stackName)).toEqual(['Tagged']);
});
