import { InputError } from '../../input/inputError.js';
import { formatWarning } from '../k6/warnings.js';
import { loadRun } from '../k6/run.js';
import { readTimeline, type Timeline } from '../recorder/readTimeline.js';
import { runReplay, type RunReplay } from '../replay.js';

/**
 * Load k6 sample files (NDJSON or CSV, gzip or not) as replays over `operations`. Reader
 * warnings (truncated file, time going backwards, skipped lines) go to `warn` as one line each.
 * @throws InputError for a summary JSON or anything that is not k6 samples, and what runReplay throws.
 */
export async function loadReplays(files: readonly string[], operations: readonly string[], warn: (line: string) => void): Promise<RunReplay[]> {
  if (files.length === 0) throw new InputError('expected at least one k6 run (--k6 FILE)', undefined, '--k6');
  const out: RunReplay[] = [];
  for (const file of files) out.push(runReplay(await loadRun(file, (w) => warn(formatWarning(w))), operations));
  return out;
}

/**
 * Read a recorded timeline. A timeline recorded in another namespace than `namespace` (when
 * given) is refused: its pods are not the service's.
 * @throws InputError naming the file for a wrong namespace, and what readTimeline throws.
 */
export async function loadTimeline(file: string, namespace: string | undefined, warn: (line: string) => void): Promise<{ file: string; timeline: Timeline }> {
  const timeline = await readTimeline(file, { namespace });
  if (namespace !== undefined && timeline.meta.namespace !== namespace)
    throw new InputError(`timeline was recorded in namespace "${timeline.meta.namespace}", expected "${namespace}" (--namespace): not this service's pods`, file, 'namespace', 1);
  for (const w of timeline.warnings) warn(w);
  return { file, timeline };
}
