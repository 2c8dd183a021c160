import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { fail } from './validation';
import type { Cpu, Memory } from '../service/enums';

/** Valid CPU (vCPU) → memory (GB) combinations. */
const VALID_PAIRS: Array<[number, number[]]> = [
  [0.25, [0.5, 1]],
  [0.5, [1]],
  [1, [2, 3, 4]],
  [2, [4, 6]],
  [4, [8, 10, 12]],
];

/**
 * Check that a CPU/memory combination is one App Runner offers. A missing value is
 * App Runner's default (1 vCPU, 2 GB); token values are not checked.
 */
export function checkCpuMemoryPair(cpu: Cpu | undefined, memory: Memory | undefined, scope?: IConstruct): void {
  if (cpu === undefined && memory === undefined) return;
  const vcpu = cpu ? cpu.vcpu : 1;
  const gb = memory ? memory.gigabytes : 2;
  if (vcpu === undefined || gb === undefined) return;
  if (!VALID_PAIRS.find(([c]) => c === vcpu)?.[1].includes(gb)) {
    const describe = (v: number, unit: string, given: boolean) => `${v} ${unit}${given ? '' : ' (the default)'}`;
    const allowed = VALID_PAIRS.map(([c, ms]) => `${c} vCPU: ${ms.join('/')} GB`).join('; ');
    fail('InvalidCpuMemoryCombination',
      `cpu ${describe(vcpu, 'vCPU', cpu !== undefined)} cannot be combined with memory ${describe(gb, 'GB', memory !== undefined)}; valid combinations are ${allowed}`,
      scope);
  }
}


/**
 * Environment variable and secret names: non-empty, at most 2048 characters (App Runner's
 * limit for secret names, applied to both), no `AWSAPPRUNNER` prefix (reserved), no
 * duplicates within the same list.
 *
 * @param kind 'Environment variable' or 'Environment secret'
 */
export function checkEnvironmentName(kind: string, name: string, scope: IConstruct, existing: string[]): void {
  if (Token.isUnresolved(name)) return;
  const code = kind === 'Environment variable' ? 'InvalidEnvironmentVariableKey' : 'InvalidEnvironmentSecretKey';
  if (name.startsWith('AWSAPPRUNNER')) {
    fail(code, `${kind} key ${name} with a prefix of AWSAPPRUNNER is not allowed`, scope);
  }
  if (name.length < 1 || name.length > 2048) {
    fail(code, `${kind} name must be between 1 and 2048 characters, got ${name.length} characters`, scope);
  }
  if (existing.includes(name)) {
    fail(`Duplicate${code}`, `${kind} ${name} is defined twice; each name may be set once`, scope);
  }
}

const SECRET_REFERENCE = /^arn:aws[a-z-]*:(secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+|ssm:[a-z0-9-]+:[0-9]{12}:parameter\/.+)$/;

/**
 * A secret reference: a Secrets Manager ARN (optionally `:json-key:version-stage:version-id`)
 * or an SSM parameter ARN. Checked only when the reference is fully concrete.
 */
export function checkSecretReference(name: string, reference: string, scope: IConstruct): void {
  if (Token.isUnresolved(reference)) return;
  if (!SECRET_REFERENCE.test(reference)) {
    fail('InvalidSecretReference',
      `Environment secret ${name} must reference a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME[:json-key:version-stage:version-id]) or an SSM parameter ARN (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME), got ${JSON.stringify(reference)}`,
      scope);
  }
}
