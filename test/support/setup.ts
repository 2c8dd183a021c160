/**
 * Jest setup (setupFilesAfterEnv): every template a test synthesizes through
 * `Template.fromStack` is checked against the CloudFormation registry schemas, so no
 * test can forget the check. A template with problems fails the test that made it.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { checkAndCount } from './cfn-schema';

const original = Template.fromStack.bind(Template);
Template.fromStack = ((stack, templateParsingOptions) => {
  const template = original(stack, templateParsingOptions);
  checkAndCount(template.toJSON(), `stack ${stack.stackName}`);
  return template;
}) as typeof Template.fromStack;

// The custom-resource handlers log each event (useful in CloudWatch); not in tests.
process.env.APPRUNNER_KIT_QUIET = 'true';
