/**
 * A problem at a field of a document, raised by pure code that does not know the file (the
 * scenario compiler, quantity parsing). The adapter that read the file turns it into an
 * InputError with the file and line (input/scenarioFile.ts `withLocation`).
 */
export class FieldProblem extends Error {
  override readonly name = 'FieldProblem';
  constructor(readonly path: ReadonlyArray<string | number>, readonly problem: string) {
    super(`${path.join('.')}: ${problem}`);
  }
}
