import { join } from 'node:path';
import { prepareScenario, type FaultScenario } from './fault-harness.js';
import { describeFaultSuite, MINI_FIXTURES } from './fault-suite.js';

/** mini-dash pulls in mini-core: two new packages, one atomic import, two ledger records. */
const scenario: FaultScenario = {
  name: 'install',
  seed: 'demo',
  setup: async () => {},
  args: ['install', join(MINI_FIXTURES, 'mini-dash')],
  timeoutSeconds: 2,
  idempotent: true,
};

describeFaultSuite(
  'a failing HTTP call during `edupkg install` of two new packages',
  scenario,
  await prepareScenario(scenario),
);
