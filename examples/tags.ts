/**
 * Cost-allocation tags on App Runner services without replacing them (issue 12 part 1):
 * `tagsInPlace` sets a service's tags with TagResource / UntagResource, so `Tags.of(app)` can
 * add, change or remove a tag and every service keeps its ID and URL. The `Api` service existed
 * with a `team` tag before the opt-in: `creationTags` keeps that tag in its create-only Tags
 * property, so turning the opt-in on does not replace it.
 *
 * Synthesized by test/example-tags.test.ts. In your own project, import from
 * 'cdk-apprunner-kit' instead of '../src'.
 */
import { App, Stack, StackProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Service, Source } from '../src';

const IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';

/** Two services whose tags are updated in place. */
export class TaggedStack extends Stack {
  /** A new service: every tag updated in place. */
  public readonly web: Service;
  /** A service created with the tag `team: api` before tagsInPlace was turned on. */
  public readonly api: Service;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.web = new Service(this, 'Web', {
      source: Source.fromEcrPublic({ imageIdentifier: IMAGE }),
      tagsInPlace: true,
    });
    this.api = new Service(this, 'Api', {
      source: Source.fromEcrPublic({ imageIdentifier: IMAGE }),
      tagsInPlace: true,
      creationTags: { team: 'api' },
    });
    Tags.of(this.api).add('team', 'api');
  }
}

/** The app: a cost-allocation tag on everything, changed freely. */
export function buildTagsApp(app = new App(), costCenter = 'cc-1234'): App {
  new TaggedStack(app, 'Tagged', { env: { account: '123456789012', region: 'eu-west-1' } });
  Tags.of(app).add('cost-center', costCenter);
  return app;
}
