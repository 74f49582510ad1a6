/**
 * Erlang C: the M/M/c queue (Poisson arrivals at rate λ, exponential service at rate μ per
 * server, c servers, unbounded FIFO queue). Used to check the simulator against theory and to
 * give quick capacity estimates.
 *
 * Reference: Kleinrock, Queueing Systems Vol. 1 (1975), §3.5; Gross & Harris, Fundamentals of
 * Queueing Theory, §2.3.
 */
export interface ErlangC {
  /** Offered load a = λ/μ in Erlangs. */
  offeredLoad: number;
  /** Server utilisation ρ = a/c. */
  utilization: number;
  /** Probability that an arrival waits, C(c, a). */
  waitProbability: number;
  /** Mean wait in queue Wq = C / (cμ − λ), in the time unit of 1/μ. */
  meanWait: number;
  /** Mean time in system W = Wq + 1/μ. */
  meanResponse: number;
}

/**
 * Erlang C figures for c servers, arrival rate λ and service rate μ (any consistent time unit).
 * O(c). Computed with the stable recurrence for Erlang B, then C = cB / (c − a(1 − B)).
 * @throws Error when the queue is unstable (ρ ≥ 1) or inputs are not positive.
 * @example erlangC(10, 0.9, 0.1).waitProbability // ≈ 0.6687
 */
export function erlangC(c: number, lambda: number, mu: number): ErlangC {
  if (!(c >= 1) || !Number.isInteger(c)) throw new Error(`erlangC requires a whole number of servers >= 1, got ${c}`);
  if (!(lambda > 0) || !(mu > 0)) throw new Error('erlangC requires positive arrival and service rates');
  const a = lambda / mu;
  const rho = a / c;
  if (rho >= 1) throw new Error(`erlangC requires utilisation < 1, got ${rho}`);
  let b = 1; // Erlang B with 0 servers
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const pw = (c * b) / (c - a * (1 - b));
  const meanWait = pw / (c * mu - lambda);
  return { offeredLoad: a, utilization: rho, waitProbability: pw, meanWait, meanResponse: meanWait + 1 / mu };
}

/**
 * Quantile q of the waiting time in an M/M/c FIFO queue: P(Wq > t) = C·exp(−(cμ − λ)t), so the
 * q-quantile is 0 when q ≤ 1 − C, else ln(C / (1 − q)) / (cμ − λ).
 * @example waitQuantile(10, 0.9, 0.1, 0.99) // ≈ 41.0 (time units of 1/μ)
 */
export function waitQuantile(c: number, lambda: number, mu: number, q: number): number {
  const { waitProbability } = erlangC(c, lambda, mu);
  if (q <= 1 - waitProbability) return 0;
  return Math.log(waitProbability / (1 - q)) / (c * mu - lambda);
}
