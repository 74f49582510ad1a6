/**
 * A capsim writer in a loop, for the race and kill tests: `node writerLoop.js <folder> <count>`
 * calls the project's writeRunFolder `count` times (0: until killed) with files that name this
 * process and the iteration. Refusals (InputError: another capsim is writing) are counted; any
 * other error is an internal error: printed, exit 1. Prints `written <n> refused <n> <messages>` as JSON.
 */
import { InputError } from '../../../input/inputError.js';
import { writeRunFolder } from '../../../reports/runFolder.js';

const [folder, countText] = process.argv.slice(2) as [string, string];
const count = Number(countText);
let written = 0;
const refusals: Record<string, number> = {};
for (let i = 0; count === 0 || i < count; i++) {
  const files: Record<string, string> = { 'summary.json': `{"pid":${process.pid},"i":${i}}\n`, 'report.md': `# ${process.pid} ${i}\n${'x'.repeat(20_000)}\n` };
  // Every other write drops a file and adds another, so that reruns also remove capsim's stale files.
  files[i % 2 === 0 ? 'even.csv' : 'odd/deep.csv'] = `${i}\n`;
  try {
    writeRunFolder(folder, files);
    written++;
  } catch (e) {
    if (!(e instanceof InputError)) {
      process.stderr.write(`internal error: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    }
    const kind = e.problem.replace(/\d+/g, 'N');
    refusals[kind] = (refusals[kind] ?? 0) + 1;
  }
}
process.stdout.write(JSON.stringify({ written, refusals }) + '\n');
