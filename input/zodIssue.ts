import type { core } from 'zod';
import { InputError } from './inputError.js';
import { excerpt } from './oneLine.js';
import { formatPath, type LocatedDocument } from './yamlDocument.js';

/**
 * Turn the first schema issue into a one-line InputError: file, line, field path, what was
 * expected and what was found.
 */
export function issueToInputError(issue: core.$ZodIssue, doc: LocatedDocument): InputError {
  let path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  let problem = issue.message;
  if (issue.code === 'unrecognized_keys') {
    path = [...path, issue.keys[0] as string];
    problem = `unknown field "${issue.keys[0]}" (misspelt?)`;
  } else {
    const found = valueAt(doc.value, path);
    if (found === undefined) problem = `missing field: ${problem.replace(/^Invalid input: /, '').replace(/, received undefined$/, '')}`;
    else problem = `${problem.replace(/^Invalid input: /, '')}, got ${excerpt(found)}`;
  }
  return new InputError(problem, doc.file, formatPath(path), doc.lineOf(path));
}

export function valueAt(v: unknown, path: ReadonlyArray<string | number>): unknown {
  let cur = v;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}
