import type { Millicores, Ms } from '../units.js';

/**
 * How the kubelet turns a pod's CPU request and limit into the kernel's CFS controls, and how the
 * container runtime writes them for cgroup v2. Ported from Kubernetes
 * `pkg/kubelet/cm/helpers_linux.go` (MilliCPUToShares, MilliCPUToQuota) and opencontainers/cgroups
 * `ConvertCPUSharesToCgroupV2Value` (the linear formula runc used before 1.3, and the current
 * quadratic one, kubernetes/kubernetes#131216). Integer arithmetic as upstream (Go int64 division
 * truncates, as Math.floor does for the non-negative values here).
 */

/** Kernel bounds of cpu.shares (kernel/sched/sched.h MIN_SHARES / MAX_SHARES). */
export const MIN_SHARES = 2;
export const MAX_SHARES = 262_144;
const SHARES_PER_CPU = 1024;
const MILLI_CPU_TO_CPU = 1000;
/** The kubelet's CFS period (`--cpu-cfs-quota-period`, default 100 ms) in µs, and the smallest quota it writes. */
export const QUOTA_PERIOD_US = 100_000;
export const MIN_QUOTA_PERIOD_US = 1000;

/** How the pod's cgroup weight is derived from its cpu.shares. */
export type CgroupCpu = 'v1' | 'v2' | 'v2-linear';

/** Kubernetes' milli-CPU as a Quantity reports it (`MilliValue` rounds up). */
function milli(m: Millicores): number {
  return Math.ceil(m - 1e-9);
}

/**
 * cpu.shares for a CPU request: 1024 per core, at least 2 (a pod without a request gets the
 * minimum, not the kernel's default of 1024), at most 262144.
 * @example milliCpuToShares(500) // 512
 */
export function milliCpuToShares(requestMillicores: Millicores): number {
  const m = milli(requestMillicores);
  if (m <= 0) return MIN_SHARES;
  const shares = Math.floor((m * SHARES_PER_CPU) / MILLI_CPU_TO_CPU);
  return Math.min(MAX_SHARES, Math.max(MIN_SHARES, shares));
}

/**
 * CFS quota (µs per period) for a CPU limit; 0 means no limit (cpu.max "max"). At least 1 ms.
 * @example milliCpuToQuota(500, 100_000) // 50_000
 */
export function milliCpuToQuota(limitMillicores: Millicores, periodUs: number = QUOTA_PERIOD_US): number {
  const m = milli(limitMillicores);
  if (m <= 0) return 0;
  const quota = Math.floor((m * periodUs) / MILLI_CPU_TO_CPU);
  return quota < MIN_QUOTA_PERIOD_US ? MIN_QUOTA_PERIOD_US : quota;
}

/** cgroup v2 cpu.weight from shares, the formula runc used before 1.3: linear from [2, 262144] to [1, 10000]. */
export function sharesToWeightLinear(shares: number): number {
  if (shares === 0) return 0;
  return 1 + Math.floor(((shares - 2) * 9999) / 262_142);
}

/**
 * cgroup v2 cpu.weight from shares, the current formula (opencontainers/cgroups): a quadratic in
 * log2(shares) through the minimum (2 -> 1), the default (1024 -> 100) and the maximum (262144 -> 10000).
 */
export function sharesToWeight(shares: number): number {
  if (shares === 0) return 0;
  if (shares <= 2) return 1;
  if (shares >= MAX_SHARES) return 10_000;
  const l = Math.log2(shares);
  const exponent = (l * l + 125 * l) / 612.0 - 7.0 / 34.0;
  return Math.ceil(Math.pow(10, exponent));
}

/** The weight CFS gives the pod's cgroup against its siblings on the node. */
export function cpuWeight(requestMillicores: Millicores, cgroup: CgroupCpu): number {
  const shares = milliCpuToShares(requestMillicores);
  switch (cgroup) {
    case 'v1':
      return shares;
    case 'v2':
      return sharesToWeight(shares);
    case 'v2-linear':
      return sharesToWeightLinear(shares);
  }
}

/** The pod's CPU time per CFS period under its limit (ms), or Infinity without a limit. */
export function quotaMs(limitMillicores: Millicores, periodMs: Ms): number {
  if (!Number.isFinite(limitMillicores)) return Infinity;
  const q = milliCpuToQuota(limitMillicores, Math.round(periodMs * 1000));
  return q === 0 ? Infinity : q / 1000;
}
