import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Long horizons end to end (`capsim run`, report included), each in a fresh process so its peak
 * memory is its own: a 30-day scenario at 100 rps and a 24-hour one at 3,000 rps (diurnal, the
 * reference Deployment and HPA). Memory does not grow with the number of requests (hundreds of
 * millions here), only with the time-series rows: the month is also run for 1 and 10 days to
 * show it. Figures are printed, not asserted.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface HorizonCase {
  id: string;
  title: string;
  days: number;
  /** Mean rate; the day swings from 60 % to 140 % of it. */
  meanRps: number;
  interval: string;
}

export const HORIZON_CASES: HorizonCase[] = [
  { id: 'month-100rps', title: '30 days at 100 rps (diurnal), 1 min rows', days: 30, meanRps: 100, interval: '1m' },
  { id: 'day-3000rps', title: '24 hours at 3,000 rps (diurnal), 10 s rows', days: 1, meanRps: 3000, interval: '10s' },
  { id: 'month-100rps-1d', title: '1 day of the month case', days: 1, meanRps: 100, interval: '1m' },
  { id: 'month-100rps-10d', title: '10 days of the month case', days: 10, meanRps: 100, interval: '1m' },
];

/** The scenario YAML of a case: each day 6 h low, 6 h ramp up, 6 h high, 6 h ramp down. */
export function horizonScenario(c: HorizonCase): string {
  const low = 0.6 * c.meanRps;
  const high = 1.4 * c.meanRps;
  const day = [`{duration: 6h, target: ${low}}`, `{duration: 6h, target: ${high}}`, `{duration: 6h, target: ${high}}`, `{duration: 6h, target: ${low}}`];
  const stages = Array.from({ length: c.days }, () => day).flat();
  return [
    `name: ${c.id}`,
    'traffic:',
    `  startRate: ${low}`,
    `  stages: [${stages.join(', ')}]`,
    '  mix: {authorize: 1}',
    'workload:',
    '  operations:',
    '    authorize: {cpu: {distribution: lognormal, medianMs: 4, sigma: 0.3}, downstream: {distribution: lognormal, medianMs: 40, sigma: 0.5}}',
    '  pod: {workers: 8, queueLimit: 64}',
    `output: {interval: ${c.interval}}`,
    '',
  ].join('\n');
}

interface Measured {
  seconds: number;
  peakRssMB: number;
  requests: number;
}

/** Run `capsim run` on the case in a child process that reports its own peak RSS. */
export function runHorizon(c: HorizonCase): Measured {
  const dir = mkdtempSync(join(tmpdir(), 'capsim-bench-'));
  try {
    const file = join(dir, `${c.id}.yaml`);
    writeFileSync(file, horizonScenario(c));
    const probe = `process.on('exit', () => process.stderr.write('\\nBENCH ' + JSON.stringify({ rss: process.resourceUsage().maxRSS })));`;
    const t0 = process.hrtime.bigint();
    const args = ['--import', `data:text/javascript,${encodeURIComponent(probe)}`, join(root, 'dist', 'cli', 'bin.js'), 'run', file, '--manifests', join(root, 'scenarios', 'manifests', 'reference'), '--out', join(dir, 'out'), '--json'];
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const probed = /BENCH (\{.*\})/.exec(r.stderr);
    if (r.status !== 0 || probed === null) throw new Error(`${c.id}: capsim run failed (${r.status}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    const summary = JSON.parse(r.stdout) as { requests: { arrived: number } };
    return { seconds, peakRssMB: (JSON.parse(probed[1] as string) as { rss: number }).rss / 1024, requests: summary.requests.arrived };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One printed line per case. */
export function horizonLine(c: HorizonCase, m: Measured): string {
  return `${c.id.padEnd(17)} ${c.title.padEnd(42)} ${(m.requests / 1e6).toFixed(1).padStart(6)}M req  ${m.seconds.toFixed(0).padStart(5)} s  peak RSS ${m.peakRssMB.toFixed(0).padStart(5)} MB`;
}
