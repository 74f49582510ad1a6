import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIND_DIR, REPO_ROOT, one, readDocs } from './manifests.js';

const read = (file: string): string => readFileSync(join(KIND_DIR, file), 'utf8');
// Written by another engineer (the recorder's least-privilege role); it may not exist yet.
const OWNED_ELSEWHERE = new Set(['loadtests/kind/recorder-rbac.yaml']);
// Written later by the k6 script's author.
const LATER = new Set(['loadtests/payments.ts']);

describe('kind-up.sh and kind-load.sh', () => {
  it.each(['kind-up.sh', 'kind-load.sh'])('%s passes bash -n and runs with set -euo pipefail', (file) => {
    execFileSync('bash', ['-n', join(KIND_DIR, file)]);
    expect(read(file)).toContain('set -euo pipefail');
  });

  it.each(['kind-up.sh', 'kind-load.sh'])('%s references only files that exist (or are owned elsewhere)', (file) => {
    const refs = read(file).match(/loadtests\/[\w./-]+\.(?:ya?ml|ts|sh)|\$KIND_DIR\/[\w.-]+/g) ?? [];
    for (const ref of refs.map((r) => r.replace('$KIND_DIR/', 'loadtests/kind/'))) {
      if (OWNED_ELSEWHERE.has(ref) || LATER.has(ref)) continue;
      expect({ ref, exists: existsSync(join(REPO_ROOT, ref)) }).toEqual({ ref, exists: true });
    }
  });

  it('kind-up.sh applies metrics-server, the service, the HPA, the VPA and the recorder RBAC', () => {
    const text = read('kind-up.sh');
    for (const file of ['metrics-server.yaml', 'payment-service.yaml', 'hpa.yaml', 'vpa.yaml', 'recorder-rbac.yaml']) {
      expect(text).toMatch(new RegExp(`apply -f "\\$KIND_DIR/${file.replace('.', '\\.')}"`));
    }
    expect(text).toContain('kind load docker-image');
    expect(text).toContain('--config "$KIND_DIR/kind-config.yaml"');
  });

  it('kind-up.sh builds and loads the image the Deployment runs', () => {
    const image = /IMAGE="\$\{IMAGE:-([^}]+)\}"/.exec(read('kind-up.sh'))?.[1];
    const deployment = one(readDocs('payment-service.yaml'), 'Deployment');
    expect(deployment['spec']['template']['spec']['containers'][0]['image']).toBe(image);
  });

  it('kind-up.sh bounds every wait', () => {
    const text = read('kind-up.sh');
    expect(text.match(/rollout status [^\n]*--timeout=/g)).toHaveLength(2);
    expect(text).not.toMatch(/while true|until /);
  });

  it('kind-load.sh runs k6 with the scenario, base URL, time compression, JSON output and summary, and records meanwhile', () => {
    const text = read('kind-load.sh');
    expect(text).toContain('SCENARIO="${SCENARIO:-steady-authorize}"');
    for (const arg of ['-e SCENARIO=', '-e BASE_URL=', '-e TIME_COMPRESSION=', '--out json=', '--summary-export=', 'loadtests/payments.ts']) {
      expect(text).toContain(arg);
    }
    expect(text).toMatch(/BASE_URL="\$\{BASE_URL:-http:\/\/127\.0\.0\.1:30080\}"/);
    expect(text).toMatch(/node dist\/cli\/bin\.js record [^\n]*\\\n[^\n]*2>&1 &\nRECORDER_PID=\$!/);
  });
});
