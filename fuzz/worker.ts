import { main } from '../cli/main.js';

/**
 * A campaign worker: runs `capsim <args>` in this process for each message from the campaign
 * and answers with the exit code and what was printed. Loading the CLI once instead of once
 * per input makes thousands of inputs affordable; a hang or a crash kills only this worker
 * (the campaign counts it, then starts another).
 */
interface Request {
  readonly id: number;
  readonly args: readonly string[];
}

process.on('message', (msg: Request) => {
  let stdout = '';
  let stderr = '';
  const io = { out: (t: string) => void (stdout.length < 1e6 && (stdout += t)), err: (t: string) => void (stderr.length < 1e6 && (stderr += t)), interactive: false };
  main(msg.args, io).then(
    (code) => process.send?.({ id: msg.id, code, stdout, stderr }),
    (e: unknown) => process.send?.({ id: msg.id, code: 1, stdout, stderr: `${stderr}uncaught: ${(e as Error).stack ?? String(e)}` }),
  );
});
// An exception escaping main (a callback thrown outside its promise) is a crash: report it as one.
process.on('uncaughtException', (e) => {
  process.send?.({ id: -1, code: 1, stdout: '', stderr: `uncaught: ${e.stack ?? String(e)}` });
  process.exit(70);
});
