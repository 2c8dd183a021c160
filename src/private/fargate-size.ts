/**
 * Fargate task sizes (Linux): CPU units and memory in MiB, as ECS writes them. The table of
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html
 */

/** A valid Fargate task size. */
export interface FargateSize {
  /** CPU units (1024 = 1 vCPU). */
  readonly cpu: number;
  /** Memory in MiB. */
  readonly memoryMiB: number;
}

function steps(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

/** Each CPU size with the memory sizes it takes, in ascending order. */
export const FARGATE_SIZES: ReadonlyArray<{ readonly cpu: number; readonly memoryMiB: readonly number[] }> = [
  { cpu: 256, memoryMiB: [512, 1024, 2048] },
  { cpu: 512, memoryMiB: steps(1024, 4096, 1024) },
  { cpu: 1024, memoryMiB: steps(2048, 8192, 1024) },
  { cpu: 2048, memoryMiB: steps(4096, 16384, 1024) },
  { cpu: 4096, memoryMiB: steps(8192, 30720, 1024) },
  { cpu: 8192, memoryMiB: steps(16384, 61440, 4096) },
  { cpu: 16384, memoryMiB: steps(32768, 122880, 8192) },
];

/**
 * The nearest valid Fargate size that is not smaller than the one asked for: the smallest CPU
 * size with at least `cpu` units that takes at least `memoryMiB`, with the smallest such
 * memory. Undefined when no Fargate size is that large (more than 16 vCPU or 120 GiB).
 */
export function nearestFargateSize(cpu: number, memoryMiB: number): FargateSize | undefined {
  for (const size of FARGATE_SIZES) {
    if (size.cpu < cpu) continue;
    const memory = size.memoryMiB.find((m) => m >= memoryMiB);
    if (memory !== undefined) return { cpu: size.cpu, memoryMiB: memory };
  }
  return undefined;
}

/**
 * The Fargate size for an App Runner instance size (vCPU and GB, 1 GB = 1024 MiB as App Runner
 * counts: "2 GB" is 2048).
 */
export function fargateSizeForInstance(vcpu: number, gigabytes: number): FargateSize | undefined {
  return nearestFargateSize(Math.ceil(vcpu * 1024), Math.ceil(gigabytes * 1024));
}
