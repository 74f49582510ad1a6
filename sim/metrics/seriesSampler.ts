import type { Simulation } from '../simulation.js';
import type { Ms } from '../units.js';
import { PodState } from '../workload/podTable.js';
import { LatencyStats } from './latencyStats.js';
import type { OperationSeries } from './operationSeries.js';
import { Count } from './outcomeCounters.js';
import type { RowSink } from '../workload/lindleyPods.js';

/**
 * Fills the time series: the kernel reports each service start (its queue wait) and each 2xx
 * answer (its latency) as they happen, and at the end of every interval `close` turns the pods'
 * exact integrals (CPU used, busy workers, queue length) and the counters into one row.
 */
export class SeriesSampler implements RowSink {
  private lastCpu = 0;
  private lastBusy = 0;
  private lastQueue = 0;
  /** The first row not closed yet. */
  nextRow = 0;
  private waitSum = 0;
  private started = 0;
  private readonly interval: LatencyStats;
  /**
   * The interval's 2xx latencies per operation: the one histogram a completion's bucket is
   * computed for. The interval's overall statistics and the run's per-operation totals note the
   * value (count, sum, min, max) and take these buckets when the row closes (LatencyStats.note).
   */
  private readonly opInterval: LatencyStats[];

  constructor(
    accuracy: number,
    /** The run's 2xx latency per operation (Simulation.perOp), which completions only `note`. */
    private readonly perOp: readonly LatencyStats[],
    private readonly operations: OperationSeries | null = null,
  ) {
    this.interval = new LatencyStats(accuracy);
    this.opInterval = perOp.map(() => new LatencyStats(accuracy));
  }

  noteStart(waitMs: Ms): void {
    this.waitSum += waitMs;
    this.started++;
  }

  /** The latency (ms) of the 2xx answer `noteCompleted` records next. */
  readonly latency = new Float64Array(1);

  /** A 2xx answer of operation `op` (its latency in `latency`): for the interval, the operation's series and the run's totals. */
  noteCompleted(op: number): void {
    const latencyMs = this.latency[0] as number;
    (this.opInterval[op] as LatencyStats).add(latencyMs);
    this.interval.note(latencyMs);
    (this.perOp[op] as LatencyStats).note(latencyMs);
  }

  /** Hand the open interval's per-operation buckets to the run's totals (and the interval's), then start afresh. */
  private takeBuckets(row: number): void {
    for (let op = 0; op < this.opInterval.length; op++) {
      const il = this.opInterval[op] as LatencyStats;
      this.operations?.record(op, row, il);
      if (il.count === 0) continue;
      (this.perOp[op] as LatencyStats).mergeBuckets(il);
      this.interval.mergeBuckets(il);
      il.reset();
    }
  }

  /** At the end of the run: the buckets of answers after the last row closed go to the run's totals. */
  settle(): void {
    this.takeBuckets(-1);
  }

  // Integrals kept outside the pod table (the Lindley kernel's), cumulative like the pods'.
  private extraCpu = 0;
  private extraBusy = 0;
  private extraQueue = 0;

  /** A row's worth of starts, 2xx latencies and integrals from the Lindley kernel. */
  addRow(started: number, waitSumMs: Ms, latency: LatencyStats, cpuMs: number, busyMs: number, queueMs: number): void {
    this.started += started;
    this.waitSum += waitSumMs;
    if (latency.count > 0) this.interval.mergeNotes(latency);
    this.extraCpu += cpuMs;
    this.extraBusy += busyMs;
    this.extraQueue += queueMs;
  }

  addOperationRow(op: number, latency: LatencyStats): void {
    if (latency.count === 0) return;
    const il = this.opInterval[op] as LatencyStats;
    // Taken whole when the interval has nothing of its own (always, on the Lindley kernel): no copy of the buckets.
    if (il.count === 0) il.swap(latency);
    else il.merge(latency);
  }

  /** Close row `row`, which ends at `now`. */
  close(sim: Simulation, row: number, now: Ms): void {
    const s = sim.series;
    if (row < 0 || row >= s.rows) return;
    sim.sampleHook?.();
    const pods = sim.pods;
    const lenMs = now - this.nextRow * s.intervalMs;
    let cpu = this.extraCpu;
    let busy = this.extraBusy;
    let queue = this.extraQueue;
    let requested = 0;
    let running = 0;
    let mem = 0;
    const byState = [0, 0, 0, 0, 0];
    for (let p = 0; p < pods.n; p++) {
      const st = pods.state[p] as number;
      byState[st] = (byState[st] as number) + 1;
      pods.integrate(p, now);
      cpu += pods.cpuCum[p] as number;
      busy += pods.busyCum[p] as number;
      queue += pods.queueCum[p] as number;
      if (st === PodState.Starting || st === PodState.Ready || st === PodState.Terminating) {
        requested += pods.cpuRequest[p] as number;
        running++;
        mem += sim.workingSetBytes(p);
      }
    }
    const cpuMillicores = ((cpu - this.lastCpu) / lenMs) * 1000 + sim.cfg.pod.idleCpu * running;
    s.set('cpuMillicores', row, cpuMillicores);
    s.set('cpuUtilization', row, requested > 0 ? cpuMillicores / requested : NaN);
    s.set('busyWorkers', row, (busy - this.lastBusy) / lenMs);
    s.set('queueLength', row, (queue - this.lastQueue) / lenMs);
    s.set('memoryBytes', row, running > 0 ? mem / running : NaN);
    s.set('cpuRequestMillicores', row, running > 0 ? requested / running : NaN);
    this.lastCpu = cpu;
    this.lastBusy = busy;
    this.lastQueue = queue;
    this.nextRow = row + 1;
    s.set('queueWaitMeanMs', row, this.started > 0 ? this.waitSum / this.started : NaN);
    this.started = 0;
    this.waitSum = 0;
    this.takeBuckets(row);
    // No 2xx answer in the interval: no latency to report (an empty cell, not 0 ms).
    const il = this.interval;
    const none = il.count === 0;
    s.set('latencyP50Ms', row, none ? NaN : il.quantile(0.5));
    s.set('latencyP95Ms', row, none ? NaN : il.quantile(0.95));
    s.set('latencyP99Ms', row, none ? NaN : il.quantile(0.99));
    s.set('latencyMeanMs', row, none ? NaN : il.mean);
    il.reset();
    const o = sim.outcomes;
    s.set('arrivals', row, o.takeRow(Count.Arrived));
    s.set('completed', row, o.takeRow(Count.Completed));
    s.set('rejected', row, o.takeRow(Count.Rejected));
    s.set('errors', row, o.takeRow(Count.Errors));
    s.set('timedOut', row, o.takeRow(Count.TimedOut));
    s.set('readyReplicas', row, sim.nReady);
    s.set('startingReplicas', row, byState[PodState.Starting] as number);
    s.set('pendingReplicas', row, byState[PodState.Pending] as number);
    s.set('terminatingReplicas', row, byState[PodState.Terminating] as number);
    s.set('capacityRps', row, sim.nReady * sim.capacityPerPodRps);
    const g = sim.gauges;
    s.set('desiredReplicas', row, g.desiredReplicas);
    s.set('nodes', row, g.nodes);
    s.set('hpaUtilization', row, g.hpaUtilization);
    s.set('vpaTargetCpuMillicores', row, g.vpaTargetCpuMillicores);
    s.set('vpaTargetMemoryBytes', row, g.vpaTargetMemoryBytes);
    s.set('oomKills', row, g.oomKills);
    s.set('evictions', row, g.evictions);
    g.oomKills = 0;
    g.evictions = 0;
  }
}
