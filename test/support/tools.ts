import { spawnSync } from 'node:child_process';

/**
 * Real command-line tools the tests run (promtool, prometheus, kubectl, docker-compose), found
 * on PATH and probed once. A missing tool is reported by name so its tests are skipped with
 * the reason printed, never passed silently.
 */
export interface Tool {
  /** The command to run. */
  readonly path: string;
  /** What the probe printed (its version line). */
  readonly version: string;
}

/**
 * The first candidate whose probe exits 0 within 20 s, or null.
 * @example findTool(['promtool'], ['--version'])
 */
export function findTool(candidates: readonly string[], probe: readonly string[]): Tool | null {
  for (const path of candidates) {
    const r = spawnSync(path, probe, { encoding: 'utf8', timeout: 20_000 });
    if (r.status === 0) return { path, version: `${r.stdout}${r.stderr}`.split('\n').find((l) => l.trim() !== '')?.trim() ?? '' };
  }
  return null;
}

/** Say which tool is missing and how CI installs it; the tests that need it are skipped. */
export function reportMissing(tool: string, install: string): void {
  console.warn(`${tool} not found: its tests are skipped (CI installs it: ${install})`);
}

export const promtool = findTool(['promtool'], ['--version']);
if (promtool === null) reportMissing('promtool', 'apt-get install --no-install-recommends prometheus');

/** Run a tool; stdout, stderr and the exit status. Bounded: 120 s at most. */
export function runTool(tool: Tool, args: readonly string[], opts: { cwd?: string; input?: string; env?: Record<string, string> } = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(tool.path, args, { encoding: 'utf8', timeout: 120_000, ...(opts.env !== undefined ? { env: { ...process.env, ...opts.env } } : {}), ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}), ...(opts.input !== undefined ? { input: opts.input } : {}) });
  return { status: r.status, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}
