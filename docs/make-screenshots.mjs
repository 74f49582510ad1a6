#!/usr/bin/env node
// Make the screenshots in docs/: a real run report and a comparison of two HPA configurations on
// the Black Friday scenario (docs/examples/black-friday/hpa-80.yaml vs hpa-50.yaml).
// Usage: npm run build && node docs/make-screenshots.mjs [--reuse]
//   (about 5 minutes: two 24-hour runs; --reuse rebuilds the reports from the run folders already
//   in out/docs/ without simulating again). The same runs as `bash docs/compare-black-friday.sh`.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFiles, runScenario } from '../dist/app/runScenario.js';
import { resolveScenario } from '../dist/input/resolveScenario.js';
import { compareHtml, compareMarkdown } from '../dist/reports/compare.js';
import { writeRunFolder } from '../dist/reports/runFolder.js';
import { recordFromRun } from '../dist/reports/runRecord.js';
import { readRunRecord, recordFiles } from '../dist/reports/runRecordFiles.js';
import { runHtml } from '../dist/reports/html.js';
import { screenshot } from './screenshot.mjs';

const OUT = 'out/docs';
const configs = ['hpa-80', 'hpa-50'];
const folders = [];
const reuse = process.argv.includes('--reuse');
for (const c of configs) {
  const folder = join(OUT, `black-friday-${c}`);
  if (reuse && existsSync(join(folder, 'summary.json'))) {
    writeFileSync(join(folder, 'report.html'), runHtml(readRunRecord(folder)));
    folders.push(folder);
    continue;
  }
  const started = Date.now();
  const run = runScenario(resolveScenario('black-friday'), { manifests: [`docs/examples/black-friday/${c}.yaml`] });
  const dir = writeRunFolder(folder, { ...runFiles(run), ...recordFiles(recordFromRun(run)) });
  console.log(`${dir} (${Math.round((Date.now() - started) / 1000)} s)`);
  folders.push(dir);
}
const records = folders.map(readRunRecord);
const cmp = writeRunFolder(join(OUT, 'black-friday-compare'), { 'compare.html': compareHtml(records), 'compare.md': compareMarkdown(records) });
console.log(await screenshot(join(folders[0], 'report.html'), 'docs/report-screenshot.png', 2600));
console.log(await screenshot(join(cmp, 'compare.html'), 'docs/compare-screenshot.png', 'full'));
