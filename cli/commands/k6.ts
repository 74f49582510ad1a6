import { defineCommand } from 'citty';

/** `capsim k6 ...`: everything k6, from summaries of real runs to the options generated from scenarios. */
export default defineCommand({
  meta: { name: 'k6', description: 'k6 tools: summaries of real runs (merged across runners)' },
  subCommands: {
    summary: () => import('./k6-summary.js').then((m) => m.default),
  },
});
