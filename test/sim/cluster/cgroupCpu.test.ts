import { describe, expect, it } from 'vitest';
import { cpuWeight, milliCpuToQuota, milliCpuToShares, quotaMs, sharesToWeight, sharesToWeightLinear } from '../../../sim/cluster/cgroupCpu.js';

/**
 * The kubelet's conversions, case by case from upstream's own tests:
 * kubernetes/kubernetes pkg/kubelet/cm/helpers_linux_test.go (TestMilliCPUToShares,
 * TestMilliCPUToQuota) and opencontainers/cgroups utils_test.go (TestConvertCPUSharesToCgroupV2Value,
 * as vendored in Kubernetes' e2e helpers); the linear formula's cases from runc's older
 * libcontainer/cgroups tests.
 */
describe('MilliCPUToShares (cpu.shares from a CPU request)', () => {
  it.each([
    ['zero milliCPU returns MinShares', 0, 2],
    ['1 milliCPU rounds down to MinShares', 1, 2],
    ['2 milliCPU computes to exactly MinShares (2*1024/1000=2)', 2, 2],
    ['3 milliCPU computes to 3 shares (3*1024/1000=3)', 3, 3],
    ['5 milliCPU', 5, 5],
    ['10 milliCPU', 10, 10],
    ['100 milliCPU maps to 102 shares', 100, 102],
    ['200 milliCPU', 200, 204],
    ['500 milliCPU maps to 512 shares', 500, 512],
    ['1000 milliCPU (1 CPU) maps to 1024 shares', 1000, 1024],
    ['2000m (2 CPUs) returns 2048 shares', 2000, 2048],
    ['255999 milliCPU just below MaxShares', 255_999, Math.floor((255_999 * 1024) / 1000)],
    ['256000 milliCPU hits exactly MaxShares', 256_000, 262_144],
    ['256001 milliCPU clamped to MaxShares', 256_001, 262_144],
    ['very large milliCPU is capped at MaxShares', 1_000_000, 262_144],
  ])('%s', (_name, milli, shares) => {
    expect(milliCpuToShares(milli)).toBe(shares);
  });
  it('a fractional request counts as the next whole millicore (Quantity.MilliValue rounds up)', () => {
    expect(milliCpuToShares(499.2)).toBe(milliCpuToShares(500));
  });
});

describe('MilliCPUToQuota (CFS quota per 100 ms period from a CPU limit)', () => {
  it.each([
    [0, 0],
    [5, 1000],
    [9, 1000],
    [10, 1000],
    [200, 20_000],
    [500, 50_000],
    [1000, 100_000],
    [1500, 150_000],
  ])('%i milliCPU -> quota %i µs', (milli, quota) => {
    expect(milliCpuToQuota(milli, 100_000)).toBe(quota);
  });
  it('in ms per period; no limit is no quota', () => {
    expect(quotaMs(500, 100)).toBe(50);
    expect(quotaMs(250, 50)).toBe(12.5);
    expect(quotaMs(Infinity, 100)).toBe(Infinity);
  });
});

describe('cgroup v2 cpu.weight from shares', () => {
  it.each([
    ['unset', 0, 0],
    ['below the minimum (out of range)', 1, 1],
    ['minimum', 2, 1],
    ['just above the minimum', 3, 2],
    ['default', 1024, 100],
    ['just below the maximum', 262_143, 10_000],
    ['maximum', 262_144, 10_000],
    ['above the maximum (out of range)', 262_145, 10_000],
  ])('current formula (quadratic in log2 shares): %s', (_name, shares, weight) => {
    expect(sharesToWeight(shares)).toBe(weight);
  });
  it.each([
    [0, 0],
    [2, 1],
    [262_144, 10_000],
  ])('older runc (linear): %i shares -> weight %i', (shares, weight) => {
    expect(sharesToWeightLinear(shares)).toBe(weight);
  });
  it('so a 500m and a 1000m pod weigh 512:1024 under v1, 59:100 under v2 and 20:39 under older runc', () => {
    expect([cpuWeight(500, 'v1'), cpuWeight(1000, 'v1')]).toEqual([512, 1024]);
    expect([cpuWeight(500, 'v2'), cpuWeight(1000, 'v2')]).toEqual([59, 100]);
    expect([cpuWeight(500, 'v2-linear'), cpuWeight(1000, 'v2-linear')]).toEqual([20, 39]);
  });
});
