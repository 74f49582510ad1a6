/**
 * Usage ratios (pkg/controller/podautoscaler/metrics/utilization.go). Integer arithmetic on milli-units;
 * the utilisation percentage is truncated BEFORE it is divided by the target.
 */

export interface ResourceUtilization {
  /** `utilization / target` where utilization is already an integer percent. */
  readonly usageRatio: number;
  /** Integer percent of request: `floor(Σusage × 100 / Σrequest)`. */
  readonly utilization: number;
  /** Integer mean usage per counted pod, milli-units. */
  readonly rawAverage: number;
}

/**
 * Only samples whose pod has a request count (extraneous samples are silently dropped).
 * @returns the ratio, or the upstream error text when no sample matched a known pod.
 * @example resourceUtilizationRatio(new Map([['a', 1000]]), new Map([['a', 3000]]), 100).utilization // 33
 */
export function resourceUtilizationRatio(
  samples: ReadonlyMap<string, number>,
  requests: ReadonlyMap<string, number>,
  targetUtilization: number,
): ResourceUtilization | { readonly error: string } {
  let usageTotal = 0;
  let requestTotal = 0;
  let n = 0;
  for (const [pod, value] of samples) {
    const request = requests.get(pod);
    if (request === undefined) continue;
    usageTotal += value;
    requestTotal += request;
    n++;
  }
  if (requestTotal === 0) return { error: 'no metrics returned matched known pods' };
  const utilization = Math.trunc((usageTotal * 100) / requestTotal);
  return { usageRatio: utilization / targetUtilization, utilization, rawAverage: Math.trunc(usageTotal / n) };
}

/**
 * Plain (non-utilisation) metrics: integer mean over ALL samples, divided by the target.
 * @example metricUsageRatio(new Map([['a', 20000], ['b', 10000], ['c', 30000]]), 15000) // { usageRatio: 1.333…, usage: 20000 }
 */
export function metricUsageRatio(samples: ReadonlyMap<string, number>, targetUsage: number): { readonly usageRatio: number; readonly usage: number } {
  let total = 0;
  for (const v of samples.values()) total += v;
  const usage = Math.trunc(total / samples.size);
  return { usageRatio: usage / targetUsage, usage };
}
