import { join } from 'node:path';
import { REPO_ROOT } from '../support/run-cli.js';
import {
  describeCall,
  expectedExitCode,
  FAULT_KINDS,
  prepareScenario,
  runWithFault,
  type FaultScenario,
} from './fault-harness.js';
import { expectCleanFailure, expectRecovered, expectWholeState } from './expectations.js';

const miniDash = join(REPO_ROOT, 'test', 'fixtures', 'install', 'mini-dash');

/** mini-dash pulls in mini-core: two packages, one atomic import, two ledger records. */
const scenario: FaultScenario = {
  name: 'install',
  seed: 'demo',
  setup: async () => {},
  args: ['install', miniDash],
  timeoutSeconds: 2,
  idempotent: true,
};
const baseline = await prepareScenario(scenario);

describe('a failing HTTP call during `edupkg install` of two new packages', () => {
  it('is enumerated from a clean run: version, lock, ledger, server state, validate, commit, ledger writes, unlock', () => {
    expect(baseline.calls.map(describeCall)).toEqual(
      expect.arrayContaining(['POST /api/dataStore/edupkg/lock #1', 'POST /api/metadata #2', 'DELETE /api/dataStore/edupkg/lock #1']),
    );
  });

  describe.each(FAULT_KINDS)('a %s', (kind) => {
    it.each(baseline.calls.map((call, i) => [describeCall(call), i] as const))(
      'at %s leaves the server unchanged or fully installed, says so in one line, and a rerun completes the job',
      async (_name, index) => {
        const call = baseline.calls[index]!;
        const outcome = await runWithFault(scenario, baseline, call, kind);
        expectCleanFailure(outcome.run, expectedExitCode(call, kind, index === baseline.calls.length - 1));
        expectWholeState(outcome);
        expectRecovered(outcome, baseline);
      },
    );
  });
});
