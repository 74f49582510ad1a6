import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT, type Obj } from './manifests.js';

const workflow = parse(readFileSync(join(REPO_ROOT, '.github/workflows/k6-smoke.yml'), 'utf8')) as Obj;
const steps = workflow['jobs']['smoke']['steps'] as Obj[];
const runs = steps.map((s) => String(s['run'] ?? '')).join('\n');
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

// Produced later by other engineers: the k6 script, its bundle and the npm script that builds it.
// Files the workflow builds itself before using them.
const LATER_FILES = new Set(['dist/k6/payments.js']);
const LATER_SCRIPTS = new Set<string>();
// Build outputs checked through their sources.
const BUILT_FROM: Record<string, string> = { 'dist/loadtests/service/main.js': 'loadtests/service/main.ts' };

describe('.github/workflows/k6-smoke.yml', () => {
  it('runs on push and pull_request', () => {
    expect(Object.keys(workflow['on'])).toEqual(expect.arrayContaining(['push', 'pull_request']));
  });

  it('checks out, sets up Node 20, installs with npm ci, builds, installs k6 with grafana/setup-k6-action', () => {
    const uses = steps.map((s) => String(s['uses'] ?? '').split('@')[0]);
    expect(uses).toEqual(expect.arrayContaining(['actions/checkout', 'actions/setup-node', 'grafana/setup-k6-action', 'actions/upload-artifact']));
    expect(steps.find((s) => String(s['uses']).startsWith('actions/setup-node'))?.['with']['node-version']).toBe(20);
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm run build');
  });

  it('starts the reference service on 127.0.0.1:8080 in the background and waits for readiness (bounded)', () => {
    expect(runs).toMatch(/HOST=127\.0\.0\.1 PORT=8080 [^\n]*\n?\s*nohup node dist\/loadtests\/service\/main\.js[^\n]*&/);
    expect(workflow['jobs']['smoke']['env']['BASE_URL']).toBe('http://127.0.0.1:8080');
    expect(runs).toMatch(/for i in \$\(seq 1 30\)[\s\S]*\/readyz/);
  });

  it('runs the compressed steady-authorize smoke on the TypeScript script and on the bundle', () => {
    const k6Runs = runs.replace(/\\\n\s*/g, ' ').match(/k6 run [^\n]*/g) ?? [];
    expect(k6Runs).toHaveLength(2);
    for (const cmd of k6Runs) {
      expect(cmd).toContain('-e SCENARIO=steady-authorize -e BASE_URL="$BASE_URL" -e TIME_COMPRESSION=60 -e SCALE=0.05');
      expect(cmd).toContain('--summary-export=');
    }
    expect(k6Runs[0]).toContain('loadtests/payments.ts');
    expect(k6Runs[1]).toContain('dist/k6/payments.js');
    expect(runs).toContain('npm run build:k6');
  });

  it('uploads the summaries as an artifact, even when a step failed', () => {
    const upload = steps.find((s) => String(s['uses']).startsWith('actions/upload-artifact')) ?? {};
    expect(upload['if']).toBe('always()');
    expect(String(upload['with']['path'])).toContain('env.OUT');
    expect(runs).toContain('--summary-export="$OUT/summary.json"');
  });

  it('references files and npm scripts that exist', () => {
    for (const ref of new Set(runs.match(/\b(?:loadtests|dist)\/[\w./-]+\.(?:ts|js)\b/g) ?? [])) {
      if (LATER_FILES.has(ref)) continue;
      const source = BUILT_FROM[ref] ?? ref;
      expect({ ref, exists: existsSync(join(REPO_ROOT, source)) }).toEqual({ ref, exists: true });
    }
    for (const script of new Set([...runs.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] ?? ''))) {
      if (LATER_SCRIPTS.has(script)) continue;
      expect({ script, defined: script in pkg.scripts }).toEqual({ script, defined: true });
    }
  });
});

describe('npm scripts for the service and the cluster', () => {
  it.each([
    ['kind:up', 'bash loadtests/kind/kind-up.sh'],
    ['kind:load', 'bash loadtests/kind/kind-load.sh'],
    ['service', 'node dist/loadtests/service/main.js'],
  ])('%s -> %s', (name, command) => {
    expect(pkg.scripts[name]).toBe(command);
  });
});
