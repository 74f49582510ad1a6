import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Poll `ok` every 250 ms, at most `tries` times (a thrown error counts as not yet).
 * @throws Error naming what never happened.
 */
export async function waitFor(ok: () => Promise<boolean>, tries: number, what: string): Promise<void> {
  for (let i = 0; i < tries; i++) {
    try {
      if (await ok()) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}
