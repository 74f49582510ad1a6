import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { library, scenarioNames } from '../scenarios/library/index.js';
import { scenarioSchema } from '../scenarios/schema.js';
import { packageRoot } from './packageRoot.js';
import { InputError } from './inputError.js';
import { readScenarioFile, type ScenarioFile } from './scenarioFile.js';
import type { LocatedDocument } from './yamlDocument.js';

/**
 * A scenario argument is a YAML file path or the name of a library scenario.
 * Library scenarios resolve their manifest paths against the package's `scenarios/` folder.
 * @throws InputError for a missing file ("file not found", as every command words it) or a name
 *   that is neither a file nor in the library.
 */
export function resolveScenario(arg: string): ScenarioFile {
  if (existsSync(arg)) return readScenarioFile(arg);
  const spec = library[arg];
  // A path (a folder separator or a YAML extension) is a file the user meant, not a library name.
  if (spec === undefined && /[\\/]|\.ya?ml$/i.test(arg)) return readScenarioFile(arg);
  if (spec === undefined)
    throw new InputError(`unknown scenario "${arg}": expected a scenario YAML file or one of: ${scenarioNames().join(', ')}`);
  const checked = scenarioSchema.safeParse(spec);
  if (!checked.success) throw new Error(`library scenario ${arg} does not validate: ${checked.error.message}`);
  const doc: LocatedDocument = { file: `library:${arg}`, value: spec, lineOf: () => undefined };
  return { spec: checked.data, file: doc.file, dir: resolve(packageRoot(), 'scenarios'), doc };
}
