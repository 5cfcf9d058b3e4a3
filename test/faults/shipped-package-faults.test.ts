import { prepareScenario, type FaultScenario } from './fault-harness.js';
import { describeFaultSuite } from './fault-suite.js';

/**
 * A shipped package (edu-core: 800+ objects, category model with option combos) into an empty
 * server. Two kinds of fault keep the suite short: a 500 nothing retries and a dropped connection;
 * a larger client timeout keeps the big import clear of spurious timeouts on a busy machine.
 */
const scenario: FaultScenario = {
  name: 'shipped',
  seed: 'empty',
  setup: async () => {},
  args: ['install', 'edu-core'],
  timeoutSeconds: 30,
  idempotent: true,
};

describeFaultSuite(
  'a failing HTTP call during `edupkg install edu-core` (a shipped package)',
  scenario,
  await prepareScenario(scenario),
  ['500', 'drop'],
);
