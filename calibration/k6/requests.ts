import { float64Column, uint16Column, uint32Column, uint8Column, StringTable } from './columns.js';
import type { K6Point, MetricDecl, SampleHandler } from './samples.js';

/** The per-request metrics joined into one record; the bit of each in `seen`. */
const PARTS = ['http_reqs', 'http_req_duration', 'http_req_waiting', 'http_req_sending', 'http_req_receiving', 'http_req_blocked', 'http_req_connecting', 'http_req_failed', 'http_req_tls_handshaking'] as const;
const BIT: Readonly<Record<string, number>> = Object.fromEntries(PARTS.map((p, i) => [p, 1 << i]));
/** Points of one request are written together; older pending joins can be forgotten. */
const MAX_PENDING = 4096;
/** `failed` when the run had no http_req_failed point for the request (k6 < 0.31). */
export const FAILED_UNKNOWN = 255;

/** A (time, value) series such as `vus`. */
export interface Series {
  readonly timeMs: Float64Array;
  readonly value: Float64Array;
}

/**
 * Per-request records, struct-of-arrays (~70 bytes per request), built by joining the
 * `http_req_*` points of each request: they share the end time and the tag set (and
 * `metadata.rid` when the script sets it). Also keeps `dropped_iterations` and
 * `vus`/`vus_max`. Read the columns through `view()` after loading.
 */
export class RequestStore implements SampleHandler {
  /** Operation (`name` tag, else `url`) and scenario names by index. */
  readonly strings = new StringTable();
  private readonly cols = {
    timeMs: float64Column(), op: uint32Column(), status: uint16Column(), failed: uint8Column(), scenario: uint32Column(),
    rid: float64Column(), seen: uint16Column(),
    durationMs: float64Column(), waitingMs: float64Column(), sendingMs: float64Column(), receivingMs: float64Column(),
    blockedMs: float64Column(), connectingMs: float64Column(),
  };
  private readonly pending = new Map<string, number>();
  private readonly dropped = { timeMs: float64Column(), scenario: uint32Column() };
  private readonly gauges = { vus: [float64Column(), float64Column()], vus_max: [float64Column(), float64Column()] } as const;

  get length(): number {
    return this.cols.timeMs.length;
  }

  metric(_decl: MetricDecl): void {}

  point(p: K6Point): void {
    const bit = BIT[p.metric];
    if (bit !== undefined) return this.requestPart(p, bit);
    if (p.metric === 'dropped_iterations') {
      // k6 emits one point of value 1 per dropped arrival.
      this.dropped.timeMs.push(p.timeMs);
      this.dropped.scenario.push(this.strings.intern(p.tags.scenario ?? ''));
    } else if (p.metric === 'vus' || p.metric === 'vus_max') {
      this.gauges[p.metric][0].push(p.timeMs);
      this.gauges[p.metric][1].push(p.value);
    }
  }

  private requestPart(p: K6Point, bit: number): void {
    const key = `${p.timeMs}\u0000${p.metadata?.rid ?? ''}\u0000${JSON.stringify(p.tags)}`;
    let i = this.pending.get(key);
    // The same slot filled twice means a second request with identical time and tags
    // (whole-second CSV timestamps without rid): start a new record.
    if (i === undefined || (this.cols.seen.get(i) & bit) !== 0) i = this.open(p, key);
    const c = this.cols;
    c.seen.set(i, c.seen.get(i) | bit);
    if (p.metric === 'http_req_duration') c.durationMs.set(i, p.value);
    else if (p.metric === 'http_req_waiting') c.waitingMs.set(i, p.value);
    else if (p.metric === 'http_req_sending') c.sendingMs.set(i, p.value);
    else if (p.metric === 'http_req_receiving') c.receivingMs.set(i, p.value);
    else if (p.metric === 'http_req_blocked') c.blockedMs.set(i, p.value);
    else if (p.metric === 'http_req_connecting') c.connectingMs.set(i, p.value);
    else if (p.metric === 'http_req_failed') c.failed.set(i, p.value !== 0 ? 1 : 0);
  }

  private open(p: K6Point, key: string): number {
    const c = this.cols;
    const i = c.timeMs.push(p.timeMs);
    c.op.push(this.strings.intern(p.tags.name ?? p.tags.url ?? ''));
    c.scenario.push(this.strings.intern(p.tags.scenario ?? ''));
    c.status.push(Number(p.tags.status ?? 0) || 0);
    c.failed.push(FAILED_UNKNOWN);
    const rid = p.metadata?.rid;
    c.rid.push(rid !== undefined && rid !== '' ? Number(rid) : Number.NaN);
    c.seen.push(0);
    for (const col of [c.durationMs, c.waitingMs, c.sendingMs, c.receivingMs, c.blockedMs, c.connectingMs]) col.push(Number.NaN);
    this.pending.delete(key);
    this.pending.set(key, i);
    if (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
    return i;
  }

  /** The columns, trimmed to `length` (NaN where a request lacked that point). */
  view(): RequestColumns {
    const c = this.cols;
    const series = (g: readonly [ReturnType<typeof float64Column>, ReturnType<typeof float64Column>]): Series => ({ timeMs: g[0].view(), value: g[1].view() });
    return {
      length: this.length,
      timeMs: c.timeMs.view(), op: c.op.view(), status: c.status.view(), failed: c.failed.view(), scenario: c.scenario.view(), rid: c.rid.view(),
      durationMs: c.durationMs.view(), waitingMs: c.waitingMs.view(), sendingMs: c.sendingMs.view(), receivingMs: c.receivingMs.view(),
      blockedMs: c.blockedMs.view(), connectingMs: c.connectingMs.view(),
      names: this.strings.all(),
      dropped: { timeMs: this.dropped.timeMs.view(), scenario: this.dropped.scenario.view() },
      vus: series(this.gauges.vus), vusMax: series(this.gauges.vus_max),
    };
  }
}

/** Per-request columns (index i = one request), plus drops and VU series. */
export interface RequestColumns {
  readonly length: number;
  /** Request end time, epoch ms. */
  readonly timeMs: Float64Array;
  /** Index into `names`: the `name` tag, else the URL. */
  readonly op: Uint32Array;
  /** HTTP status; 0 for network errors. */
  readonly status: Uint16Array;
  /** 1 failed, 0 ok, FAILED_UNKNOWN when no http_req_failed point. */
  readonly failed: Uint8Array;
  /** Index into `names`. */
  readonly scenario: Uint32Array;
  /** `metadata.rid` as a number, NaN when absent. */
  readonly rid: Float64Array;
  readonly durationMs: Float64Array;
  readonly waitingMs: Float64Array;
  readonly sendingMs: Float64Array;
  readonly receivingMs: Float64Array;
  readonly blockedMs: Float64Array;
  readonly connectingMs: Float64Array;
  readonly names: readonly string[];
  readonly dropped: { readonly timeMs: Float64Array; readonly scenario: Uint32Array };
  readonly vus: Series;
  readonly vusMax: Series;
}
