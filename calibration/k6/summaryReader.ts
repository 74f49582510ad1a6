import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../../input/inputError.js';
import { excerpt } from '../../input/oneLine.js';
import { unreadable } from '../../input/readText.js';
import { METRIC_CONTAINS, METRIC_TYPES, type MetricType } from './samples.js';
import { DEFAULT_TREND_STATS } from './summary.js';
import type { K6Summary, SummaryMetric } from './summaryModel.js';
import type { SummaryCheck, SummaryGroup } from './groups.js';

const EXPECTED = 'expected a k6 summary JSON (--summary-export or handleSummary data) with a "metrics" object';
type Obj = Record<string, unknown>;

/**
 * Read a `--summary-export` (legacy flat) or `handleSummary` (nested, metrics with
 * type/contains/values) JSON file, plain or gzip, into one normalised model: rate metrics
 * keep their share under `rate`, thresholds are crossed-booleans, groups/checks are arrays.
 * @throws InputError naming the file and field when it is not a k6 summary.
 */
export async function readSummaryFile(file: string): Promise<K6Summary> {
  let buf = await readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw new InputError(unreadable(e), file);
  });
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf);
    } catch (e) {
      const why = /unexpected end/i.test((e as Error).message) ? 'the gzip stream is cut off (truncated file)' : `corrupt gzip data (${(e as Error).message})`;
      throw new InputError(`${why}; ${EXPECTED}`, file);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(buf.toString('utf8'));
  } catch (e) {
    throw new InputError(`not valid JSON (${(e as Error).message.split('\n')[0]}); ${EXPECTED}`, file);
  }
  return parseSummary(json, file);
}

/**
 * Normalise an already parsed summary object (see readSummaryFile).
 * @example parseSummary({ metrics: { http_reqs: { count: 3, rate: 1 } } }).metrics.http_reqs.type // 'counter'
 */
export function parseSummary(json: unknown, file?: string): K6Summary {
  if (!isObj(json) || !isObj(json.metrics)) throw new InputError(EXPECTED, file, isObj(json) ? 'metrics' : undefined);
  const nested = isObj(json.state) || isObj(json.options) || Object.values(json.metrics).some((m) => isObj(m) && isObj(m.values));
  const options = isObj(json.options) ? json.options : {};
  const state = isObj(json.state) ? json.state : {};
  const trendStats = Array.isArray(options.summaryTrendStats) ? options.summaryTrendStats.filter((s): s is string => typeof s === 'string') : undefined;
  const metrics: Record<string, SummaryMetric> = {};
  for (const name of Object.keys(json.metrics).sort()) {
    const m = (nested ? nestedMetric : legacyMetric)(json.metrics[name], `metrics.${name}`, file);
    metrics[name] = m.type === 'trend' ? { ...m, values: inK6Order(m.values, trendStats ?? DEFAULT_TREND_STATS) } : m;
  }
  return {
    metrics,
    rootGroup: group(json.root_group, 'root_group', file),
    ...(typeof state.testRunDurationMs === 'number' ? { testRunDurationMs: state.testRunDurationMs } : {}),
    ...(trendStats !== undefined ? { trendStats } : {}),
    ...(json.setup_data !== undefined ? { setupData: json.setup_data } : {}),
  };
}

function nestedMetric(m: unknown, field: string, file?: string): SummaryMetric {
  if (!isObj(m) || !isObj(m.values)) throw new InputError('expected {type, contains, values}', file, field);
  const type = METRIC_TYPES.find((t) => t === m.type);
  if (type === undefined) throw new InputError(`expected type counter, gauge, rate or trend, got ${excerpt(m.type)}`, file, `${field}.type`);
  const contains = METRIC_CONTAINS.find((c) => c === m.contains);
  const thresholds: Record<string, boolean> = {};
  for (const [expr, t] of Object.entries(isObj(m.thresholds) ? m.thresholds : {})) {
    if (!isObj(t) || typeof t.ok !== 'boolean') throw new InputError('expected {ok: boolean}', file, `${field}.thresholds.${expr}`);
    thresholds[expr] = !t.ok;
  }
  return withThresholds({ type, ...(contains !== undefined ? { contains } : {}), values: numbers(m.values, `${field}.values`, file) }, thresholds);
}

function legacyMetric(m: unknown, field: string, file?: string): SummaryMetric {
  if (!isObj(m)) throw new InputError('expected an object of statistics', file, field);
  const { thresholds: raw, ...rest } = m;
  const values = numbers(rest, field, file);
  const type = inferType(values);
  if (type === 'rate') {
    values.rate = values.value ?? 0;
    delete values.value;
  }
  const thresholds: Record<string, boolean> = {};
  for (const [expr, t] of Object.entries(isObj(raw) ? raw : {})) {
    if (typeof t !== 'boolean') throw new InputError('expected true (crossed) or false', file, `${field}.thresholds.${expr}`);
    thresholds[expr] = t;
  }
  return withThresholds({ type, values }, thresholds);
}

/** The legacy export drops `type`; the set of keys still tells it. */
function inferType(values: Record<string, number>): MetricType {
  const keys = Object.keys(values).sort().join(',');
  if ('passes' in values && 'fails' in values) return 'rate';
  if (keys === 'count,rate') return 'counter';
  if (keys === 'max,min,value') return 'gauge';
  return 'trend';
}

/**
 * k6 hands trend values over in Go map order; show them as its text summary does: the
 * summaryTrendStats in their order, then the others (percentiles by value, then by name).
 */
function inK6Order(values: Readonly<Record<string, number>>, stats: readonly string[]): Record<string, number> {
  const rank = (k: string): number => {
    const i = stats.indexOf(k);
    return i >= 0 ? i : stats.length;
  };
  const pct = (k: string): number => Number(/^p\(([\d.]+)\)$/.exec(k)?.[1] ?? Number.POSITIVE_INFINITY);
  const keys = Object.keys(values).sort((a, b) => rank(a) - rank(b) || pct(a) - pct(b) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, values[k]!]));
}

function withThresholds(m: SummaryMetric, thresholds: Record<string, boolean>): SummaryMetric {
  return Object.keys(thresholds).length > 0 ? { ...m, thresholds } : m;
}

function numbers(o: Obj, field: string, file?: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(o)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`expected a finite number, got ${typeof v === 'number' ? String(v) : excerpt(v)}`, file, `${field}.${k}`);
    out[k] = v;
  }
  if (Object.keys(out).length === 0) throw new InputError('expected statistics, got an empty object', file, field);
  return out;
}

/** k6 groups nest as deep as a script's group() calls; far beyond this the file is not k6's. */
const MAX_GROUP_DEPTH = 100;

function group(g: unknown, field: string, file?: string, depth = 0): SummaryGroup {
  if (depth > MAX_GROUP_DEPTH) throw new InputError(`groups nested deeper than ${MAX_GROUP_DEPTH} levels; ${EXPECTED}`, file, field.length > 120 ? `${field.slice(0, 120)}…` : field);
  if (g === undefined) return { name: '', path: '', id: 'd41d8cd98f00b204e9800998ecf8427e', groups: [], checks: [] };
  if (!isObj(g)) throw new InputError('expected a group object', file, field);
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : isObj(v) ? Object.values(v) : []);
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const checks = list(g.checks).map((c, i): SummaryCheck => {
    if (!isObj(c) || typeof c.passes !== 'number' || typeof c.fails !== 'number') throw new InputError('expected {name, passes, fails}', file, `${field}.checks[${i}]`);
    return { name: str(c.name), path: str(c.path), id: str(c.id), passes: c.passes, fails: c.fails };
  });
  const groups = list(g.groups).map((c, i) => group(c, `${field}.groups[${i}]`, file, depth + 1));
  return { name: str(g.name), path: str(g.path), id: str(g.id), groups, checks };
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
