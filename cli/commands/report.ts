import { defineCommand } from 'citty';
import { join } from 'node:path';
import { InputError } from '../../input/inputError.js';
import { compareHtml, compareMarkdown } from '../../reports/compare.js';
import { runHtml } from '../../reports/html.js';
import { runMarkdown } from '../../reports/markdown.js';
import { writeFileAtomic, writeRunFolder } from '../../reports/runFolder.js';
import { readRunRecord } from '../../reports/runRecordFiles.js';
import { ioOf } from '../io.js';

export default defineCommand({
  meta: { name: 'report', description: 'Rebuild the report of a run folder, or put several runs side by side (--compare)' },
  args: {
    runs: { type: 'positional', required: false, description: 'Run folders written by capsim run' },
    compare: { type: 'boolean', description: 'Compare the runs in one HTML + Markdown report' },
    out: { type: 'string', description: 'Output folder (compare: default out/compare; one run: the run folder)' },
  },
  run(ctx) {
    const io = ioOf(ctx);
    const dirs = ctx.args._.map(String);
    if (dirs.length === 0) throw new InputError('expected one or more run folders written by capsim run');
    const records = dirs.map(readRunRecord);
    if (ctx.args.compare || records.length > 1) {
      if (records.length < 2) throw new InputError('expected at least two run folders to compare', undefined, '--compare');
      const out = writeRunFolder(ctx.args.out ?? 'out/compare', { 'compare.html': compareHtml(records), 'compare.md': compareMarkdown(records) });
      io.out(`${join(out, 'compare.html')}\n`);
      return;
    }
    const record = records[0] as (typeof records)[number];
    const out = ctx.args.out === undefined ? (dirs[0] as string) : writeRunFolder(ctx.args.out, {});
    writeFileAtomic(join(out, 'report.md'), runMarkdown(record));
    writeFileAtomic(join(out, 'report.html'), runHtml(record));
    io.out(`${join(out, 'report.html')}\n`);
  },
});
