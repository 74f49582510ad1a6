#!/usr/bin/env node
// Screenshot an HTML report with Debian's headless chromium (playwright-core drives it).
// Usage: node docs/screenshot.mjs REPORT.html OUT.png [--full]
// Needs /usr/bin/chromium (apt-get install -y chromium).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [html, png, flag] = process.argv.slice(2);
if (!html || !png) {
  console.error('usage: node docs/screenshot.mjs REPORT.html OUT.png [--full]');
  process.exit(2);
}
const profile = mkdtempSync(join(tmpdir(), 'capsim-chromium-'));
// A fresh profile folder per run (playwright passes it as --user-data-dir).
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1100, height: 1400 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await context.newPage();
  await page.goto(pathToFileURL(resolve(html)).href);
  await page.screenshot({ path: png, fullPage: flag === '--full' });
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(png);
