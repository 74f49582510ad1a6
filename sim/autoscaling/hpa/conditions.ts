import type { ConditionType, HpaCondition } from './types.js';

/**
 * Set a condition as horizontal.go `setConditionInList` does: replace the entry of that type in
 * place, or append it. Returns a new list.
 */
export function setCondition(list: readonly HpaCondition[], type: ConditionType, status: 'True' | 'False', reason: string, message: string): HpaCondition[] {
  const next = [...list];
  const i = next.findIndex((c) => c.type === type);
  const c: HpaCondition = { type, status, reason, message };
  if (i >= 0) next[i] = c;
  else next.push(c);
  return next;
}
