import { readFile } from 'node:fs/promises';
import { InputError } from '../../input/inputError.js';
import { podStartups, replicasOverTime, type PodStartup, type ReplicasPoint } from './derive.js';
import { TIMELINE_FORMAT_VERSION, timelineLine, type MetaLine, type TimelineLine } from './timeline.js';

export interface ReadTimelineOptions {
  /** The namespace the caller expects; a timeline recorded elsewhere gets a warning. */
  namespace?: string | undefined;
}

export interface Timeline {
  meta: MetaLine;
  /** Every line after meta, in file order. */
  lines: TimelineLine[];
  /** Problems that do not stop the reading, each naming the file (and line). */
  warnings: string[];
  podStartups: PodStartup[];
  replicas: ReplicasPoint[];
}

/**
 * Read and validate a timeline written by `capsim record`. Blank lines are skipped; a last line
 * cut short (the recorder killed mid-write) is an error like any other broken line.
 * @throws InputError naming file and line when a line is not JSON, not a known line shape, or the
 *   first line is not `meta` of format version 1.
 * @example const tl = await readTimeline('timeline.ndjson', { namespace: 'pay' }); tl.podStartups[0]?.delayMs
 */
export async function readTimeline(file: string, options: ReadTimelineOptions = {}): Promise<Timeline> {
  const text = await readFile(file, 'utf8');
  const parsed: TimelineLine[] = [];
  let meta: MetaLine | undefined;
  const rows = text.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const row = (rows[i] ?? '').trim();
    if (row === '') continue;
    const line = parseLine(row, file, i + 1);
    if (meta === undefined) {
      if (line.kind !== 'meta') throw new InputError(`expected the first line to be {"kind":"meta",...}, got kind "${line.kind}"`, file, undefined, i + 1);
      meta = line;
    } else parsed.push(line);
  }
  if (meta === undefined) throw new InputError('expected a timeline (a meta line first), got an empty file', file);
  const warnings: string[] = [];
  if (options.namespace !== undefined && meta.namespace !== options.namespace) {
    warnings.push(`${file}:1: namespace: timeline was recorded in namespace "${meta.namespace}", expected "${options.namespace}"`);
  }
  return { meta, lines: parsed, warnings, podStartups: podStartups(parsed), replicas: replicasOverTime(parsed) };
}

const KINDS: readonly string[] = timelineLine.options.map((o) => o.shape.kind.value);

function parseLine(row: string, file: string, line: number): TimelineLine {
  let json: unknown;
  try {
    json = JSON.parse(row);
  } catch {
    throw new InputError(`expected one JSON object per line, got ${JSON.stringify(row.slice(0, 60))}`, file, undefined, line);
  }
  const kind = (json as { kind?: unknown } | null)?.kind;
  if (!KINDS.includes(kind as string)) {
    throw new InputError(`expected one of ${KINDS.join(', ')}, got ${JSON.stringify(kind) ?? 'nothing'}`, file, 'kind', line);
  }
  const version = (json as { formatVersion?: unknown }).formatVersion;
  if (kind === 'meta' && version !== TIMELINE_FORMAT_VERSION) {
    throw new InputError(`expected ${TIMELINE_FORMAT_VERSION} (this capsim reads timelines of format ${TIMELINE_FORMAT_VERSION}), got ${JSON.stringify(version) ?? 'nothing'}`, file, 'formatVersion', line);
  }
  const result = timelineLine.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  throw new InputError(`expected a timeline line of kind ${String(kind)}: ${issue?.message ?? 'invalid'}`, file, field, line);
}
