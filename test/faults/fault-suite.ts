import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/run-cli.js';
import { expectCleanFailure, expectRecovered, expectWholeState } from './expectations.js';
import {
  describeCall,
  expectedExitCode,
  FAULT_KINDS,
  runWithFault,
  type FaultKind,
  type FaultScenario,
  type ScenarioBaseline,
} from './fault-harness.js';

export const MINI_FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'install');

/** For every call of the clean run and every fault kind: one test, named after the call. */
export function describeFaultSuite(
  title: string,
  scenario: FaultScenario,
  baseline: ScenarioBaseline,
  kinds: readonly FaultKind[] = FAULT_KINDS,
): void {
  describe(title, () => {
    it('has its HTTP calls enumerated from a clean run', () => {
      expect(baseline.calls.length).toBeGreaterThan(3);
      expect(baseline.known.after).not.toEqual(baseline.known.before);
    });
    describe.each(kinds)('a %s', (kind) => {
      it.concurrent.each(baseline.calls.map((call, i) => [describeCall(call), i] as const))(
        'at %s leaves the server as before or as after, says why in one line, and a rerun completes the job',
        async (_name, index) => {
          const call = baseline.calls[index]!;
          const outcome = await runWithFault(scenario, baseline, call, kind);
          expectCleanFailure(outcome.run, expectedExitCode(call, kind, index === baseline.calls.length - 1));
          expectWholeState(outcome);
          expectRecovered(outcome, baseline);
        },
        // Each case runs the CLI twice against its own sandbox, concurrently with the others.
        240_000,
      );
    });
  });
}

/**
 * mini-core 1.1.0: one data element renamed, one added. A copy in a temp folder, with mini-dash
 * beside it so dependencies still resolve.
 */
export function miniCoreUpgrade(): string {
  const root = mkdtempSync(join(tmpdir(), 'edupkg-faults-pkgs-'));
  cpSync(join(MINI_FIXTURES, 'mini-core'), join(root, 'mini-core'), { recursive: true });
  const manifest = join(root, 'mini-core', 'package.yaml');
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('version: 1.0.0', 'version: 1.1.0'));
  const file = join(root, 'mini-core', 'metadata', 'dataElements.json');
  const value = JSON.parse(readFileSync(file, 'utf8')) as { dataElements: Array<Record<string, unknown>> };
  value.dataElements[0]!.shortName = 'Mini enrolment v1.1';
  value.dataElements.push({
    aggregationType: 'SUM',
    categoryCombo: { id: 'bjDvmb4bfuf' },
    code: 'MINI_REPEATERS',
    domainType: 'AGGREGATE',
    id: 'MiniDeRep01',
    name: 'Mini repeaters',
    shortName: 'Mini repeaters',
    valueType: 'INTEGER_ZERO_OR_POSITIVE',
  });
  writeFileSync(file, JSON.stringify(value, null, 2));
  return join(root, 'mini-core');
}
