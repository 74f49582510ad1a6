import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findTool, promtool, reportMissing, runTool } from '../support/tools.js';

/**
 * compose.yaml, checked by the real `docker-compose config` (Debian's docker-compose 1.29; no
 * Docker engine is needed to validate and resolve the file), and the Prometheus configuration it
 * mounts by `promtool check config` (which also checks the rule files it names).
 */

const compose = findTool(['docker-compose'], ['version', '--short']);
if (compose === null) reportMissing('docker-compose', 'apt-get install --no-install-recommends docker-compose');

interface Resolved {
  services: Record<string, { deploy?: { replicas?: number }; volumes?: Array<string | { source: string; target: string }>; environment?: Record<string, string> }>;
}

function config(env: Record<string, string> = {}): Resolved {
  const r = runTool(compose!, ['-f', 'compose.yaml', 'config'], { env });
  if (r.status !== 0) throw new Error(`docker-compose config failed: ${r.stderr}`);
  return parse(r.stdout) as Resolved;
}

describe.skipIf(compose === null)(`compose.yaml (docker-compose ${compose?.version ?? 'missing'})`, () => {
  it('docker-compose config accepts it: the service (3 replicas by default, REPLICAS=N for N), Prometheus and Grafana', () => {
    const c = config();
    expect(Object.keys(c.services).sort()).toEqual(['grafana', 'payment-service', 'prometheus']);
    expect(c.services['payment-service']?.deploy?.replicas).toBe(3);
    expect(config({ REPLICAS: '5' }).services['payment-service']?.deploy?.replicas).toBe(5);
  });

  it('mounts files and folders that exist in the repository', () => {
    const c = config();
    const sources = Object.values(c.services).flatMap((s) => s.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[0] as string : v.source));
    const local = sources.filter((s) => s.startsWith('/') && !s.includes('/out/'));
    expect(local.length).toBeGreaterThanOrEqual(4);
    for (const s of local) expect(existsSync(s), s).toBe(true);
  });
});

describe.skipIf(promtool === null)('deploy/prometheus/prometheus.yml', () => {
  it('promtool check config accepts it and the SLO rules it loads', () => {
    const r = runTool(promtool!, ['check', 'config', 'deploy/prometheus/prometheus.yml']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/SUCCESS: \d+ rules found/);
  });
});
