import { command } from '../command.js';
import options from './k6-options.js';
import summary from './k6-summary.js';
import script from './k6-script.js';
import testrun from './k6-testrun.js';

/** `capsim k6 ...`: everything k6, from summaries of real runs to the options generated from scenarios. */
export default command({
  name: 'k6',
  description: 'k6 tools: options generated from scenarios, k6-operator TestRuns, summaries of real runs (merged across runners)',
  example: 'capsim k6 options checkout-peak',
  subcommands: [summary, options, script, testrun],
});
