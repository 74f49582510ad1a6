#!/usr/bin/env node
// Make the screenshots in docs/: a real run report and a comparison of two HPA configurations on
// the Black Friday scenario (docs/examples/black-friday/hpa-80.yaml vs hpa-50.yaml).
// Usage: npm run build && node docs/make-screenshots.mjs   (about 5 minutes: two 24-hour runs)
// The runs go to out/docs/; the same as `bash docs/compare-black-friday.sh` with the CLI.
import { join } from 'node:path';
import { runFiles, runScenario } from '../dist/app/runScenario.js';
import { resolveScenario } from '../dist/input/resolveScenario.js';
import { compareHtml, compareMarkdown } from '../dist/reports/compare.js';
import { writeRunFolder } from '../dist/reports/runFolder.js';
import { recordFromRun } from '../dist/reports/runRecord.js';
import { readRunRecord, recordFiles } from '../dist/reports/runRecordFiles.js';
import { screenshot } from './screenshot.mjs';

const OUT = 'out/docs';
const configs = ['hpa-80', 'hpa-50'];
const folders = [];
for (const c of configs) {
  const started = Date.now();
  const run = runScenario(resolveScenario('black-friday'), { manifests: [`docs/examples/black-friday/${c}.yaml`] });
  const dir = writeRunFolder(join(OUT, `black-friday-${c}`), { ...runFiles(run), ...recordFiles(recordFromRun(run)) });
  console.log(`${dir} (${Math.round((Date.now() - started) / 1000)} s)`);
  folders.push(dir);
}
const records = folders.map(readRunRecord);
const cmp = writeRunFolder(join(OUT, 'black-friday-compare'), { 'compare.html': compareHtml(records), 'compare.md': compareMarkdown(records) });
console.log(await screenshot(join(folders[0], 'report.html'), 'docs/report-screenshot.png', 2600));
console.log(await screenshot(join(cmp, 'compare.html'), 'docs/compare-screenshot.png', 'full'));
