#!/usr/bin/env node
// Screenshot an HTML report with Debian's headless chromium (playwright-core drives it).
// Usage: node docs/screenshot.mjs REPORT.html OUT.png [HEIGHT_PX | --full]
// Needs /usr/bin/chromium (apt-get install -y chromium).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Save a PNG of `html` (a file path): the top `height` pixels at 1100 px wide, or the full page.
 * @param {string} html @param {string} png @param {number | 'full'} height
 */
export async function screenshot(html, png, height = 'full') {
  // A fresh profile folder per run (playwright passes it to chromium as --user-data-dir).
  const profile = mkdtempSync(join(tmpdir(), 'capsim-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1100, height: height === 'full' ? 1200 : height },
    args: ARGS,
  });
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(resolve(html)).href);
    await page.screenshot({ path: png, fullPage: height === 'full' });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return png;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [html, png, h] = process.argv.slice(2);
  if (!html || !png) {
    console.error('usage: node docs/screenshot.mjs REPORT.html OUT.png [HEIGHT_PX | --full]');
    process.exit(2);
  }
  console.log(await screenshot(html, png, h === undefined || h === '--full' ? 'full' : Number(h)));
}
