import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../bench/loopback.js';
import { findTool, reportMissing, type Tool } from './tools.js';

/**
 * A real Prometheus server for tests, on 127.0.0.1 and a free port, over a data folder the test
 * prepared (blocks from `promtool tsdb create-blocks-from`) and an optional scrape configuration.
 * Started with bounded waits and stopped by its own pid.
 */

export const prometheusBinary: Tool | null = findTool(['prometheus'], ['--version']);
if (prometheusBinary === null) reportMissing('prometheus', 'apt-get install --no-install-recommends prometheus');

export interface RunningPrometheus {
  readonly url: string;
  /** GET /api/v1/<path> with the parameters; the `data` of a success, else throws with Prometheus' error. */
  api<T = unknown>(path: string, params: Record<string, string | number>): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Start Prometheus on `dataDir` with `config` (YAML text; no scrape jobs when omitted). Waits up
 * to 60 s for /-/ready.
 */
export async function startPrometheus(dataDir: string, config = 'global: {}\n'): Promise<RunningPrometheus> {
  if (prometheusBinary === null) throw new Error('prometheus is not installed');
  mkdirSync(dataDir, { recursive: true });
  const configFile = join(dataDir, '..', `prometheus-${process.pid}-${Date.now()}.yml`);
  writeFileSync(configFile, config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(
    prometheusBinary.path,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // Blocks of any age stay loaded: retention is not what these tests check.
      '--storage.tsdb.retention.time=100y',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr?.on('data', (d) => void (log = (log + String(d)).slice(-4000)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${log}`);
    try {
      if ((await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) })).ok) break;
    } catch {
      // not listening yet
    }
    if (i === 119) {
      await stop();
      throw new Error(`prometheus not ready after 60 s: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    stop,
    async api<T>(path: string, params: Record<string, string | number>): Promise<T> {
      const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)] as [string, string]));
      const res = await fetch(`${url}/api/v1/${path}?${qs}`, { signal: AbortSignal.timeout(30_000) });
      const body = (await res.json()) as { status: string; data: T; error?: string };
      if (body.status !== 'success') throw new Error(`prometheus ${path} ${qs}: ${body.error ?? res.status}`);
      return body.data;
    },
  };
}

/** One series of a query_range answer: its labels and its [unix seconds, value text] points. */
export interface RangeSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}
