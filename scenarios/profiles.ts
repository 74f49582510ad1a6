import type { CurveFitOptions, CurvePiece } from './curves.js';

/**
 * The smooth rate curves behind the library's fitted scenarios, as functions of seconds from
 * the scenario's start, at the scenario's default peak. The library files hold the stages
 * fitted from these (plain data, so k6 can bundle them); test/scenarios/library.test.ts
 * re-fits each curve and checks the committed stages and error are what the fit gives.
 */

export interface CurveDefinition {
  pieces: CurvePiece[];
  fit: CurveFitOptions;
}

const HOUR = 3600;
const DAY = 24 * HOUR;

/** exp(−(x−μ)²/(2σ²)) on a 24-hour clock (distance taken around midnight). */
function bump(hour: number, mu: number, sigma: number): number {
  const d = Math.min(Math.abs(hour - mu), 24 - Math.abs(hour - mu));
  return Math.exp(-(d * d) / (2 * sigma * sigma));
}

/**
 * Weekday card traffic as a share of its peak at clock hour h: a night trough, a morning
 * shoulder, a lunch peak at 12:30 and the evening peak at 20:00 (UPI's peak hours are
 * 10:00-13:00 and 17:00-21:30, numbers.md §5), normalised so the evening peak is 1.
 */
export function weekdayShape(hour: number): number {
  return (0.05 + 0.3 * bump(hour, 9.5, 1.2) + 0.62 * bump(hour, 12.5, 1.1) + 0.95 * bump(hour, 20, 1.8)) / WEEKDAY_MAX;
}
const WEEKDAY_MAX = 0.05 + 0.3 * bump(20, 9.5, 1.2) + 0.62 * bump(20, 12.5, 1.1) + 0.95;

export const WEEKDAY_PEAK_RPS = 1000;

export const weekdayDiurnalCurve: CurveDefinition = {
  pieces: [{ fromS: 0, toS: DAY, rate: (t) => WEEKDAY_PEAK_RPS * weekdayShape(t / HOUR) }],
  fit: { stepS: 60, maxRelativeError: 0.03, maxStages: 80 },
};

/**
 * Singles' Day from 23:50: ten near-idle minutes, the midnight rush from 1.5 % to the peak in
 * 30 s (Alipay's 2017 peak came five minutes after midnight, 2020's 26 s after), decaying with
 * a 15-minute time constant over the first hour onto the day's own diurnal level.
 */
export const SINGLES_PEAK_RPS = 5000;
/** Seconds from the scenario's start (23:50) to midnight. */
export const SINGLES_MIDNIGHT_S = 600;
const SINGLES_RISE_S = 30;
const SINGLES_TAU_S = 900;
const SINGLES_IDLE = 0.015;

function singlesDayBase(tS: number): number {
  const hour = (23 + 50 / 60 + tS / HOUR) % 24;
  return SINGLES_PEAK_RPS * (SINGLES_IDLE + 0.07 * bump(hour, 10.5, 2) + 0.09 * bump(hour, 20.5, 2.2));
}

export const singlesDayCurve: CurveDefinition = {
  pieces: [
    { fromS: 0, toS: SINGLES_MIDNIGHT_S, rate: () => SINGLES_PEAK_RPS * SINGLES_IDLE },
    {
      fromS: SINGLES_MIDNIGHT_S,
      toS: SINGLES_MIDNIGHT_S + SINGLES_RISE_S,
      rate: (t) => SINGLES_PEAK_RPS * (SINGLES_IDLE + ((1 - SINGLES_IDLE) * (t - SINGLES_MIDNIGHT_S)) / SINGLES_RISE_S),
    },
    {
      fromS: SINGLES_MIDNIGHT_S + SINGLES_RISE_S,
      toS: DAY,
      rate: (t) => {
        const t0 = SINGLES_MIDNIGHT_S + SINGLES_RISE_S;
        return singlesDayBase(t) + (SINGLES_PEAK_RPS - singlesDayBase(t0)) * Math.exp(-(t - t0) / SINGLES_TAU_S);
      },
    },
  ],
  fit: { stepS: 10, maxRelativeError: 0.03, maxStages: 120 },
};

/**
 * Payday from 15:30: card and balance traffic at 10 % of the peak, then at 16:00:00 every
 * scheduled payout is released at once (Monzo's "Get Paid Early" wave) and the burst decays
 * with a 2-minute time constant: about 0.9 × 2,500 × 120 ≈ 270,000 extra requests, the order
 * of Monzo's 250,000 payments (numbers.md §5).
 */
export const PAYDAY_PEAK_RPS = 2500;
export const PAYDAY_WAVE_S = 1800;
const PAYDAY_BASE = 0.1;
const PAYDAY_TAU_S = 120;

export const paydayCurve: CurveDefinition = {
  pieces: [
    { fromS: 0, toS: PAYDAY_WAVE_S, rate: () => PAYDAY_PEAK_RPS * PAYDAY_BASE },
    {
      fromS: PAYDAY_WAVE_S,
      toS: PAYDAY_WAVE_S + 1800,
      rate: (t) => PAYDAY_PEAK_RPS * (PAYDAY_BASE + (1 - PAYDAY_BASE) * Math.exp(-(t - PAYDAY_WAVE_S) / PAYDAY_TAU_S)),
    },
  ],
  fit: { stepS: 5, maxRelativeError: 0.02, maxStages: 60 },
};

/** The fitted curves by library scenario name. */
export const fittedCurves: Readonly<Record<string, CurveDefinition>> = {
  'weekday-diurnal': weekdayDiurnalCurve,
  'singles-day-midnight': singlesDayCurve,
  payday: paydayCurve,
};
