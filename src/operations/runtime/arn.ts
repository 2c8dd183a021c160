/**
 * The handlers' one ARN reader (ARNs arrive resolved: no tokens here; the constructs' is
 * src/private/arn.ts): `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
 */
export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** The resource part split at `/` (`service`, NAME, ID for an App Runner service). */
  readonly resource: readonly string[];
}

/** The parts of an ARN; undefined when `arn` is not one. */
export function parseArn(arn: string | undefined): ArnParts | undefined {
  const fields = (arn ?? '').split(':');
  if (fields.length < 6 || fields[0] !== 'arn') return undefined;
  const [, partition, service, region, account, ...rest] = fields;
  return { partition, service, region, account, resource: rest.join(':').split('/') };
}

/** The ID of an App Runner service ARN (`service/NAME/ID`); undefined for any other ARN. */
export function serviceIdOf(serviceArn: string): string | undefined {
  const parts = parseArn(serviceArn);
  const r = parts?.resource;
  return parts?.service === 'apprunner' && r?.length === 3 && r[0] === 'service' && r[2] !== '' ? r[2] : undefined;
}
