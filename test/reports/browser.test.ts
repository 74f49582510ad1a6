import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareHtml } from '../../reports/compare.js';
import { runHtml } from '../../reports/html.js';
import { recordFromRun } from '../../reports/runRecord.js';
import { smallMixRun } from './smallMix.js';

/**
 * The HTML reports in a real headless browser: Debian's chromium driven by playwright-core.
 * CI installs it (.ci/run: apt-get install -y chromium); where it cannot be installed the tests
 * are skipped and say why. The screenshot is saved to test-artifacts/report.png (git-ignored).
 */
const CHROMIUM = '/usr/bin/chromium';
const missing = !existsSync(CHROMIUM);
const why = missing ? ` [SKIPPED: ${CHROMIUM} is missing; install it with: apt-get install -y chromium]` : '';
if (missing) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = 'test-artifacts';

/** Made-up calibration results, to draw the calibration section too. */
const CALIBRATION = {
  rows: [
    { scope: 'overall', metric: 'p50 2xx', measured: 40, predicted: 37, relativeError: -0.075 },
    { scope: 'overall', metric: 'p99 2xx', measured: 650, predicted: 608, relativeError: -0.065 },
    { scope: 'overall', metric: 'throughput 2xx rps', measured: 290, predicted: 290.5, relativeError: 0.0017 },
    { scope: 'overall', metric: 'error rate', measured: 0.22, predicted: 0.235, relativeError: 0.068 },
  ],
  series: [{ metric: 'ready replicas', unit: 'pods', tSeconds: [0, 10, 20, 30, 40, 50], measured: [2, 2, 3, 3, 3, 2], predicted: [2, 2, 2, 3, 3, 3] }],
};

interface Visit {
  page: Page;
  consoleErrors: string[];
  dialogs: string[];
  /** Requests for anything but the page's own file (there must be none). */
  external: string[];
}

describe.skipIf(missing)(`HTML report in headless chromium${why}`, () => {
  let context: BrowserContext;
  let profile: string;
  let dir: string;

  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'capsim-chromium-profile-'));
    dir = mkdtempSync(join(tmpdir(), 'capsim-browser-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1100, height: 900 } });
  });

  afterAll(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  async function visit(name: string, html: string): Promise<Visit> {
    const file = join(dir, name);
    writeFileSync(file, html);
    const page = await context.newPage();
    const v: Visit = { page, consoleErrors: [], dialogs: [], external: [] };
    page.on('console', (m) => void (m.type() === 'error' && v.consoleErrors.push(m.text())));
    page.on('pageerror', (e) => void v.consoleErrors.push(e.message));
    page.on('dialog', (d) => {
      v.dialogs.push(d.message());
      void d.dismiss();
    });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      v.external.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return v;
  }

  /** Every inline SVG chart: its size on the page and how many paths it draws. */
  const charts = (page: Page) =>
    page.$$eval('figure.chart svg', (svgs) => svgs.map((s) => ({ width: s.getBoundingClientRect().width, height: s.getBoundingClientRect().height, paths: s.querySelectorAll('path').length })));

  it('renders every chart of a run report, logs no console error, fetches nothing, and is saved as a screenshot', async () => {
    const record = recordFromRun(smallMixRun(), { calibration: CALIBRATION });
    const { page, consoleErrors, external } = await visit('report.html', runHtml(record));
    const drawn = await charts(page);
    expect(drawn.length).toBe(7 + 3); // six over time and authorize's latency against its SLO, three of calibration
    for (const c of drawn) {
      expect(c.width).toBeGreaterThan(300);
      expect(c.height).toBeGreaterThan(100);
      expect(c.paths).toBeGreaterThan(5);
    }
    expect(await page.locator('h1').textContent()).toBe('Capacity report: small-mix');
    expect(await page.locator('#slo table tbody tr').count()).toBe(2);
    expect(consoleErrors).toEqual([]);
    expect(external).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    const png = join(ARTIFACTS, 'report.png');
    await page.screenshot({ path: png, fullPage: true });
    expect(statSync(png).size).toBeGreaterThan(10_000);
    await page.close();
  });

  it('shows a scenario named <script>alert(1)</script> as text: no dialog fires, the source holds the escaped form', async () => {
    const evil = '<script>alert(1)</script>';
    const record = { ...recordFromRun(smallMixRun()), name: evil, scenarioText: `name: "${evil}"\n` };
    const html = runHtml(record);
    const { page, dialogs, consoleErrors } = await visit('evil.html', html);
    expect(await page.locator('h1').textContent()).toBe(`Capacity report: ${evil}`);
    expect(await page.locator('script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(readFileSync(join(dir, 'evil.html'), 'utf8')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    await page.close();
  });

  it('renders the three charts of a comparison', async () => {
    const run = recordFromRun(smallMixRun());
    const { page, consoleErrors } = await visit('compare.html', compareHtml([{ ...run, label: 'a' }, { ...run, label: 'b' }]));
    const drawn = await charts(page);
    expect(drawn.length).toBe(3);
    for (const c of drawn) expect(c.width * c.height * c.paths).toBeGreaterThan(0);
    expect(consoleErrors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'compare.png'), fullPage: true });
    await page.close();
  });
});
