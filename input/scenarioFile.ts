import { dirname, resolve } from 'node:path';
import { scenarioSchema, type ScenarioSpec } from '../scenarios/schema.js';
import { FieldProblem, InputError } from './inputError.js';
import { readTextFile } from './readText.js';
import { parseYaml, type LocatedDocument } from './yamlDocument.js';
import { issueToInputError } from './zodIssue.js';

/** A scenario read from a file, with what is needed to report errors against it. */
export interface ScenarioFile {
  spec: ScenarioSpec;
  file: string;
  /** Directory of the file: manifest paths are relative to it. */
  dir: string;
  doc: LocatedDocument;
}

/**
 * Read and validate a scenario YAML file.
 * @throws InputError naming the file, line, field and what was expected.
 */
export function readScenarioFile(file: string): ScenarioFile {
  const text = readTextFile(file);
  return parseScenario(text, file, dirname(resolve(file)));
}

/** Validate scenario text (YAML) that came from `file`. */
export function parseScenario(text: string, file: string, dir: string): ScenarioFile {
  const doc = parseYaml(text, file);
  if (doc.value === null || typeof doc.value !== 'object' || Array.isArray(doc.value))
    throw new InputError('expected a scenario: a YAML mapping with name, traffic and workload', file, undefined, 1);
  const parsed = scenarioSchema.safeParse(doc.value);
  if (!parsed.success) {
    // A misspelt key also makes the real key "missing": report the misspelling, it explains both.
    const issues = parsed.error.issues;
    const first = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
    throw issueToInputError(first as never, doc);
  }
  return { spec: parsed.data, file, dir, doc };
}

/**
 * Run pure code that may throw FieldProblem (or an InputError with a field but no file) and
 * attach this file and the line of the field.
 */
export function withLocation<T>(sf: Pick<ScenarioFile, 'file' | 'doc'>, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof FieldProblem) throw new InputError(e.problem, sf.file, e.path.map(String).join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]'), sf.doc.lineOf(e.path));
    if (e instanceof InputError && e.file === undefined) {
      const path = (e.field ?? '').split(/\.|\[|\]/).filter((p) => p !== '').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      throw new InputError(e.problem, sf.file, e.field, sf.doc.lineOf(path));
    }
    throw e;
  }
}
