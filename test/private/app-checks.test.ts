/**
 * App-wide checks (src/private/app-checks.ts), shown with the service name: what must be
 * unique per account and region is compared across the stacks of an app with the same
 * concrete account and region, and within an environment-agnostic stack (with its nested
 * stacks), never between an agnostic stack and another. The custom-domain and isDefault
 * claims are tested with their constructs.
 */
import { App, NestedStack, Stack, Stage, Token } from 'aws-cdk-lib';
import { Service, Source } from '../../src';
import { expectValidationError, newAgnosticStack, newStack, synth } from '../support/util';

const IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';
const ENV = { account: '123456789012', region: 'us-east-1' };

function service(stack: Stack, id: string, serviceName?: string): Service {
  return new Service(stack, id, { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), serviceName });
}

describe('serviceName: once per account and region', () => {
  test('the same serviceName on two services of one account and region (two stacks) is a ValidationError naming both', () => {
    const app = new App();
    service(new Stack(app, 'A', { env: ENV }), 'Svc', 'web-api');
    const b = new Stack(app, 'B', { env: ENV });
    expectValidationError(() => service(b, 'Svc', 'web-api'),
      'serviceName web-api of B/Svc is already the serviceName of A/Svc in account 123456789012, region us-east-1: App Runner service names are unique '
      + 'per account and region, so the second service would fail to deploy. Give one of them another serviceName (or none: CloudFormation then generates one).');
  });

  test('in one stack, and across stages of the same environment', () => {
    const stack = newStack();
    service(stack, 'One', 'web-api');
    expectValidationError(() => service(stack, 'Two', 'web-api'), /^serviceName web-api of TestStack\/Two is already the serviceName of TestStack\/One in account 123456789012, region us-east-1/);
    const app = new App();
    service(new Stack(new Stage(app, 'Beta'), 'Web', { env: ENV }), 'Svc', 'web-api');
    expectValidationError(() => service(new Stack(new Stage(app, 'Prod'), 'Web', { env: ENV }), 'Svc', 'web-api'),
      /^serviceName web-api of Prod\/Web\/Svc is already the serviceName of Beta\/Web\/Svc in account 123456789012, region us-east-1/);
  });

  test('accepted: other names, other regions or accounts, generated names, token names, services imported by name', () => {
    const app = new App();
    const a = new Stack(app, 'A', { env: ENV });
    service(a, 'Svc', 'web-api');
    service(a, 'Other', 'web-api-2');
    service(a, 'Generated1');
    service(a, 'Generated2');
    service(a, 'Token1', Token.asString({ Ref: 'NameParam' }));
    service(a, 'Token2', Token.asString({ Ref: 'NameParam' }));
    Service.fromServiceName(a, 'Imported', 'web-api'); // the same service, not a second one
    service(new Stack(app, 'West', { env: { ...ENV, region: 'us-west-2' } }), 'Svc', 'web-api');
    service(new Stack(app, 'OtherAccount', { env: { ...ENV, account: '210987654321' } }), 'Svc', 'web-api');
    expect(synth(a).findResources('AWS::AppRunner::Service')).not.toEqual({});
  });

  test('environment-agnostic stacks: compared within the stack (and its nested stacks), not with other stacks', () => {
    const stack = newAgnosticStack();
    service(stack, 'One', 'web-api');
    expectValidationError(() => service(stack, 'Two', 'web-api'),
      /^serviceName web-api of AgnosticStack\/Two is already the serviceName of AgnosticStack\/One in the environment-agnostic stack AgnosticStack:/);
    const nested = new NestedStack(stack, 'Nested');
    expectValidationError(() => service(nested, 'Three', 'web-api'),
      /^serviceName web-api of AgnosticStack\/Nested\/Three is already the serviceName of AgnosticStack\/One in the environment-agnostic stack AgnosticStack:/);

    // the accepted side: another agnostic stack, or a concrete one, may deploy anywhere
    const app = stack.node.root as App;
    service(new Stack(app, 'OtherAgnostic'), 'Svc', 'web-api');
    service(new Stack(app, 'Concrete', { env: ENV }), 'Svc', 'web-api');
    expect(synth(stack).findResources('AWS::AppRunner::Service')).not.toEqual({});
  });
});
