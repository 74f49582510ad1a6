import { argument, command, flag, option } from '../command.js';

export default command({
  name: 'report',
  description: 'Rebuild the report of a run folder, or put several runs side by side (--compare)',
  example: 'capsim report --compare out/hpa-50 out/hpa-80 --out out/compare',
  args: { runs: argument('Run folders written by capsim run', { required: true, variadic: true }) },
  options: {
    compare: flag('Compare the runs in one HTML + Markdown report (implied by two or more folders)'),
    out: option('dir', 'Output folder', { defaultText: 'compare: out/compare; one run: the run folder' }),
  },
  async run(a, o, io) {
    const { join } = await import('node:path');
    const { InputError } = await import('../../input/inputError.js');
    const { compareHtml, compareMarkdown } = await import('../../reports/compare.js');
    const { runHtml } = await import('../../reports/html.js');
    const { runMarkdown } = await import('../../reports/markdown.js');
    const { openRunFolder } = await import('../../reports/runFolder.js');
    const { readRunRecord } = await import('../../reports/runRecordFiles.js');
    const compare = o.compare || a.runs.length > 1;
    if (compare && a.runs.length < 2) throw new InputError('expected at least two run folders to compare', undefined, '--compare');
    const records = a.runs.map(readRunRecord);
    // Without --out, one run's report is rebuilt into its own folder, beside its other files.
    const folder = openRunFolder(o.out ?? (compare ? 'out/compare' : (a.runs[0] as string)), undefined, compare ? 'capsim report --compare' : undefined);
    try {
      if (compare) {
        const out = folder.write({ 'compare.html': compareHtml(records), 'compare.md': compareMarkdown(records) });
        io.out(`${join(out, 'compare.html')}\n`);
        return;
      }
      const record = records[0] as (typeof records)[number];
      const out = folder.write({ 'report.md': runMarkdown(record), 'report.html': runHtml(record) }, { add: true });
      io.out(`${join(out, 'report.html')}\n`);
    } finally {
      folder.release();
    }
  },
});
