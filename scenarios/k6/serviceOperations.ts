import { FieldProblem } from '../../core/fieldProblem.js';
import type { ScenarioSpec } from '../schema.js';

/**
 * The k6 script POSTs each operation of the mix to `${BASE_URL}/<operation>`: an operation the
 * target service does not have would only show up as a wall of 404s in the run. Check first.
 * @throws FieldProblem at `traffic.mix.<op>` naming the service's operations.
 * @example checkServiceOperations(spec, ['authorize', 'capture']) // throws for a mix with "payout"
 */
export function checkServiceOperations(spec: ScenarioSpec, known: readonly string[]): void {
  for (const op of Object.keys(spec.traffic.mix))
    if (!known.includes(op)) throw new FieldProblem(['traffic', 'mix', op], `the payment service has no operation "${op}" (known: ${known.join(', ')})`);
}
