/**
 * M4 downsampling of a line for a chart (Jugel et al., "M4: A Visualization-Oriented Time Series
 * Data Aggregation", VLDB 2014): the x range is cut into one bucket per pixel column, and each
 * bucket keeps its first, last, lowest and highest point. A line drawn through those points
 * lights exactly the pixels the full line lights, so a month of 10 s rows (259,200 points)
 * draws the same chart from at most 4 points a pixel: the page's size is bounded by the chart's
 * width, not by the run's length, and the axes still reach every extreme.
 *
 * A point whose y is not finite marks a gap in the line (no data there); a bucket holding one
 * keeps its first such point so the gap still shows.
 */
export type Point = [number, number];

/**
 * The points of `line` (in increasing x) that M4 keeps for `buckets` columns between `x0` and
 * `x1`, in their original order; the line itself when it is short enough already.
 */
export function m4(line: readonly Point[], buckets: number, x0: number, x1: number): Point[] {
  if (line.length <= 4 * buckets || !(x1 > x0)) return line.slice();
  return m4Indices(line.length, (i) => (line[i] as Point)[0], (i) => (line[i] as Point)[1], buckets, x0, x1).map((i) => line[i] as Point);
}

/**
 * The indices M4 keeps among `n` points given by `x(i)` (increasing) and `y(i)`, so a caller
 * with columns instead of points never builds the full line.
 */
export function m4Indices(n: number, x: (i: number) => number, y: (i: number) => number, buckets: number, x0: number, x1: number): number[] {
  const width = (x1 - x0) / buckets;
  const keep: number[] = [];
  let bucket = -1;
  let first = -1;
  let last = -1;
  let lo = -1;
  let hi = -1;
  let loY = 0;
  let hiY = 0;
  let gap = -1;
  const flush = () => {
    if (first < 0) return;
    // The kept indices in order, each once: at most 5 per bucket (first, min, max, gap, last).
    const idx = [first, lo, hi, gap, last].filter((i) => i >= 0).sort((a, b) => a - b);
    let prev = -1;
    for (const i of idx)
      if (i !== prev) {
        keep.push(i);
        prev = i;
      }
  };
  for (let i = 0; i < n; i++) {
    const b = Math.min(buckets - 1, Math.max(0, Math.floor((x(i) - x0) / width)));
    if (b !== bucket) {
      flush();
      bucket = b;
      first = i;
      lo = -1;
      hi = -1;
      gap = -1;
    }
    last = i;
    const v = y(i);
    if (!Number.isFinite(v)) {
      if (gap < 0) gap = i;
      continue;
    }
    if (lo < 0 || v < loY) [lo, loY] = [i, v];
    if (hi < 0 || v > hiY) [hi, hiY] = [i, v];
  }
  flush();
  return keep;
}
