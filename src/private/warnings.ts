import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The prefix of every warning id of this library (`cdk-apprunner-kit:serviceTagsReplace`, …). */
export const WARNING_PREFIX = 'cdk-apprunner-kit:';

/**
 * Warn on `scope` (the construct users hold) with the id `cdk-apprunner-kit:<id>`, which users
 * acknowledge with `Annotations.of(construct).acknowledgeWarning(id)` on that construct or on
 * any scope above it.
 *
 * Raised at once, while the construct is created: aws-cdk-lib removes a warning when it is
 * acknowledged after it was raised, on the construct or any scope above it (the app too), and
 * suppresses one raised after an acknowledgement on a scope *above* the construct (not the app).
 */
export function warn(scope: IConstruct, id: string, message: string): void {
  Annotations.of(scope).addWarningV2(`${WARNING_PREFIX}${id}`, message);
}

/**
 * `Annotations.of(scope)` that adds its messages without a stack trace (aws-cdk-lib decides
 * when it creates the object, from the context `aws:cdk:disable-stack-trace` or the variable
 * `CDK_DISABLE_STACK_TRACE`). `warnWhen` raises a warning for every construct of its kind, most
 * of them withdrawn at synthesis: a stack trace each (source-mapped under ts-node) cost several
 * percent of a large stack's synthesis. Should aws-cdk-lib read the variable later, the
 * warnings only get their traces back.
 */
function untracedAnnotations(scope: IConstruct): Annotations {
  const saved = process.env.CDK_DISABLE_STACK_TRACE;
  process.env.CDK_DISABLE_STACK_TRACE = '1';
  try {
    return Annotations.of(scope);
  } finally {
    if (saved === undefined) delete process.env.CDK_DISABLE_STACK_TRACE;
    else process.env.CDK_DISABLE_STACK_TRACE = saved;
  }
}

/**
 * Like `warn`, for a warning whose condition is known only at synthesis (tags applied by
 * `Tags.of()` aspects, security groups added later through `connections`): raised at once,
 * and withdrawn at synthesis when `applies()` is false.
 *
 * Why not raise it at synthesis: a warning raised then, after the user acknowledged it on the
 * construct itself, is not suppressed by aws-cdk-lib before 2.271 (its acknowledgement lookup
 * skipped the construct's own path, aws/aws-cdk#38820), nor by any version when acknowledged
 * on the app (the root's empty path is never looked up). Raised at creation, the user's
 * acknowledgement comes after it and removes it, wherever it is made.
 */
export function warnWhen(scope: IConstruct, id: string, message: string, applies: () => boolean): void {
  untracedAnnotations(scope).addWarningV2(`${WARNING_PREFIX}${id}`, message);
  scope.node.addValidation({
    validate: () => {
      // the public way to remove a warning from a construct (and to not raise it again there)
      if (!applies()) Annotations.of(scope).acknowledgeWarning(`${WARNING_PREFIX}${id}`);
      return [];
    },
  });
}
