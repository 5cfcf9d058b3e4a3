import { join } from 'node:path';
import { prepareScenario, type FaultScenario } from './fault-harness.js';
import { describeFaultSuite, MINI_FIXTURES, miniCoreUpgrade } from './fault-suite.js';

/** mini-core 1.0.0 installed, then 1.1.0 over it: one update, one new object, history in the ledger. */
const scenario: FaultScenario = {
  name: 'upgrade',
  seed: 'demo',
  setup: async (run) => {
    const first = await run(['install', join(MINI_FIXTURES, 'mini-core'), '--yes']);
    if (first.code !== 0) throw new Error(`setup failed: ${first.stderr}`);
  },
  args: ['install', miniCoreUpgrade()],
  timeoutSeconds: 2,
  idempotent: true,
};

describeFaultSuite(
  'a failing HTTP call during an upgrade (`edupkg install` of a newer version)',
  scenario,
  await prepareScenario(scenario),
);
