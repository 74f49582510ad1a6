/**
 * What a search reports its progress to: simulations done out of the current estimate of the
 * total (the command line draws it with cli/progress.ts).
 */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}
