import type { MetricType } from './samples.js';

// Port of grafana/k6 metrics/thresholds_parser.go and metrics/thresholds.go at v0.48.0: the
// same grammar (`aggregation operator number`, whitespace trimmed), the same operator scan
// order, the same per-type aggregation methods and the same evaluation, so a threshold passes
// or fails here exactly when k6 would say so.

/** Operators in k6's scan order: a longer token sharing symbols with a shorter one comes first. */
const OPERATORS = ['<=', '<', '>=', '>', '===', '==', '!='] as const;
export type ThresholdOperator = (typeof OPERATORS)[number];
const METHODS = ['value', 'count', 'rate', 'avg', 'min', 'med', 'max'] as const;
export type AggregationMethod = (typeof METHODS)[number] | 'p';

/** A parsed threshold expression such as `p(99.9) < 200`. */
export interface ThresholdExpression {
  readonly method: AggregationMethod;
  /** The N of p(N), for `p` only. */
  readonly percentile?: number;
  readonly operator: ThresholdOperator;
  readonly value: number;
}

/** The aggregation methods k6 accepts per metric type (metrics/metric_type.go). */
export const SUPPORTED_METHODS: Readonly<Record<MetricType, readonly AggregationMethod[]>> = {
  counter: ['count', 'rate'],
  gauge: ['value'],
  rate: ['rate'],
  trend: ['avg', 'min', 'max', 'med', 'p'],
};

/** One configured threshold, as k6 options carry it (a string or `{threshold, abortOnFail, delayAbortEval}`). */
export interface ThresholdConfig {
  readonly source: string;
  readonly abortOnFail: boolean;
  readonly delayAbortEval?: string;
}

/**
 * Parse a threshold expression as k6 does; returns an error message (k6's reason) instead of
 * throwing, so callers can name the file and field.
 * @example parseThreshold('p(99.9) < 200') // { method: 'p', percentile: 99.9, operator: '<', value: 200 }
 * @example parseThreshold('count!20') // 'failed parsing threshold expression "count!20"; reason: malformed threshold expression'
 */
export function parseThreshold(input: string): ThresholdExpression | string {
  let scanned: [string, ThresholdOperator, string] | undefined;
  for (const op of OPERATORS) {
    const at = input.indexOf(op);
    if (at >= 0) {
      scanned = [input.slice(0, at).trim(), op, input.slice(at + op.length).trim()];
      break;
    }
  }
  if (scanned === undefined) return `failed parsing threshold expression ${JSON.stringify(input)}; reason: malformed threshold expression`;
  const [lhs, operator, rhs] = scanned;
  let method: AggregationMethod | undefined = METHODS.find((m) => m === lhs);
  let percentile: number | undefined;
  if (method === undefined) {
    if (!(lhs.startsWith('p(') && lhs.endsWith(')'))) return `failed parsing threshold expression's ${JSON.stringify(input)} left hand side; reason: failed parsing method from expression`;
    percentile = goParseFloat(lhs.slice(2, -1));
    if (percentile === undefined) return `failed parsing threshold expression's ${JSON.stringify(input)} left hand side; reason: malformed percentile value`;
    method = 'p';
  }
  const value = goParseFloat(rhs);
  if (value === undefined) return `failed parsing threshold expression's ${JSON.stringify(input)} right hand side`;
  return { method, ...(percentile !== undefined ? { percentile } : {}), operator, value };
}

/**
 * The key k6 looks the aggregate up under (`p(%g)` for a percentile): `p(99.90)` → `p(99.9)`.
 * @example sinkKey({ method: 'p', percentile: 95, operator: '<', value: 1 }) // 'p(95)'
 */
export function sinkKey(e: ThresholdExpression): string {
  return e.method === 'p' ? `p(${formatG(e.percentile ?? 0)})` : e.method;
}

/**
 * Why k6 would refuse this threshold on a metric of `type` (k6 exits 104 before the test), or
 * undefined when it is accepted.
 */
export function unsupportedMethod(e: ThresholdExpression, source: string, metricName: string, type: MetricType): string | undefined {
  if (SUPPORTED_METHODS[type].includes(e.method)) return undefined;
  return `invalid threshold ${JSON.stringify(source)} applied on metric ${metricName}; reason: unsupported aggregation method ${e.method} on metric of type ${type}. supported aggregation methods for this metric are: ${SUPPORTED_METHODS[type].join(', ')}`;
}

/**
 * Whether one threshold passes over the aggregates `sinked` (Threshold.runNoTaint): a missing
 * aggregate passes — k6 reads it as "no samples yet", e.g. the rate of an empty rate metric.
 * @example thresholdPasses(parseThreshold('rate>0.01'), { med: 27.2 }) // true
 */
export function thresholdPasses(e: ThresholdExpression, sinked: Readonly<Record<string, number>>): boolean {
  const lhs = sinked[sinkKey(e)];
  if (lhs === undefined) return true;
  switch (e.operator) {
    case '>':
      return lhs > e.value;
    case '>=':
      return lhs >= e.value;
    case '<=':
      return lhs <= e.value;
    case '<':
      return lhs < e.value;
    case '!=':
      return lhs !== e.value;
    default:
      return lhs === e.value;
  }
}

/**
 * Evaluate a simple threshold expression against computed values; returns true when the
 * threshold is crossed (the expression is false), undefined when it does not parse. A value
 * `valueOf` cannot give passes, as in k6.
 * @example thresholdCrossed('p(95)<500', (a) => (a === 'p(95)' ? 23.3 : undefined)) // false
 */
export function thresholdCrossed(expr: string, valueOf: (aggregation: string) => number | undefined): boolean | undefined {
  const e = parseThreshold(expr);
  if (typeof e === 'string') return undefined;
  const v = valueOf(sinkKey(e));
  return !thresholdPasses(e, v === undefined ? {} : { [sinkKey(e)]: v });
}

/**
 * Go's strconv.ParseFloat(s, 64) for what a threshold can hold: decimal with optional
 * exponent, `inf`/`infinity`/`nan` in any case with a sign; undefined for anything else
 * (empty, hex, underscores, spaces).
 */
export function goParseFloat(s: string): number | undefined {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (special === null) return undefined;
  if (special[2]!.toLowerCase() === 'nan') return Number.NaN;
  return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

/**
 * Go's `%g` with the shortest representation (strconv formatDigits): exponent form when the
 * decimal exponent is < -4 or >= 6, written with a sign and at least two digits.
 * @example formatG(99.9) // '99.9'
 * @example formatG(1e-5) // '1e-05'
 */
export function formatG(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(x);
}
