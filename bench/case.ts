import { benchCases } from './cases.js';
import { simulate } from '../sim/run.js';

/**
 * Runs one benchmark case in this process and prints one JSON line: simulated requests,
 * wall-clock seconds, simulated requests per second, and the peak resident memory of the
 * process (so each case is measured in a fresh process). Usage: node dist/bench/case.js a [requests]
 */
const [id = 'a', requests] = process.argv.slice(2);
// Case (d) reads the scenario library: loaded only for it, so the other cases' memory is the simulator's.
const c = id === 'd' ? (await import('./blackFriday.js')).blackFridayCase() : benchCases(requests === undefined ? undefined : Number(requests)).find((x) => x.id === id);
if (c === undefined) throw new Error(`unknown bench case ${id}`);
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const r = simulate(c.config);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
// CPU time of the simulation (user + system): on a shared machine, wall time also counts the
// time other jobs held the core; this does not (it still counts a busy machine's slower caches).
const cpu = process.cpuUsage(cpu0);
const simulated = r.summary.requests.arrived;
process.stdout.write(
  JSON.stringify({
    id,
    title: c.title,
    requests: simulated,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    requestsPerSecond: simulated / seconds,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    p99Ms: r.summary.latencyMs.p99,
  }) + '\n',
);
