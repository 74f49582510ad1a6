import { oneLine } from './oneLine.js';

/**
 * An error in something the user gave us (a scenario, a manifest, a k6 output file).
 * The CLI prints `message` on one line and exits with code 2; it never prints a stack.
 *
 * The message always names where (file, then line or field path) and what was expected,
 * e.g. `scenario.yaml:7: traffic.stages[1].duration: expected a duration like 90s, 20m or 1h30m, got "10 minutes"`.
 * Every part is made one line (newlines and control characters escaped, long text cut), since
 * file names, keys and excerpts come from the input and may hold anything.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  /** What was wrong and what was expected, without the location (one line). */
  readonly problem: string;
  /** File path as the user gave it, if the input came from a file. */
  readonly file?: string;
  /** Dotted field path inside the document, such as `spec.behavior.scaleUp.policies[0].periodSeconds`. */
  readonly field?: string;
  constructor(
    problem: string,
    file?: string,
    field?: string,
    /** 1-based line number inside the file, when known. */
    readonly line?: number,
    /** 1-based column of the node inside that line, when known. */
    readonly column?: number,
  ) {
    const p = oneLine(problem);
    const f = file === undefined ? undefined : oneLine(file, 200);
    const fld = field === undefined ? undefined : oneLine(field, 200);
    super(formatLocation(f, line, column, fld) + p);
    this.problem = p;
    if (f !== undefined) this.file = f;
    if (fld !== undefined) this.field = fld;
  }
}

function formatLocation(file?: string, line?: number, column?: number, field?: string): string {
  let where = '';
  if (file !== undefined) where += line !== undefined ? `${file}:${line}:${column !== undefined ? `${column}:` : ''} ` : `${file}: `;
  if (field !== undefined && field !== '') where += `${field}: `;
  return where;
}

/** Exit code for bad user input (as the issue specifies). */
export const EXIT_BAD_INPUT = 2;

/** Raised by pure code at a field path; defined below the readers so that scenarios/ can raise it too. */
export { FieldProblem } from '../core/fieldProblem.js';
