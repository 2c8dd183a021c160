import { IConstruct } from 'constructs';
import { optInAcknowledgements, recordedFindings } from '../private/acknowledge';

/**
 * A finding of a validation pack (cdk-nag's `AwsSolutions` rules) on a resource of this
 * library that the library considers acceptable, with its reason.
 */
export interface NagAcknowledgement {
  /**
   * The path of the construct the acknowledgement is on (it covers that construct and every
   * construct under it), e.g. `Web/AppRunnerKitOperationsProvider` for the stack's operations provider.
   */
  readonly path: string;

  /**
   * The finding as cdk-nag names it: a rule id (`AwsSolutions-L1`), or a rule id with one of its
   * findings (`AwsSolutions-IAM5[Resource::*]`).
   */
  readonly findingId: string;

  /**
   * Why the finding is acceptable for this resource.
   */
  readonly reason: string;
}

/**
 * The cdk-nag findings this library considers acceptable on its own resources (the operations
 * provider's functions and roles, a service's ECR access role, the account-default auto
 * scaling policy, the App Runner interface endpoint), each with its reason.
 *
 * The library acknowledges nothing by default: cdk-nag reports these findings until you (or
 * your security team) review them with `NagAcknowledgements.list(scope)` and accept them with
 * `NagAcknowledgements.acknowledge(scope)`. Each acknowledgement names the exact finding (a rule
 * and the policy or resource it is about), so a finding the library did not foresee is still
 * reported.
 */
export class NagAcknowledgements {
  /**
   * Acknowledge the library's reasoned findings on its constructs under `scope`.
   *
   * `scope` is usually the App; a Stage or a Stack limits it to the constructs in it. The
   * constructs may be created before or after this call.
   *
   * The acknowledgements are written at synthesis, as the metadata entries of
   * `Validations.of(construct).acknowledge()` (`aws:cdk:acknowledged-rules`), on the construct
   * each one is about: they go to the cloud assembly's metadata, not to the templates. cdk-nag
   * reads them when it runs after synthesis (`Validations.of(app).addPlugins(...)`, or
   * `new AwsSolutionsChecks().validateScope(app)` after `app.synth()`). Calling it again, on
   * the same scope or another one, writes nothing twice.
   *
   * @param scope the App, Stage, Stack (or any construct) whose library constructs are covered
   */
  public static acknowledge(scope: IConstruct): void {
    optInAcknowledgements(scope);
  }

  /**
   * What `acknowledge` would acknowledge under `scope`, for review: one entry per construct
   * and finding, in the order of the construct tree. It needs no synthesis: the library
   * records its acknowledgements as it creates its constructs.
   *
   * @param scope the App, Stage, Stack (or any construct) to list the library's acknowledgements of
   */
  public static list(scope: IConstruct): NagAcknowledgement[] {
    return recordedFindings(scope).map(({ construct, id, reason }) => ({ path: construct.node.path, findingId: id, reason }));
  }

  private constructor() {}
}
