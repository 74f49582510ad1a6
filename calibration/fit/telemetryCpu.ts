import { round4, type Estimate } from './bootstrap.js';
import type { CpuSearchResult } from './cpuSearch.js';
import type { CpuTelemetry } from './loadTelemetry.js';
import { WINDOW_S } from './loadTelemetry.js';
import type { Interval, UtilizationFit } from './utilizationLaw.js';

/**
 * The CPU block of the model from the utilization law: per operation when the mix varied enough
 * to separate them, else the measured mix-weighted mean split between operations in the
 * proportions the latency search found (which k6 identifies: who delays whom); the wake-up cost
 * and the CPU per 503 and idle CPU as measured. Every value says where it came from.
 */
export function telemetryCpu(fit: UtilizationFit, search: CpuSearchResult, names: readonly string[], tel: CpuTelemetry): { cpuMs: number[]; idleMillicores: number; uncertainty: Record<string, Estimate>; notes: string[] } {
  const by = `${tel.kind} (${tel.metrics.join(', ')})`;
  const law = 'utilization law (see notes)';
  const est = (i: Interval, method: string, identifiedBy = by): Estimate => ({ estimate: round4(i.estimate), interval: [round4(i.interval[0]), round4(i.interval[1])], method, identifiedBy });
  const uncertainty: Record<string, Estimate> = {};
  const notes = [
    `Utilization law: NNLS of CPU seconds on completions per ${WINDOW_S} s window (${fit.windows} windows of ${fit.runs} run(s) from ${tel.sources.join(', ')}), CPU = Σ 2xx_op × D_op + others × D_other + completions × (1 − utilisation) × wake-up + seconds × idle; 95 % intervals from 200 bootstrap resamples of the windows within each run.`,
    ...fit.notes,
  ];
  let cpuMs: number[];
  if (fit.demandMs !== null) {
    cpuMs = fit.demandMs.map((d) => d.estimate);
    names.forEach((name, k) => (uncertainty[`operations.${name}.cpu.valueMs`] = est(fit.demandMs![k] as Interval, `${law}; CPU ms per 2xx ${name}`)));
  } else {
    const searchMean = search.cpuMs.reduce((a, c, k) => a + c * (fit.mixWeights[k] as number), 0);
    const k = searchMean > 0 ? fit.meanDemandMs.estimate / searchMean : 0;
    cpuMs = search.cpuMs.map((c) => c * k);
    names.forEach((name, j) => {
      const w = fit.mixWeights[j] as number;
      uncertainty[`operations.${name}.cpu.valueMs`] = {
        estimate: round4(cpuMs[j] as number),
        interval: [0, w > 0 ? round4(fit.meanDemandMs.interval[1] / w) : null],
        method: `the measured mix-weighted mean (${round4(fit.meanDemandMs.estimate)} ms, ${law}) split between operations in the proportions of the simulation search on k6 latencies (×${round4(k)}); interval = every value the measured mean allows (0 to its upper end / this operation's share ${round4(w)}): the split is not measured`,
        identifiedBy: `${by} (mean), k6 (split)`,
      };
    });
    notes.push(`CPU per operation: the mean is measured (${by}); the split between operations comes from k6 latencies (simulation search), rescaled by ${round4(k)} to the measured mean.`);
  }
  uncertainty.meanCpuMsPerRequest = est(fit.meanDemandMs, `${law}; mix-weighted CPU ms per 2xx completion, wake-up excluded; at saturation (no request finds the CPU idle) this sets the CPU-bound capacity (1000 / it, requests/s per core)`);
  uncertainty['pod.cpu.wakeupMs'] = fit.wakeupMs
    ? est(fit.wakeupMs, `${law}; extra CPU ms of a request that finds the pod's CPU idle: the column completions × (1 − utilisation), identified by runs at several loads`)
    : { estimate: 0, method: `not identified (${law}): the utilisation did not vary enough; taken as 0`, identifiedBy: by };
  if (fit.otherMs) uncertainty.cpuMsPerRejectedRequest = est(fit.otherMs, `${law}; CPU ms per non-2xx completion (a 503 refused at once)`);
  if (fit.idleCores) uncertainty.idleCpuCores = est(fit.idleCores, `${law}; CPU the pod uses besides its requests' (cores: the process's own timers, GC, serving /metrics); simulated as workload.pod.idleCpu (in millicores), which metrics-server, the HPA and the CPU series count and which takes no CPU from requests`);
  for (const p of fit.perPod)
    uncertainty[`cpuMsPerRequest.run${p.run + 1}.${p.pod}`] = est(p.fitted, `fitted CPU ms per completion of pod ${p.pod} during the load of ${tel.runFiles[p.run]} (demand + wake-up at its utilisation + idle); measured ${round4(p.measured)}`);
  return { cpuMs, idleMillicores: fit.idleCores ? Math.round(fit.idleCores.estimate * 1000) : 0, uncertainty, notes };
}
