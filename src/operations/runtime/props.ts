import type { ResourceProperties } from './types';

/** The names of the properties of `P` (a properties interface of ../contract.ts). */
export type PropertyName<P> = keyof P & string;

/** The names of the required properties of `P`: those the constructs write into every template. */
export type RequiredPropertyName<P> = { [K in keyof P]-?: Pick<P, K> extends Required<Pick<P, K>> ? K : never }[keyof P] & string;

/**
 * Strict readers of custom-resource properties (strings, see types.ts): a handler that
 * tested `Paused === true` would silently do nothing, so every value is parsed and a bad
 * one is an error naming the property.
 *
 * `P` is the resource's properties interface in the contract (../contract.ts): the readers
 * take only its names, so a misspelt one does not compile, and `string` (which fails when the
 * property is absent) only those of its required properties.
 */
export class Props<P extends object = ResourceProperties> {
  constructor(private readonly resourceType: string, private readonly props: ResourceProperties = {}) {}

  /** A required, non-empty string. */
  public string(name: RequiredPropertyName<P>): string {
    const value = this.props[name];
    if (typeof value !== 'string' || value === '') {
      throw new Error(`${this.resourceType}: property ${name} is required, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  /** An optional string (undefined when absent or empty). */
  public optionalString(name: PropertyName<P>): string | undefined {
    const value = this.props[name];
    return value === undefined || value === '' ? undefined : String(value);
  }

  /** A boolean given as "true"/"false" (true/false accepted too); `fallback` when absent. */
  public boolean(name: PropertyName<P>, fallback?: boolean): boolean {
    const value = this.props[name] as unknown;
    if ((value === undefined || value === '') && fallback !== undefined) return fallback;
    if (value === 'true' || value === true) return true;
    if (value === 'false' || value === false) return false;
    throw new Error(`${this.resourceType}: property ${name} must be "true" or "false", got ${JSON.stringify(value)}`);
  }

  /** An integer from `min` to `max` given in decimal digits; undefined when absent. */
  public optionalInteger(name: PropertyName<P>, min: number, max: number): number | undefined {
    const value = this.props[name] as unknown;
    if (value === undefined || value === '') return undefined;
    const n = typeof value === 'number' ? value : /^-?\d+$/.test(String(value)) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new Error(`${this.resourceType}: property ${name} must be an integer between ${min} and ${max}, got ${JSON.stringify(value)}`);
    }
    return n;
  }

  /** A positive integer given as a string; `fallback` when absent. */
  public positiveInteger(name: PropertyName<P>, fallback: number): number {
    const value = this.props[name] as unknown;
    if (value === undefined || value === '') return fallback;
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isInteger(n) || n <= 0) {
      throw new Error(`${this.resourceType}: property ${name} must be a positive whole number, got ${JSON.stringify(value)}`);
    }
    return n;
  }
}
