import { z } from 'zod';
import { InputError } from '../../input/inputError.js';

/**
 * One series of a Prometheus matrix: its labels and its samples (unix seconds, value).
 * Values are Prometheus' sample values, so counters are cumulative and gauges instantaneous.
 */
export interface PromSeries {
  labels: Readonly<Record<string, string>>;
  /** Sample times, unix seconds, ascending. */
  timesS: Float64Array;
  values: Float64Array;
}

const sample = z.tuple([z.number(), z.string()]);
const responseSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('matrix'),
    result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(sample) })),
  }),
});

/**
 * Parse the JSON body of Prometheus' HTTP API `GET /api/v1/query_range` (or an instant query of a
 * range selector, `metric[60s]`, which returns the same matrix with raw scrape timestamps).
 * Values are strings in the API ("NaN", "+Inf" included) and become numbers. O(samples).
 * @throws InputError naming `source` (a file or URL) for JSON that is not a successful matrix
 *   response, e.g. an error response (`"status":"error"`) or a vector from an instant query.
 * @example parseQueryRange('{"status":"success","data":{"resultType":"matrix","result":[]}}', 'x.json') // []
 */
export function parseQueryRange(text: string, source: string): PromSeries[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError(`expected the JSON of a Prometheus query_range response, got ${JSON.stringify(text.slice(0, 40))}`, source);
  }
  const parsed = responseSchema.safeParse(json);
  if (!parsed.success) {
    const j = json as { status?: unknown; error?: unknown; data?: { resultType?: unknown } } | null;
    if (j?.status === 'error') throw new InputError(`Prometheus answered an error: ${String(j.error)}; expected "status":"success"`, source, 'status');
    if (j?.data?.resultType !== undefined && j.data.resultType !== 'matrix')
      throw new InputError(`expected "resultType":"matrix" (a query_range response), got ${JSON.stringify(j.data.resultType)}`, source, 'data.resultType');
    const issue = parsed.error.issues[0];
    throw new InputError(`expected a Prometheus query_range response ({"status":"success","data":{"resultType":"matrix","result":[...]}}): ${issue?.message ?? 'invalid'}`, source, issue?.path.map(String).join('.') ?? '');
  }
  return parsed.data.data.result.map((r, k) => {
    const n = r.values.length;
    const timesS = new Float64Array(n);
    const values = new Float64Array(n);
    r.values.forEach(([t, v], i) => {
      if (i > 0 && t <= (timesS[i - 1] as number)) throw new InputError(`series ${k} (${seriesName(r.metric)}): sample times must increase, got ${t} after ${timesS[i - 1]}`, source, `data.result[${k}].values[${i}]`);
      timesS[i] = t;
      values[i] = promNumber(v);
    });
    return { labels: r.metric, timesS, values };
  });
}

/** `name{a="1",b="2"}` as Prometheus prints a series (labels sorted). */
export function seriesName(labels: Readonly<Record<string, string>>): string {
  const name = labels.__name__ ?? '';
  const rest = Object.keys(labels)
    .filter((k) => k !== '__name__')
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `${name}{${rest.join(',')}}`;
}

/** A sample value as Prometheus writes it (Go's strconv: "+Inf", "-Inf", "NaN", decimals). */
function promNumber(v: string): number {
  if (v === '+Inf' || v === 'Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  return Number(v);
}
