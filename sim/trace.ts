import type { RequestTable } from './workload/requestTable.js';
import type { Ms } from './units.js';

/** How a request attempt ended, as the client saw it. */
export const Outcome = { Ok: 0, Rejected: 1, Error: 2, Timeout: 3 } as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];
export const OUTCOME_NAMES = ['ok', 'rejected', 'error', 'timeout'] as const;

/** One request attempt, for `--trace` and request-by-request comparison with a real server log. */
export interface TraceRecord {
  /** Logical request id: k6's iterationInTest in k6 mode, the arrival number otherwise. */
  id: number;
  attempt: number;
  operation: string;
  pod: number;
  arrivalMs: Ms;
  /** Start of service (a worker taken), or null if it never started before the outcome. */
  startMs: Ms | null;
  /** When the client saw the outcome. */
  endMs: Ms;
  status: (typeof OUTCOME_NAMES)[number];
}

/**
 * Collects trace records; only installed when tracing is asked for. With `emit`, each record is
 * handed over as it happens and none is kept (a long run's trace streams to a file: an hour at
 * 2,000 rps is 7 million records), else they are kept in `records`.
 */
export class TraceSink {
  readonly records: TraceRecord[] = [];
  constructor(
    private readonly operations: readonly string[],
    private readonly emit?: (record: TraceRecord) => void,
  ) {}

  record(reqs: RequestTable, r: number, endMs: Ms, outcome: Outcome): void {
    const started = (reqs.pod[r] as number) >= 0 && (reqs.start[r] as number) >= (reqs.arrival[r] as number) && outcome !== Outcome.Rejected;
    const rec: TraceRecord = {
      id: reqs.logical[r] as number,
      attempt: reqs.attempt[r] as number,
      operation: this.operations[reqs.op[r] as number] ?? '?',
      pod: reqs.pod[r] as number,
      arrivalMs: reqs.arrival[r] as number,
      startMs: started ? (reqs.start[r] as number) : null,
      endMs,
      status: OUTCOME_NAMES[outcome],
    };
    if (this.emit) this.emit(rec);
    else this.records.push(rec);
  }
}
