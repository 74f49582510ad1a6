import { median, quantile } from 'simple-statistics';
import type { Timeline } from '../recorder/readTimeline.js';
import type { DistributionInput } from '../../scenarios/schema.js';
import { bootstrap, round4, type Estimate } from './bootstrap.js';
import { fitLognormal } from './serviceTime.js';

/**
 * Pod start-up (creation -> Ready, ms) from a recorded timeline: a lognormal over the pods'
 * delays when there are at least 3, else the constant of their mean; null without any.
 * The API's timestamps have one-second resolution, so a delay carries ±1 s.
 */
export function fitStartup(tl: Timeline, seed: number): { distribution: DistributionInput; estimates: Record<string, Estimate> } | null {
  const delays = tl.podStartups.map((p) => p.delayMs).filter((d) => d > 0);
  if (delays.length === 0) return null;
  if (delays.length < 3) {
    const m = delays.reduce((a, b) => a + b, 0) / delays.length;
    return {
      distribution: { distribution: 'constant', valueMs: round4(m) },
      estimates: { valueMs: { estimate: round4(m), interval: [delays.reduce((a, b) => Math.min(a, b), Infinity) - 1000, delays.reduce((a, b) => Math.max(a, b), -Infinity) + 1000], method: `mean of ${delays.length} pod start-up(s) (creation -> Ready, 1 s timestamp resolution); too few for a distribution` } },
    };
  }
  const fit = fitLognormal(delays);
  const method = `lognormal MLE of ${delays.length} pod start-ups (creation -> Ready); bootstrap over pods, 200 resamples`;
  const med = bootstrap(delays, (x) => fitLognormal(x).medianMs, 200, seed);
  const sig = bootstrap(delays, (x) => fitLognormal(x).sigma, 200, seed + 1);
  return {
    distribution: { distribution: 'lognormal', medianMs: round4(fit.medianMs), sigma: round4(fit.sigma) },
    estimates: {
      medianMs: { estimate: round4(fit.medianMs), standardError: round4(med.standardError), interval: [round4(med.interval[0]), round4(med.interval[1])], method },
      sigma: { estimate: round4(fit.sigma), standardError: round4(sig.standardError), interval: [round4(sig.interval[0]), round4(sig.interval[1])], method },
    },
  };
}

/**
 * Metrics lag: recorder time of each podMetrics line minus the metrics-server sample timestamp
 * of each pod in it (ms); median with the 5-95 % range. Null without podMetrics timestamps.
 */
export function fitMetricsLag(tl: Timeline): Estimate | null {
  const lags: number[] = [];
  for (const line of tl.lines) {
    if (line.kind !== 'podMetrics') continue;
    for (const p of line.pods) if (p.timestamp !== null) lags.push(Date.parse(line.t) - Date.parse(p.timestamp));
  }
  if (lags.length === 0) return null;
  return {
    estimate: round4(median(lags)),
    interval: [round4(quantile(lags, 0.05)), round4(quantile(lags, 0.95))],
    method: `median over ${lags.length} pod samples of (recorder time − metrics-server timestamp); 5-95 % range`,
  };
}

/**
 * CPU per request (ms of one core) from podMetrics: mean summed pod CPU over the samples whose
 * window lies inside [fromEpochMs, toEpochMs], divided by the request rate. Null when no sample
 * falls inside (a timeline of another time or namespace).
 */
export function cpuPerRequestMs(tl: Timeline, fromEpochMs: number, toEpochMs: number, requestsPerS: number): Estimate | null {
  const totals: number[] = [];
  for (const line of tl.lines) {
    if (line.kind !== 'podMetrics' || line.pods.length === 0) continue;
    const ts = line.pods[0]?.timestamp;
    const at = ts ? Date.parse(ts) : Date.parse(line.t);
    const windowMs = line.pods[0]?.windowMs ?? 0;
    if (at - windowMs < fromEpochMs || at > toEpochMs) continue;
    totals.push(line.pods.reduce((a, p) => a + p.cpuMillicores, 0));
  }
  if (totals.length === 0 || requestsPerS <= 0) return null;
  const perReq = totals.map((mc) => mc / requestsPerS);
  const m = perReq.reduce((a, b) => a + b, 0) / perReq.length;
  return {
    estimate: round4(m),
    interval: [round4(perReq.reduce((a, b) => Math.min(a, b), Infinity)), round4(perReq.reduce((a, b) => Math.max(a, b), -Infinity))],
    method: `podMetrics: mean pod CPU over ${totals.length} sample(s) inside the run / ${round4(requestsPerS)} requests/s; range over samples`,
  };
}
