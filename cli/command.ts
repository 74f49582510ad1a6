import type { CliIo } from './io.js';

/**
 * How a capsim command is declared: plain data (name, description, positional arguments,
 * options with their defaults, one example) plus a `run` that only calls library code.
 * The same declaration builds the parser and its `--help` (cli/program.ts) and the README's
 * flags table (cli/docs.ts), so the two cannot drift.
 *
 * Command files import library code inside `run` (`await import(...)`), so that parsing and
 * `--help` load nothing heavy.
 */

/** Turns a flag's text into its value; throws an InputError naming the flag. */
export type Parser<T> = (text: string, flag: string) => T;

/** `--json`: off unless given. */
export interface FlagDef {
  readonly kind: 'flag';
  readonly description: string;
}

/** `--out <dir>`: one value. `Always` is true when the value is always present (required or defaulted). */
export interface ValueDef<T, Always extends boolean> {
  readonly kind: 'value';
  readonly placeholder: string;
  readonly description: string;
  readonly parse: Parser<T>;
  readonly always: Always;
  readonly required: boolean;
  /** Default as text, parsed like a given value. */
  readonly default?: string;
  /** What happens when the flag is absent, when no literal default applies ("every core"). */
  readonly defaultText?: string;
}

/** `--k6 <file>` given any number of times: every value, in order. */
export interface ListDef<T> {
  readonly kind: 'list';
  readonly placeholder: string;
  readonly description: string;
  readonly parse: Parser<T>;
  readonly defaultText?: string;
}

export type OptionDef = FlagDef | ValueDef<unknown, boolean> | ListDef<unknown>;

/** A positional argument. */
export interface ArgDef<Required extends boolean = boolean, Variadic extends boolean = boolean> {
  readonly description: string;
  readonly required: Required;
  readonly variadic: Variadic;
}

export type OptionValue<D> = D extends FlagDef
  ? boolean
  : D extends ValueDef<infer T, infer Always>
    ? Always extends true ? T : T | undefined
    : D extends ListDef<infer T>
      ? T[]
      : never;
export type OptionValues<O> = { -readonly [K in keyof O]: OptionValue<O[K]> };

export type ArgValue<D> = D extends ArgDef<infer R, infer V> ? (V extends true ? string[] : R extends true ? string : string | undefined) : never;
export type ArgValues<A> = { -readonly [K in keyof A]: ArgValue<A[K]> };

export interface CommandSpec<A extends Record<string, ArgDef> = Record<string, ArgDef>, O extends Record<string, OptionDef> = Record<string, OptionDef>> {
  readonly name: string;
  /** One line, shown in the parent's command list and at the top of `--help`. */
  readonly description: string;
  /** One complete command line (without `$`), shown under `--help`. */
  readonly example: string;
  readonly args?: A;
  readonly options?: O;
  readonly subcommands?: readonly AnyCommand[];
  /** The work. Absent for a group, which only dispatches to its subcommands. */
  readonly run?: (args: ArgValues<A>, options: OptionValues<O>, io: CliIo) => void | Promise<void>;
}

/** A command of any argument and option shape (for lists of commands). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = CommandSpec<any, any>;

/** Declare a command; identity at run time, it checks and infers the shapes. */
export function command<A extends Record<string, ArgDef> = Record<never, ArgDef>, O extends Record<string, OptionDef> = Record<never, OptionDef>>(spec: CommandSpec<A, O>): CommandSpec<A, O> {
  return spec;
}

/** A boolean flag, off unless given. */
export function flag(description: string): FlagDef {
  return { kind: 'flag', description };
}

const text: Parser<string> = (t) => t;

/**
 * An option with one value. Every value option says what happens without it: `required`, a
 * literal `default` (parsed like a given value) or `defaultText` describing a computed default.
 */
export function option(placeholder: string, description: string, o: { required: true }): ValueDef<string, true>;
export function option(placeholder: string, description: string, o: { default: string }): ValueDef<string, true>;
export function option(placeholder: string, description: string, o: { defaultText: string }): ValueDef<string, false>;
export function option<T>(placeholder: string, description: string, o: { parse: Parser<T>; required: true }): ValueDef<T, true>;
export function option<T>(placeholder: string, description: string, o: { parse: Parser<T>; default: string }): ValueDef<T, true>;
export function option<T>(placeholder: string, description: string, o: { parse: Parser<T>; defaultText: string }): ValueDef<T, false>;
export function option<T>(placeholder: string, description: string, o: { parse?: Parser<T>; required?: true; default?: string; defaultText?: string }): ValueDef<T, boolean> {
  return {
    kind: 'value',
    placeholder,
    description,
    parse: o.parse ?? (text as Parser<T>),
    always: o.required === true || o.default !== undefined,
    required: o.required === true,
    ...(o.default !== undefined ? { default: o.default } : {}),
    ...(o.defaultText !== undefined ? { defaultText: o.defaultText } : {}),
  };
}

/** An option that may be given several times (`--k6 a --k6 b`); its value is the list. */
export function list(placeholder: string, description: string, o?: { defaultText?: string }): ListDef<string>;
export function list<T>(placeholder: string, description: string, o: { parse: Parser<T>; defaultText?: string }): ListDef<T>;
export function list<T>(placeholder: string, description: string, o: { parse?: Parser<T>; defaultText?: string } = {}): ListDef<T> {
  return { kind: 'list', placeholder, description, parse: o.parse ?? (text as Parser<T>), ...(o.defaultText !== undefined ? { defaultText: o.defaultText } : {}) };
}

/** A positional argument: optional unless `required`; `variadic` takes every remaining one. */
export function argument(description: string, o: { required: true; variadic: true }): ArgDef<true, true>;
export function argument(description: string, o: { variadic: true }): ArgDef<false, true>;
export function argument(description: string, o: { required: true }): ArgDef<true, false>;
export function argument(description: string): ArgDef<false, false>;
export function argument(description: string, o: { required?: boolean; variadic?: boolean } = {}): ArgDef {
  return { description, required: o.required ?? false, variadic: o.variadic ?? false };
}

/** What `--help` and the README say about an option's default. */
export function defaultOf(def: OptionDef): string {
  if (def.kind === 'flag') return 'off';
  if (def.kind === 'list') return def.defaultText ?? 'none';
  if (def.required) return 'required';
  return def.default ?? def.defaultText ?? 'none';
}

/** `--out <dir>` as the help and the README show it. */
export function optionTerm(name: string, def: OptionDef): string {
  return def.kind === 'flag' ? `--${name}` : `--${name} <${def.placeholder}>`;
}

/** The option's description with its default, as `--help` shows it. */
export function optionHelp(def: OptionDef): string {
  if (def.kind === 'flag') return def.description;
  const notes = [...(def.kind === 'list' ? ['repeatable'] : []), defaultOf(def) === 'required' ? 'required' : `default: ${defaultOf(def)}`];
  return `${def.description} (${notes.join('; ')})`;
}

/** Thrown by a command that wants a specific exit code without an error message (e.g. thresholds crossed, interrupted). */
export class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
