import { join } from 'node:path';
import type { CliResult } from '../support/run-cli.js';
import { prepareScenario, type FaultScenario } from './fault-harness.js';
import { describeFaultSuite, MINI_FIXTURES, miniCoreUpgrade } from './fault-suite.js';

const succeed = async (result: Promise<CliResult>) => {
  const r = await result;
  if (r.code !== 0) throw new Error(`setup failed: ${r.stderr}`);
};

/** Rolling back an upgrade: one object restored (validate + commit), one removed. */
const afterUpgrade: FaultScenario = {
  name: 'rollback-upgrade',
  seed: 'demo',
  setup: async (run) => {
    await succeed(run(['install', join(MINI_FIXTURES, 'mini-core'), '--yes']));
    await succeed(run(['install', miniCoreUpgrade(), '--yes']));
  },
  args: ['rollback', 'mini-core'],
  timeoutSeconds: 2,
  idempotent: false,
};

/** Rolling back a first install: three types removed in three requests, dependents first. */
const afterInstall: FaultScenario = {
  name: 'rollback-install',
  seed: 'demo',
  setup: async (run) => succeed(run(['install', join(MINI_FIXTURES, 'mini-dash'), '--yes'])),
  args: ['rollback', 'mini-dash'],
  timeoutSeconds: 2,
  idempotent: false,
};

describeFaultSuite(
  'a failing HTTP call during `edupkg rollback` of an upgrade',
  afterUpgrade,
  await prepareScenario(afterUpgrade),
);
describeFaultSuite(
  'a failing HTTP call during `edupkg rollback` of a first install',
  afterInstall,
  await prepareScenario(afterInstall),
);
