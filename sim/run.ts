import { HpaLoop } from './autoscaling/hpaLoop.js';
import { VpaRecommenderLoop, VpaUpdaterLoop } from './autoscaling/vpaLoop.js';
import { ClusterAutoscaler } from './cluster/clusterAutoscaler.js';
import { DeploymentController } from './cluster/deployment.js';
import type { ControlLoop } from './controlLoop.js';
import { RngStreams } from './engine/rng.js';
import { MetricsServer } from './metrics/metricsServer.js';
import type { SimConfig } from './model.js';
import { summarize, type SimResult } from './results.js';
import { Simulation } from './simulation.js';
import { TraceSink, type TraceRecord } from './trace.js';

/** Observers of a run that change nothing in it. */
export interface SimHooks {
  /** Called with the simulated time (ms) at the end of every time-series interval, for progress. */
  onProgress?: (nowMs: number) => void;
  /** Receives each trace record as it happens, none kept in the result (a long trace streams to a file). */
  onTrace?: (record: TraceRecord) => void;
}

/**
 * Run one simulation: `simulate(config)` gives the summary, the time series, the control loops'
 * events and, when `config.output.trace` is set, one record per request attempt. Deterministic
 * in `config.seed`.
 *
 * The deployment starts with `lifecycle.initialReady` Ready pods. With an HPA in the config, the
 * metrics-server and the HPA sync loop run on the same clock and scale it; without one the
 * replica count stays fixed.
 */
export function simulate(cfg: SimConfig, extraLoops: ControlLoop[] = [], hooks: SimHooks = {}): SimResult {
  const streams = new RngStreams(cfg.seed);
  const phases = streams.get('control-phases');
  const loops: ControlLoop[] = [];
  let hpaLoop: HpaLoop | null = null;
  const sim = new Simulation(cfg, loops);
  const deployment = new DeploymentController(sim, streams.get('pod-startup'));
  const metricsPhase = phases.next() * cfg.metricsServer.resolutionMs;
  const metrics = new MetricsServer(sim, cfg.metricsServer.phaseMs ?? metricsPhase);
  if (cfg.hpa !== null || cfg.vpa !== null) loops.push(metrics);
  if (cfg.hpa !== null) {
    const sync = cfg.hpa.controller.syncPeriodMs;
    let hpaPhase = cfg.hpa.phaseMs ?? phases.next() * sync;
    // The cluster ran before the scenario: the metrics API already had samples when the HPA first
    // syncs. Without this, a sync before the first simulated scrape would see no metrics at all.
    while (hpaPhase <= metrics.firstTickMs) hpaPhase += sync;
    hpaLoop = new HpaLoop(cfg.hpa, deployment, metrics, hpaPhase);
    loops.push(hpaLoop);
  }
  if (cfg.vpa !== null) {
    const recommender = new VpaRecommenderLoop(cfg.vpa, sim, deployment, metrics, phases.next() * cfg.vpa.recommender.recommenderIntervalMs);
    loops.push(recommender, new VpaUpdaterLoop(cfg.vpa, recommender, deployment, phases.next() * cfg.vpa.updaterIntervalMs));
  }
  if (deployment.nodes !== null) loops.push(new ClusterAutoscaler(sim, deployment, deployment.nodes, streams.get('node-provisioning'), phases.next() * 10_000));
  for (const l of extraLoops) loops.push(l);
  sim.sampleHook = () => {
    sim.gauges.nodes = deployment.nodeCount();
  };
  deployment.onOomKilledCount = () => void sim.gauges.oomKills++;
  if (cfg.output.trace || hooks.onTrace) sim.trace = new TraceSink(cfg.operations.map((o) => o.name), hooks.onTrace);
  deployment.start(cfg.lifecycle.initialReady);
  sim.progress = hooks.onProgress ?? null;
  sim.run();
  return {
    summary: summarize(sim, deployment),
    series: sim.series,
    operationSeries: sim.operationSeries,
    trace: hooks.onTrace ? null : (sim.trace?.records ?? null),
    events: sim.events,
    hpaDecisions: hpaLoop?.decisions ?? [],
  };
}
