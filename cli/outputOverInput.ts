import { realpathSync, statSync } from 'node:fs';
import { InputError } from '../input/inputError.js';

/** Options that name something a command writes; every other argument may be something it reads. */
const OUTPUTS = ['out', 'trace'] as const;

/**
 * Refuse an output file that is one of the command's own inputs (`calibrate --scenario s.yaml
 * --out s.yaml` would replace the scenario with the model; `run s.yaml --trace s.yaml` with a
 * trace): capsim never writes over what the user gave it. Compared by real path, so a link or
 * `./` spelling is the same file. Folders are not compared: a folder output only replaces files
 * capsim wrote there (a run rerun from its own `scenario.yaml` copy is fine).
 * @param values every argument and option as given (strings or lists of strings), by name.
 * @throws InputError naming the output path and the argument that reads it.
 */
export function refuseOutputOverInput(values: Readonly<Record<string, unknown>>): void {
  const inputs: { name: string; path: string }[] = [];
  for (const [name, v] of Object.entries(values)) {
    if ((OUTPUTS as readonly string[]).includes(name)) continue;
    for (const p of Array.isArray(v) ? v : [v]) {
      const real = typeof p === 'string' ? existingFile(p) : undefined;
      if (real !== undefined) inputs.push({ name, path: real });
    }
  }
  for (const name of OUTPUTS) {
    const out = values[name];
    const real = typeof out === 'string' ? existingFile(out) : undefined;
    const input = real === undefined ? undefined : inputs.find((i) => i.path === real);
    if (input !== undefined)
      throw new InputError(`--${name} names a file this command reads (${input.name.startsWith('-') ? input.name : `the ${input.name} argument`}); capsim never writes over its inputs: choose another path`, out as string);
  }
}

/** The real path of `p` when it is an existing file, else undefined. */
function existingFile(p: string): string | undefined {
  try {
    return statSync(p).isFile() ? realpathSync(p) : undefined;
  } catch {
    return undefined;
  }
}
