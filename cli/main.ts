import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, EXIT_BAD_INPUT } from '../input/inputError.js';
import { packageRoot } from '../input/packageRoot.js';
import { command, ExitCode } from './command.js';
import calibrate from './commands/calibrate.js';
import gate from './commands/gate.js';
import hpa from './commands/hpa.js';
import k6 from './commands/k6.js';
import record from './commands/record.js';
import report from './commands/report.js';
import run from './commands/run.js';
import slo from './commands/slo.js';
import dashboard from './commands/dashboard.js';
import exportCommand from './commands/export.js';
import tune from './commands/tune.js';
import validate from './commands/validate.js';
import vpa from './commands/vpa.js';
import { processIo, type CliIo } from './io.js';
import { buildProgram, UsageError } from './program.js';

/**
 * The `capsim` command. Each command file declares its arguments and options as data and
 * imports library code only when it runs, so parsing and `--help` load nothing heavy.
 */
export const root = command({
  name: 'capsim',
  description: 'Capacity simulator for payment services on Kubernetes',
  example: 'capsim run --default',
  subcommands: [run, hpa, vpa, k6, record, calibrate, validate, report, tune, gate, slo, exportCommand, dashboard],
});

/**
 * Run the CLI with the given arguments. Returns the process exit code:
 * 0 success, 2 bad input or bad usage (one line naming the file, field or flag and what was
 * expected), 1 anything else.
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  // `capsim help hpa explain` is `capsim hpa explain --help`, at any depth.
  const args = argv[0] === 'help' ? [...argv.slice(1), '--help'] : [...argv];
  try {
    await buildProgram(root, io, version()).parseAsync(args, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof ExitCode) return e.code;
    if (e instanceof UsageError) {
      io.err(`${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    if (e instanceof InputError) {
      io.err(`capsim: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    const unreachable = environmentProblem(e);
    if (unreachable !== null) {
      io.err(`capsim: ${unreachable}\n`);
      return 1;
    }
    io.err(`capsim: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

/** capsim's version, from its package.json. */
export function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * A failure of the environment rather than of capsim (the cluster cannot be reached, access is
 * denied): one line saying so, not a stack trace.
 */
function environmentProblem(e: unknown): string | null {
  const err = e as { code?: unknown; statusCode?: unknown; message?: unknown; cause?: { code?: unknown } };
  const code = String(err.code ?? err.cause?.code ?? '');
  const status = Number(err.statusCode ?? (typeof err.code === 'number' ? err.code : NaN));
  if (/^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|ECONNRESET|EAI_AGAIN|CERT_|DEPTH_ZERO|UNABLE_TO_VERIFY)/.test(code))
    return `cannot reach the Kubernetes API server (${code}): check the kubeconfig and context`;
  if (status === 401 || status === 403) return `the Kubernetes API server refused access (HTTP ${status}): the recorder needs get, list and watch (loadtests/kind/recorder-rbac.yaml)`;
  return null;
}
