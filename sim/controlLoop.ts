import type { Ms } from './units.js';
import type { Simulation } from './simulation.js';

/** What a control loop sees when it ticks. */
export interface LoopContext {
  sim: Simulation;
  now: Ms;
}

/**
 * A periodic controller on the simulation clock: the HPA's sync loop, the metrics-server scrape,
 * the VPA recommender and updater, the node autoscaler. The kernel calls `tick` at
 * `firstTickMs`, then every `periodMs`.
 */
export interface ControlLoop {
  readonly name: string;
  readonly periodMs: Ms;
  readonly firstTickMs: Ms;
  start?(ctx: LoopContext): void;
  tick(ctx: LoopContext): void;
  finish?(ctx: LoopContext): void;
}
