import { main } from '../cli/main.js';

/**
 * `capsim run` as a user runs it, for the benchmark: node dist/bench/cliRun.js <capsim args...>.
 * The parent times the whole process (start-up, simulation, reports); this prints the peak
 * resident memory and the process's CPU time so far (user + system, every thread, from its
 * start) on stdout as JSON.
 */
const code = await main(process.argv.slice(2), { out: () => {}, err: () => {}, interactive: false });
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({ code, peakRssMB: process.resourceUsage().maxRSS / 1024, cpuSeconds: (cpu.user + cpu.system) / 1e6 }) + '\n');
process.exitCode = code;
