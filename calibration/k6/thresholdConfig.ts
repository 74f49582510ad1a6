import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../../input/inputError.js';
import { parseThreshold, type ThresholdConfig } from './thresholds.js';
import type { Ms } from '../../sim/units.js';

/** A metric or sub-metric name as a threshold key names it: `http_req_duration{name:authorize}`. */
export interface MetricName {
  /** The metric the samples belong to (`http_req_duration`). */
  readonly parent: string;
  /** Tag filter of a sub-metric (`[['name', 'authorize']]`), empty for the metric itself. */
  readonly tags: readonly (readonly [string, string])[];
}

/** The thresholds of one test, keyed by metric or sub-metric name as the script wrote them. */
export interface ThresholdSet {
  /** File they were read from, for messages. */
  readonly file: string;
  readonly byMetric: ReadonlyMap<string, readonly ThresholdConfig[]>;
  /** When read from a summary of the same run: its test run duration. */
  readonly testRunDurationMs?: Ms;
  /** `summaryTrendStats` when the file carries them (handleSummary data, k6 inspect). */
  readonly trendStats?: readonly string[];
}

const EXPECTED = 'expected k6 options JSON with "thresholds" (as `capsim k6 options` or `k6 inspect` print them) or a k6 summary JSON (handleSummary data or --summary-export)';
type Obj = Record<string, unknown>;

/**
 * Parse a threshold key as k6 does (metrics.ParseMetricName, then Metric.AddSubmetric): the
 * text between the first `{` and a final `}` is `key:value` pairs separated by commas, keys
 * and values trimmed of spaces and of `"`/`'` quotes.
 * @returns the name, or k6's reason when it is malformed.
 * @example parseMetricName('http_req_duration{name:authorize}') // { parent: 'http_req_duration', tags: [['name', 'authorize']] }
 */
export function parseMetricName(name: string): MetricName | string {
  const open = name.indexOf('{');
  const close = name.lastIndexOf('}');
  if (open < 0 && close < 0) return { parent: name, tags: [] };
  if (open < 0 || close < 0) return `metric ${JSON.stringify(name)} has unmatched opening/close curly brace`;
  if (close < open) return `metric ${JSON.stringify(name)} closing curly brace appears before opening one`;
  if (close !== name.length - 1) return `metric ${JSON.stringify(name)} lacks a closing curly brace in its last position`;
  const body = name.slice(open + 1, close);
  for (const t of body.split(',')) {
    const colon = t.indexOf(':');
    if (colon < 0 || t.slice(colon + 1) === '') return `metric tag expression ${JSON.stringify(t)} is malformed`;
  }
  if (body.trim() === '') return `submetric criteria for metric '${name.slice(0, open)}' cannot be empty`;
  const unquote = (s: string): string => s.trim().replace(/^["']+|["']+$/g, '');
  const tags = new Map<string, string>();
  for (const kv of body.trim().split(',')) {
    if (kv === '') continue;
    const colon = kv.indexOf(':');
    tags.set(unquote(kv.slice(0, colon)), unquote(kv.slice(colon + 1)));
  }
  return { parent: name.slice(0, open), tags: [...tags] };
}

/**
 * Read the thresholds of a test from `file` (plain or gzip JSON): k6 options (`thresholds`:
 * metric → list of expressions or `{threshold, abortOnFail, delayAbortEval}`), or a summary of
 * the same run (handleSummary data or `--summary-export`: every metric's `thresholds` keys,
 * sub-metrics included), whose test run duration is kept too.
 * @throws InputError naming the file, line and field for anything else or a malformed threshold.
 * @example (await readThresholds('options.json')).byMetric.get('http_req_duration{name:authorize}') // [{ source: 'p(99)<300', abortOnFail: false }]
 */
export async function readThresholds(file: string): Promise<ThresholdSet> {
  let buf = await readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw new InputError(`cannot open: ${e.code ?? e.message}`, file);
  });
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf);
    } catch (e) {
      throw new InputError(`corrupt or truncated gzip data (${(e as Error).message}); ${EXPECTED}`, file);
    }
  }
  const text = buf.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`not valid JSON (${(e as Error).message.split('\n')[0]}); ${EXPECTED}`, file);
  }
  return thresholdsFromJson(json, file, text);
}

/** readThresholds on parsed JSON; `text` (the file's content) gives line numbers in errors. */
export function thresholdsFromJson(json: unknown, file: string, text = ''): ThresholdSet {
  if (!isObj(json)) throw new InputError(EXPECTED, file);
  const at = (needle: string): number | undefined => lineOf(text, needle);
  const byMetric = new Map<string, ThresholdConfig[]>();
  if (isObj(json.metrics)) {
    for (const [name, m] of Object.entries(json.metrics)) {
      if (!isObj(m) || !isObj(m.thresholds)) continue;
      byMetric.set(name, Object.keys(m.thresholds).map((source) => ({ source, abortOnFail: false })));
    }
    const state = isObj(json.state) ? json.state : {};
    const options = isObj(json.options) ? json.options : {};
    const duration = typeof state.testRunDurationMs === 'number' && Number.isFinite(state.testRunDurationMs) && state.testRunDurationMs > 0 ? state.testRunDurationMs : undefined;
    const stats = trendStats(options.summaryTrendStats);
    validate(byMetric, file, at);
    return { file, byMetric, ...(duration !== undefined ? { testRunDurationMs: duration } : {}), ...(stats ? { trendStats: stats } : {}) };
  }
  const raw = json.thresholds;
  if (!isObj(raw)) throw new InputError(`no "thresholds" object and no "metrics": ${EXPECTED}`, file, 'thresholds');
  for (const [name, list] of Object.entries(raw)) {
    const field = `thresholds.${name}`;
    if (!Array.isArray(list)) throw new InputError(`expected a list of threshold expressions, got ${JSON.stringify(list)}`, file, field, at(JSON.stringify(name)));
    byMetric.set(
      name,
      list.map((t, i): ThresholdConfig => {
        if (typeof t === 'string') return { source: t, abortOnFail: false };
        if (isObj(t) && typeof t.threshold === 'string') {
          return { source: t.threshold, abortOnFail: t.abortOnFail === true, ...(typeof t.delayAbortEval === 'string' ? { delayAbortEval: t.delayAbortEval } : {}) };
        }
        throw new InputError(`expected a threshold expression or {threshold, abortOnFail, delayAbortEval}, got ${JSON.stringify(t)}`, file, `${field}[${i}]`, at(JSON.stringify(name)));
      }),
    );
  }
  const stats = trendStats(json.summaryTrendStats);
  validate(byMetric, file, at);
  return { file, byMetric, ...(stats ? { trendStats: stats } : {}) };
}

function validate(byMetric: ReadonlyMap<string, readonly ThresholdConfig[]>, file: string, at: (needle: string) => number | undefined): void {
  for (const [name, list] of byMetric) {
    const parsed = parseMetricName(name);
    if (typeof parsed === 'string') throw new InputError(`invalid metric in threshold definitions: ${parsed}`, file, `thresholds.${name}`, at(JSON.stringify(name)));
    list.forEach((t, i) => {
      const e = parseThreshold(t.source);
      if (typeof e === 'string') throw new InputError(e, file, `thresholds.${name}[${i}]`, at(JSON.stringify(t.source)));
    });
  }
}

function trendStats(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string') ? (v as string[]) : undefined;
}

/** 1-based line of the first occurrence of `needle` in `text`. */
function lineOf(text: string, needle: string): number | undefined {
  const i = text.indexOf(needle);
  if (i < 0) return undefined;
  let line = 1;
  for (let k = 0; k < i; k++) if (text.charCodeAt(k) === 10) line++;
  return line;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
