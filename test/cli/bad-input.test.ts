import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_FIXTURES } from '../support/shared.js';
import { capsim, type Transcript } from '../support/cli.js';

/**
 * The reproducers of issue "Robust against any input and any size" (shared/fixtures/bad-input,
 * whose README maps each to its command), as a user would type them. Each must end in exit 0
 * with complete output, or exit 2 with ONE line on stderr that names the file and what was
 * expected, nothing on stdout and no output folder: never a stack trace.
 */
const BAD = join(SHARED_FIXTURES, 'bad-input');
const bad = (name: string) => join(BAD, name);
const outDir = () => join(mkdtempSync(join(tmpdir(), 'capsim-bad-')), 'out');

/** Exit 2, one line naming the file, nothing else. */
function expectOneLine(t: Transcript, file: string, wording: RegExp): void {
  expect(t.code, t.stderr).toBe(2);
  expect(t.stdout).toBe('');
  const lines = t.stderr.split('\n').filter((l) => l !== '');
  expect(lines, t.stderr).toHaveLength(1);
  expect(t.stderr.endsWith('\n')).toBe(true);
  const line = lines[0] as string;
  expect(line).not.toMatch(/internal error|\bat .*\.js:\d+/);
  expect(line).toContain(file);
  expect(line).toMatch(wording);
  // No raw control characters reach the terminal.
  // eslint-disable-next-line no-control-regex
  expect(line).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\ufeff]/);
}

async function runWithManifests(manifests: string): Promise<{ t: Transcript; out: string }> {
  const out = outDir();
  const t = await capsim(['run', bad('d00-scenario.yaml'), '--manifests', bad(manifests), '--out', out]);
  return { t, out };
}

describe('d01: YAML with more than 100 alias uses', () => {
  it('a scenario with 101 harmless uses of one anchor is read (and then judged on its content)', async () => {
    const out = outDir();
    const t = await capsim(['run', bad('d01-alias-101.yaml'), '--out', out]);
    // The aliases resolve; what remains wrong is the content: it is not a full scenario.
    expectOneLine(t, 'd01-alias-101.yaml', /traffic: missing field/);
    expect(existsSync(out)).toBe(false);
  });

  it('a nested alias "bomb" in a scenario is one line naming the file', async () => {
    const t = await capsim(['run', bad('d01-alias-scenario.yaml'), '--out', outDir()]);
    expectOneLine(t, 'd01-alias-scenario.yaml', /unknown field/);
  });

  it('aliases in a manifest are resolved as the API server does, then the manifest is judged', async () => {
    const { t } = await runWithManifests('d01-alias-101.yaml');
    expectOneLine(t, 'd01-alias-101.yaml:1:1: apiVersion', /Required value/);
  });
});

describe('d02: a quantity that is null or a list', () => {
  it.each([
    ['d02-empty-cpu', 'deploy.yaml:11:15: spec.template.spec.containers[0].resources.requests.cpu', /expected a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi, got null/],
    ['d02-manifests', 'deploy.yaml:9:34: spec.template.spec.containers[0].resources.requests.cpu', /expected a Kubernetes quantity .* got \["500m"\]/],
  ])('run --manifests %s: the line and column of the quantity', async (dir, where, wording) => {
    const { t, out } = await runWithManifests(dir);
    expectOneLine(t, where, wording);
    expect(existsSync(out)).toBe(false);
  });

  it('hpa explain with a list as a pod request names the pod list field', async () => {
    const t = await capsim(['hpa', 'explain', '--hpa', bad('d02-hpa.yaml'), '--pods', bad('d02-pods.json'), '--metrics', bad('d02-metrics.json'), '--replicas', '1']);
    expectOneLine(t, 'd02-pods.json: items[0].spec.containers[0].resources.requests.cpu', /expected a Kubernetes quantity/);
  });
});

describe('d04: HPA and Deployment fields of the wrong type', () => {
  it.each([
    ['d04-container-null', 'deploy.yaml:8:10: spec.template.spec.containers[0]', /expected a mapping, got null/],
    // These Deployments have no selector, which the API server requires: that comes first.
    ['d04-metrics-string', 'all.yaml:4:1: spec.selector', /Required value/],
    ['d04-policies-map', 'all.yaml:4:1: spec.selector', /Required value/],
    ['d04-policies-null', 'all.yaml:4:1: spec.selector', /Required value/],
  ])('run --manifests %s', async (dir, where, wording) => {
    const { t, out } = await runWithManifests(dir);
    expectOneLine(t, where, wording);
    expect(existsSync(out)).toBe(false);
  });
});

describe('d05: messages stay on one line', () => {
  it('a YAML key with a newline is escaped', async () => {
    const t = await capsim(['run', bad('d05-key-newline.yaml'), '--out', outDir()]);
    expectOneLine(t, 'd05-key-newline.yaml:2:', /unknown field "a\\nb"/);
  });

  it('invalid JSON quoting a newline is escaped', async () => {
    const t = await capsim(['hpa', 'explain', '--hpa', bad('d02-hpa.yaml'), '--pods', bad('d05-bad.json'), '--metrics', bad('d02-metrics.json'), '--replicas', '1']);
    expectOneLine(t, 'd05-bad.json', /invalid JSON: .*\\n/);
  });
});

describe('d20, d21: manifests the API server rejects', () => {
  it('d20: the HPA is refused at its first problem, with the count of the others', async () => {
    const { t } = await runWithManifests('d20-hpa-nonsense.yaml');
    expectOneLine(t, 'd20-hpa-nonsense.yaml:5:38: spec.scaleTargetRef.name', /expected a string, got \["payments-api"\] \(and 4 more problems\)/);
  });

  it('d21: the Deployment is refused at its first problem', async () => {
    const { t } = await runWithManifests('d21-deploy-nonsense');
    expectOneLine(t, 'deploy.yaml:8:7: spec.template.spec.terminationGracePeriodSeconds', /expected an integer, got "thirty" \(and 2 more problems\)/);
  });
});

describe('d03, d24: hpa explain', () => {
  it('d03: a value nested thousands deep where a timestamp belongs is one line with a short excerpt', async () => {
    const t = await capsim(['hpa', 'explain', '--hpa', bad('d02-hpa.yaml'), '--pods', bad('d03-pods-empty.json'), '--metrics', bad('d02-metrics.json'), '--history', bad('d03-history-deep.json'), '--replicas', '1']);
    expectOneLine(t, 'd03-history-deep.json: recommendations[0].timestamp', /expected an RFC3339 time .*, got \[\[\[\[…\]\]\]\]$/);
  });

  it('d24: a negative CPU usage is refused (metrics-server never reports one)', async () => {
    const fx = join(import.meta.dirname, '..', 'fixtures', 'k8s');
    const t = await capsim(['hpa', 'explain', '--hpa', join(fx, 'payments-hpa.yaml'), '--pods', join(fx, 'payments-pods.json'), '--metrics', bad('d24-podmetrics-negative.json'), '--replicas', '3']);
    expectOneLine(t, 'd24-podmetrics-negative.json: items[1].containers[0].usage.cpu', /expected a quantity of at least 0, got "-540m"/);
  });
});

describe('d05, d06: vpa recommend', () => {
  it('d06: a unix time in the far future (milliseconds given as seconds) is one line with a hint', async () => {
    const t = await capsim(['vpa', 'recommend', '--vpa', bad('d05-vpa.yaml'), '--usage', bad('d06-usage-far-future.csv')]);
    expectOneLine(t, 'd06-usage-far-future.csv:2: time', /expected a time between 1970 and 9999, got "9999999999999" \(unix milliseconds\? give seconds\)/);
  });

  it('year 0000 is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-bad-'));
    const usage = join(dir, 'usage.csv');
    writeFileSync(usage, 'time,pod,container,cpu_cores,memory_bytes\n0000-01-05T00:00:00Z,api-1,api,0.5,1000\n');
    const t = await capsim(['vpa', 'recommend', '--vpa', bad('d05-vpa.yaml'), '--usage', usage]);
    expectOneLine(t, 'usage.csv:2: time', /expected a time between 1970 and 9999/);
  });

  it('d05: a CSV cell holding a newline is escaped', async () => {
    const t = await capsim(['vpa', 'recommend', '--vpa', bad('d05-vpa.yaml'), '--usage', bad('d05-usage-newline.csv')]);
    expectOneLine(t, 'd05-usage-newline.csv:3: time', /got "2026-01-05\\nT00:00:00Z"/);
  });
});

describe('k6 summary: d05, d07, d10, d18, d19, d22', () => {
  it('d05: a corrupt gzip after hundreds of warnings prints only the error', async () => {
    const t = await capsim(['k6', 'summary', bad('d05-warnings-then-error.csv.gz')]);
    expectOneLine(t, 'd05-warnings-then-error.csv.gz', /corrupt gzip data/);
  });

  it.each([
    ['d07-group-list.ndjson', /:1: not k6 output \(Point with a tag that is not a string/],
    ['d07-group-number2.ndjson', /:1: not k6 output \(Point with a tag that is not a string/],
    ['d19-k6-deep-tags.ndjson', /:1: not k6 output \(Point with a tag that is not a string/],
    ['d10-summary-badcrc.json.gz', /corrupt gzip data/],
    ['d10-summary-truncated.json.gz', /gzip stream is cut off/],
  ])('%s: one line', async (file, wording) => {
    expectOneLine(await capsim(['k6', 'summary', bad(file)]), file, wording);
  });

  it.each([
    ['d07-group-number.ndjson', 'Point with a tag that is not a string (k6 writes string tags)'],
    ['d18-bad-date.ndjson', 'Point with a time that is not a valid RFC 3339 date'],
    ['d22-k6-infinite-value.ndjson', 'Point with a value that is not a finite number'],
  ])('%s: the line k6 could not have written is skipped, counted and named', async (file, reason) => {
    const t = await capsim(['k6', 'summary', bad(file)]);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stderr).toBe(`capsim: warning: ${bad(file)}: skipped 1 line(s): ${reason}\n`);
    expect(t.stdout).not.toMatch(/Infinity|NaN/);
  });
});
