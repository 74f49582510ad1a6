import { defineCommand } from 'citty';

/** `capsim k6 ...`: everything k6, from summaries of real runs to the options generated from scenarios. */
export default defineCommand({
  meta: { name: 'k6', description: 'k6 tools: options generated from scenarios, k6-operator TestRuns, summaries of real runs (merged across runners)' },
  subCommands: {
    summary: () => import('./k6-summary.js').then((m) => m.default),
    options: () => import('./k6-options.js').then((m) => m.default),
    testrun: () => import('./k6-testrun.js').then((m) => m.default),
  },
});
