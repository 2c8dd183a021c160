import { Duration, Lazy, Token, UnscopedValidationError, ValidationError } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The one place where this library's synth-time checks live.
 *
 * Every check skips values that are unresolved tokens and throws aws-cdk-lib's
 * `ValidationError` (or `UnscopedValidationError` when no construct is at hand), so
 * `Errors.isValidationError(e)` holds for every error thrown here. Messages name the
 * property, the bad value and the rule.
 */

/** Build a ValidationError attached to `scope`, or an unscoped one. */
export function validationError(code: string, text: string, scope?: IConstruct): Error {
  // aws-cdk-lib brands the error code as a literal string; ours are literals too.
  return scope
    ? new ValidationError(code as any, text, scope)
    : new UnscopedValidationError(code as any, text);
}

/** Throw a ValidationError. */
export function fail(code: string, text: string, scope?: IConstruct): never {
  throw validationError(code, text, scope);
}

/** True when the value is a concrete string (not undefined, not a token). */
export function isConcreteString(value: string | undefined): value is string {
  return value !== undefined && !Token.isUnresolved(value);
}

/** True when the value is a concrete number (not undefined, not a token). */
export function isConcreteNumber(value: number | undefined): value is number {
  return value !== undefined && !Token.isUnresolved(value);
}

/** Options shared by the checks below. */
export interface CheckOptions {
  /** The construct the error is attached to. */
  readonly scope?: IConstruct;
  /** The error code (aws-cdk-lib error name). */
  readonly code?: string;
  /** A message replacing the generated one (used to keep the alpha module's exact wording). */
  readonly message?: string;
}

function message(opts: CheckOptions | undefined, text: string): string {
  return opts?.message ?? text;
}

/** An integer within [min, max]. */
export function checkIntegerRange(prop: string, value: number | undefined, min: number, max: number, opts?: CheckOptions): void {
  if (!isConcreteNumber(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(opts?.code ?? 'InvalidRange', message(opts, `${prop} must be an integer between ${min} and ${max}, got ${value}`), opts?.scope);
  }
}

/** A duration whose whole seconds are within [min, max]. */
export function checkDurationSeconds(prop: string, value: Duration | undefined, min: number, max: number, opts?: CheckOptions): void {
  if (value === undefined || value.isUnresolved()) return;
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    fail(opts?.code ?? 'InvalidDuration', message(opts, `${prop} must be between ${min} and ${max} seconds, got ${seconds}`), opts?.scope);
  }
}

/** A string whose length is within [min, max]. */
export function checkLength(prop: string, value: string | undefined, min: number, max: number, opts?: CheckOptions): void {
  if (!isConcreteString(value)) return;
  if (value.length < min || value.length > max) {
    fail(opts?.code ?? 'InvalidLength', message(opts, `${prop} must be between ${min} and ${max} characters, got ${value.length} characters: ${JSON.stringify(truncate(value))}`), opts?.scope);
  }
}

/** A string that matches a (whole-string) pattern. */
export function checkPattern(prop: string, value: string | undefined, pattern: RegExp, rule: string, opts?: CheckOptions): void {
  if (!isConcreteString(value)) return;
  if (!pattern.test(value)) {
    fail(opts?.code ?? 'InvalidFormat', message(opts, `${prop} ${rule}, got ${JSON.stringify(truncate(value))}`), opts?.scope);
  }
}

/** A string that is one of a set of allowed values. */
export function checkOneOf(prop: string, value: string | undefined, allowed: readonly string[], opts?: CheckOptions): void {
  if (!isConcreteString(value)) return;
  if (!allowed.includes(value)) {
    fail(opts?.code ?? 'InvalidValue', message(opts, `${prop} must be one of ${allowed.join(', ')}, got ${JSON.stringify(truncate(value))}`), opts?.scope);
  }
}

/** The App Runner resource-name rule: `[A-Za-z0-9][A-Za-z0-9_-]*` within [min, max] characters. */
export function checkResourceName(prop: string, value: string | undefined, min: number, max: number, scope?: IConstruct, code?: string): void {
  if (!isConcreteString(value)) return;
  if (value.length < min || value.length > max) {
    fail(`${code ?? 'InvalidName'}Length`, `\`${prop}\` must be between ${min} and ${max} characters, got: ${value.length} characters.`, scope);
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9\-_]*$/.test(value)) {
    fail(`${code ?? 'InvalidName'}Format`, `\`${prop}\` must start with an alphanumeric character and contain only alphanumeric characters, hyphens, or underscores after that, got: ${value}.`, scope);
  }
}

/** A string with no line break (build and start commands). */
export function checkSingleLine(prop: string, value: string | undefined, opts?: CheckOptions): void {
  checkPattern(prop, value, /^[^\r\n]*$/, 'must be a single line (no newline characters)', opts);
}

/** Tag keys 1-128 characters not starting with `aws:`, values at most 256 characters. */
export function checkTag(key: string, value: string, scope?: IConstruct): void {
  checkLength('tag key', key, 1, 128, { scope, code: 'InvalidTagKey' });
  checkPattern('tag key', key, /^(?!aws:)/i, 'must not start with "aws:"', { scope, code: 'InvalidTagKey' });
  checkLength(`value of tag ${key}`, value, 0, 256, { scope, code: 'InvalidTagValue' });
}

function truncate(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}

/**
 * A string attribute an imported resource does not know: any use of it fails synthesis
 * with a ValidationError that says what to do instead.
 */
export function unknownAttribute(scope: IConstruct, attribute: string, hint: string): string {
  return Lazy.string({
    produce: () => fail('UnknownAttribute', `${attribute} of ${scope.node.path} is not known: ${hint}`, scope),
  });
}
