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
 * @param args the command's arguments as given, by name.
 * @param options its options as given (strings or lists of strings), by name without `--`.
 * @throws InputError naming the output path and the argument that reads it.
 */
export function refuseOutputOverInput(args: Readonly<Record<string, unknown>>, options: Readonly<Record<string, unknown>>): void {
  const inputs: { what: string; path: string }[] = [];
  const collect = (what: string, v: unknown) => {
    for (const p of Array.isArray(v) ? v : [v]) {
      const real = typeof p === 'string' ? existingFile(p) : undefined;
      if (real !== undefined) inputs.push({ what, path: real });
    }
  };
  for (const [name, v] of Object.entries(args)) collect(`the ${name} argument`, v);
  for (const [name, v] of Object.entries(options)) if (!(OUTPUTS as readonly string[]).includes(name)) collect(`--${name}`, v);
  for (const name of OUTPUTS) {
    const out = options[name];
    const real = typeof out === 'string' ? existingFile(out) : undefined;
    const input = real === undefined ? undefined : inputs.find((i) => i.path === real);
    if (input !== undefined) throw new InputError(`--${name} names a file this command reads (${input.what}); capsim never writes over its inputs: choose another path`, out as string);
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
