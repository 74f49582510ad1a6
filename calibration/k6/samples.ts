import type { Ms } from '../../sim/units.js';

/** k6 metric types (`metrics.MetricType`). */
export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';
/** What a metric's values are: plain numbers, milliseconds or bytes. */
export type MetricContains = 'default' | 'time' | 'data';

export const METRIC_TYPES: readonly MetricType[] = ['counter', 'gauge', 'rate', 'trend'];
export const METRIC_CONTAINS: readonly MetricContains[] = ['default', 'time', 'data'];

/** A tag-string map as k6 writes it (`{}` when empty). */
export type Tags = Readonly<Record<string, string>>;

/** A tag-filtered sub-metric such as `http_req_duration{expected_response:true}`. */
export interface SubmetricDecl {
  readonly name: string;
  readonly suffix: string;
  readonly tags: Tags;
}

/** A `Metric` declaration line of `--out json` (or a built-in default for CSV input). */
export interface MetricDecl {
  readonly name: string;
  readonly type: MetricType;
  readonly contains: MetricContains;
  /** Threshold expressions configured on this metric, e.g. `p(95)<500`. */
  readonly thresholds: readonly string[];
  readonly submetrics: readonly SubmetricDecl[];
}

/** One sample (`Point` line or CSV row). */
export interface K6Point {
  readonly metric: string;
  /** End time of the sample, epoch ms with sub-ms fraction. */
  readonly timeMs: Ms;
  readonly value: number;
  readonly tags: Tags;
  /** High-cardinality values (`vu`, `iter`, custom like `rid`), absent when empty. */
  readonly metadata: Tags | undefined;
  /** 1-based line in the source file, for messages. */
  readonly line: number;
}

/** Consumer of a reader's output; readers call it in file order. */
export interface SampleHandler {
  metric(decl: MetricDecl): void;
  point(p: K6Point): void;
}

/** Counts a reader reports after a whole file. */
export interface ReadCounts {
  readonly lines: number;
  readonly points: number;
  readonly declarations: number;
  /** Lines skipped, by reason (e.g. `unknown line type "Foo"`). */
  readonly skipped: Readonly<Record<string, number>>;
  /** True when the file was cut off (see lines.ts). */
  readonly truncated: boolean;
}

/** Feed every handler in turn. */
export function fanOut(...handlers: SampleHandler[]): SampleHandler {
  return {
    metric: (d) => handlers.forEach((h) => h.metric(d)),
    point: (p) => handlers.forEach((h) => h.point(p)),
  };
}
