/**
 * The twin's size: the nearest valid Fargate size that is not smaller than the App Runner
 * instance size, a pure function tested on every App Runner size the library allows and on
 * both sides of each Fargate limit.
 */
import { FARGATE_SIZES, fargateSizeForInstance, nearestFargateSize } from '../../src/private/fargate-size';

describe('every App Runner size the library allows is a Fargate size of its own', () => {
  test.each([
    [0.25, 0.5, 256, 512],
    [0.25, 1, 256, 1024],
    [0.5, 1, 512, 1024],
    [1, 2, 1024, 2048],
    [1, 3, 1024, 3072],
    [1, 4, 1024, 4096],
    [2, 4, 2048, 4096],
    [2, 6, 2048, 6144],
    [4, 8, 4096, 8192],
    [4, 10, 4096, 10240],
    [4, 12, 4096, 12288],
  ])('%s vCPU / %s GB → cpu %s, memory %s', (vcpu, gb, cpu, memoryMiB) => {
    expect(fargateSizeForInstance(vcpu, gb)).toEqual({ cpu, memoryMiB });
  });
});

describe('the Fargate table', () => {
  test('every valid size maps to itself', () => {
    let count = 0;
    for (const size of FARGATE_SIZES) {
      for (const memoryMiB of size.memoryMiB) {
        expect(nearestFargateSize(size.cpu, memoryMiB)).toEqual({ cpu: size.cpu, memoryMiB });
        count++;
      }
    }
    // 3 + 4 + 7 + 13 + 23 + 12 + 12 sizes
    expect(count).toBe(74);
  });

  test.each([
    // [cpu, memory asked] → [cpu, memory given]: the largest memory of a CPU size, and one MiB more
    [256, 2048, 256, 2048],
    [256, 2049, 512, 3072],
    [512, 4096, 512, 4096],
    [512, 4097, 1024, 5120],
    [1024, 8192, 1024, 8192],
    [1024, 8193, 2048, 9216],
    [2048, 16384, 2048, 16384],
    [2048, 16385, 4096, 17408],
    [4096, 30720, 4096, 30720],
    [4096, 30721, 8192, 32768],
    [8192, 61440, 8192, 61440],
    [8192, 61441, 16384, 65536],
    [16384, 122880, 16384, 122880],
  ])('both sides of the memory limit of each CPU size: %s / %s MiB → %s / %s', (cpu, memory, toCpu, toMemory) => {
    expect(nearestFargateSize(cpu, memory)).toEqual({ cpu: toCpu, memoryMiB: toMemory });
  });

  test.each([
    // the smallest memory of a CPU size, and one MiB less (the CPU size's minimum applies)
    [256, 512, 256, 512],
    [256, 511, 256, 512],
    [1024, 2048, 1024, 2048],
    [1024, 2047, 1024, 2048],
    [8192, 16384, 8192, 16384],
    [8192, 16383, 8192, 16384],
    [0, 0, 256, 512],
  ])('the smallest memory of a CPU size: %s / %s MiB → %s / %s', (cpu, memory, toCpu, toMemory) => {
    expect(nearestFargateSize(cpu, memory)).toEqual({ cpu: toCpu, memoryMiB: toMemory });
  });

  test.each([
    // CPU between two sizes, memory between two steps: rounded up, never down
    [257, 512, 512, 1024],
    [1025, 2048, 2048, 4096],
    [4097, 8192, 8192, 16384],
    [8192, 16385, 8192, 20480],
    [16384, 32769, 16384, 40960],
    [1024, 2500, 1024, 3072],
  ])('between sizes: %s / %s MiB → %s / %s', (cpu, memory, toCpu, toMemory) => {
    expect(nearestFargateSize(cpu, memory)).toEqual({ cpu: toCpu, memoryMiB: toMemory });
  });

  test.each([
    [16384, 122881],
    [16385, 32768],
    [32768, 65536],
  ])('nothing is larger than 16 vCPU / 120 GiB: %s / %s MiB → undefined', (cpu, memory) => {
    expect(nearestFargateSize(cpu, memory)).toBeUndefined();
  });

  test('App Runner units: 1 GB is 1024 MiB, fractions round up', () => {
    expect(fargateSizeForInstance(16, 120)).toEqual({ cpu: 16384, memoryMiB: 122880 });
    expect(fargateSizeForInstance(16, 121)).toBeUndefined();
    expect(fargateSizeForInstance(0.3, 0.5)).toEqual({ cpu: 512, memoryMiB: 1024 });
  });
});
