// Threshold syntax from grafana/k6 metrics/thresholds_parser.go: `<aggregation> <op> <number>`.
const EXPR = /^\s*([a-z]+(?:\(\s*[\d.]+\s*\))?)\s*(<=|>=|===|==|!=|<|>)\s*(-?[\d.]+(?:e[+-]?\d+)?)\s*$/i;

/**
 * Evaluate a simple threshold expression against computed values; returns true when the
 * threshold is crossed (the expression is false), undefined when it cannot be evaluated
 * (unknown syntax or an aggregation the caller cannot compute).
 * @example thresholdCrossed('p(95)<500', (a) => (a === 'p(95)' ? 23.3 : undefined)) // false
 */
export function thresholdCrossed(expr: string, valueOf: (aggregation: string) => number | undefined): boolean | undefined {
  const m = EXPR.exec(expr);
  if (m === null) return undefined;
  const value = valueOf(m[1]!.replace(/\s+/g, ''));
  if (value === undefined) return undefined;
  const target = Number(m[3]);
  switch (m[2]) {
    case '<':
      return !(value < target);
    case '<=':
      return !(value <= target);
    case '>':
      return !(value > target);
    case '>=':
      return !(value >= target);
    case '!=':
      return !(value !== target);
    default:
      return !(value === target);
  }
}
