import { InputError } from '../../input/inputError.js';
import { readLineBatches, type ByteProgress } from './lines.js';
import { rfc3339ToMs } from './timestamp.js';
import { timeOrderCheck } from './timeOrder.js';
import { METRIC_CONTAINS, METRIC_TYPES } from './samples.js';
import type { MetricDecl, ReadCounts, SampleHandler, SubmetricDecl, Tags } from './samples.js';
import type { WarnFn } from './warnings.js';

/** How many leading non-empty lines may fail to be k6 JSON before the file is rejected. */
const SNIFF_LINES = 5;
const EXPECTED = 'expected k6 `--out json` output: one JSON object per line with "type":"Metric" or "type":"Point"';

type Parsed = { kind: 'metric'; decl: MetricDecl } | { kind: 'point' } | { kind: 'skip'; reason: string };

/**
 * Stream a k6 `--out json` file (plain or gzip) into `handler`, in file order.
 * Key order inside lines does not matter; `tags: null` is read as `{}`; timestamps keep
 * their sub-ms fraction. Unknown line types and malformed lines are skipped and counted.
 * @throws InputError (file, line) when none of the first 5 non-empty lines is k6 JSON.
 * @example const counts = await readNdjson('run.ndjson.gz', store, warn)
 */
export async function readNdjson(file: string, handler: SampleHandler, warn: WarnFn, onBytes?: ByteProgress): Promise<ReadCounts> {
  const skipped: Record<string, number> = {};
  const order = timeOrderCheck(file, warn);
  let points = 0;
  let declarations = 0;
  let seenK6 = false;
  let nonEmpty = 0;
  let firstBad: { line: number; reason: string } | undefined;
  let lastTimeText = '';
  let lastTimeMs = Number.NaN;
  const timeOf = (text: string): number => {
    if (text !== lastTimeText) [lastTimeText, lastTimeMs] = [text, rfc3339ToMs(text)];
    return lastTimeMs;
  };
  const onLine = (text: string, line: number): void => {
    if (text.trim() === '') return;
    nonEmpty++;
    const parsed = parseLine(text, line, handler, timeOf, order.see);
    if (parsed.kind === 'skip') {
      skipped[parsed.reason] = (skipped[parsed.reason] ?? 0) + 1;
      firstBad ??= { line, reason: parsed.reason };
      if (!seenK6 && nonEmpty >= SNIFF_LINES) throw notK6(file, firstBad);
      return;
    }
    seenK6 = true;
    if (parsed.kind === 'metric') {
      declarations++;
      handler.metric(parsed.decl);
    } else points++;
  };
  const read = await readLineBatches(file, (lines, first) => lines.forEach((t, i) => onLine(t, first + i)), warn, onBytes);
  if (!seenK6) throw firstBad !== undefined ? notK6(file, firstBad) : new InputError(`no samples: the file is empty; ${EXPECTED}`, file);
  order.done();
  reportSkipped(file, skipped, warn);
  return { lines: read.lines, points, declarations, skipped, truncated: read.truncated };
}

function notK6(file: string, bad: { line: number; reason: string }): InputError {
  return new InputError(`not k6 output (${bad.reason}); ${EXPECTED}`, file, undefined, bad.line);
}

function reportSkipped(file: string, skipped: Record<string, number>, warn: WarnFn): void {
  for (const [reason, n] of Object.entries(skipped)) warn({ file, message: `skipped ${n} line(s): ${reason}` });
}

function parseLine(
  text: string,
  line: number,
  handler: SampleHandler,
  timeOf: (t: string) => number,
  see: (t: number, line: number) => void,
): Parsed {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    return { kind: 'skip', reason: 'not valid JSON' };
  }
  if (!isObject(obj)) return { kind: 'skip', reason: 'not a JSON object' };
  if (obj.type === 'Metric') return parseMetric(obj);
  if (obj.type !== 'Point') return { kind: 'skip', reason: `unknown line type ${JSON.stringify(obj.type ?? null)}` };
  const data = obj.data;
  const metric = typeof obj.metric === 'string' ? obj.metric : undefined;
  if (!isObject(data) || metric === undefined) return { kind: 'skip', reason: 'Point without metric or data' };
  const timeMs = typeof data.time === 'string' ? timeOf(data.time) : Number.NaN;
  if (Number.isNaN(timeMs)) return { kind: 'skip', reason: 'Point with a time that is not a valid RFC 3339 date' };
  if (typeof data.value !== 'number') return { kind: 'skip', reason: 'Point with a non-numeric value' };
  if (!Number.isFinite(data.value)) return { kind: 'skip', reason: 'Point with a value that is not a finite number' };
  // k6 writes tags as a string -> string map (`null` in very old versions); anything else is not k6's.
  const tags = data.tags === null || data.tags === undefined ? {} : stringMap(data.tags);
  if (tags === undefined) return { kind: 'skip', reason: 'Point with a tag that is not a string (k6 writes string tags)' };
  const metadata = data.metadata === null || data.metadata === undefined ? undefined : stringMap(data.metadata);
  if (metadata === undefined && data.metadata !== null && data.metadata !== undefined) return { kind: 'skip', reason: 'Point with metadata that is not strings' };
  see(timeMs, line);
  handler.point({ metric, timeMs, value: data.value, tags, metadata, line });
  return { kind: 'point' };
}

function parseMetric(obj: Record<string, unknown>): Parsed {
  const d = obj.data;
  if (!isObject(d)) return { kind: 'skip', reason: 'Metric without data' };
  const name = typeof d.name === 'string' ? d.name : obj.metric;
  const type = METRIC_TYPES.find((t) => t === d.type);
  const contains = METRIC_CONTAINS.find((c) => c === d.contains) ?? 'default';
  if (typeof name !== 'string' || type === undefined) return { kind: 'skip', reason: 'Metric with no name or an unknown type' };
  const thresholds = Array.isArray(d.thresholds) ? d.thresholds.filter((t): t is string => typeof t === 'string') : [];
  const submetrics = Array.isArray(d.submetrics) ? d.submetrics.filter(isSubmetric) : [];
  return { kind: 'metric', decl: { name, type, contains, thresholds, submetrics } };
}

/** The object when every value is a string, else undefined. */
function stringMap(v: unknown): Tags | undefined {
  if (!isObject(v)) return undefined;
  for (const x of Object.values(v)) if (typeof x !== 'string') return undefined;
  return v as Tags;
}

function isSubmetric(s: unknown): s is SubmetricDecl {
  return isObject(s) && typeof s.name === 'string' && stringMap(s.tags) !== undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
