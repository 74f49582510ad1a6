import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench`: simulator speed and memory (issue 2), each case in a fresh process so its
 * peak memory is its own. Figures are printed, not asserted: speed is a property of the machine.
 */
const here = dirname(fileURLToPath(import.meta.url));

interface CaseResult {
  id: string;
  title: string;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  peakRssMB: number;
}

function runCase(id: string, requests?: number): CaseResult {
  const args = [join(here, 'case.js'), id, ...(requests === undefined ? [] : [String(requests)])];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })) as CaseResult;
}

function line(r: CaseResult): string {
  return `${r.id}  ${r.title.padEnd(68)} ${(r.requests / 1e6).toFixed(2).padStart(6)}M req  ${r.seconds.toFixed(2).padStart(7)} s  ${(r.requestsPerSecond / 1e6).toFixed(2).padStart(6)}M req/s  peak RSS ${r.peakRssMB.toFixed(0).padStart(4)} MB`;
}

console.log(`capsim bench on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), Node ${process.version}`);
console.log('simulator: simulated requests per second (wall clock) and peak resident memory per case');
for (const id of ['a', 'b', 'c']) console.log(line(runCase(id)));
console.log('memory as the run grows (case a): peak RSS at 1M, 3M and 10M requests');
for (const n of [1_000_000, 3_000_000, 10_000_000]) console.log(line(runCase('a', n)));
const tune = await import('./tune.js').catch(() => null);
if (tune && typeof (tune as { benchTune?: unknown }).benchTune === 'function') {
  const r = await (tune as unknown as { benchTune: () => Promise<Record<string, number>> }).benchTune();
  console.log(`tuning: ${JSON.stringify(r)}`);
} else {
  console.log('tuning: bench/tune.js not built');
}
