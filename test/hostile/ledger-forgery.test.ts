import { join } from 'node:path';
import { jest } from '@jest/globals';
import { ledgerDigest } from '../../src/core/install/ledger-check.js';
import type { LedgerRecord } from '../../src/core/install/types.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { edupkg, MINI, putDataStore } from '../install/helpers.js';
import { outputSchemaErrors } from '../support/output-schema.js';
import { callApi, readServerState } from '../support/server-state.js';

/**
 * Someone else with dataStore access edits edupkg's ledger so that rollback would delete an
 * object edupkg never created. Rollback must refuse, name the object, and change nothing.
 */
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});
// Each case spawns the binary several times against its own sandbox: slow on a shared machine.
jest.setTimeout(240_000);

async function installMiniDash(): Promise<string> {
  sandbox = await startSandbox({ seed: 'demo' });
  const r = await edupkg(sandbox.url, ['install', join(MINI, 'mini-dash'), '--yes']);
  expect(r.code).toBe(0);
  return sandbox.url;
}

const readRecord = async (url: string, name: string) =>
  (await callApi(url, 'GET', `/api/dataStore/edupkg/${name}`)).body as LedgerRecord;

/** A demo-seed org unit no installed package owns: what a forger wants deleted. */
async function bystander(url: string): Promise<string> {
  const answer = (await callApi(url, 'GET', '/api/organisationUnits?fields=id&paging=false')).body as {
    organisationUnits: Array<{ id: string }>;
  };
  const owned = new Set(
    (await Promise.all(['mini-core', 'mini-dash'].map((n) => readRecord(url, n)))).flatMap((r) =>
      Object.keys(r.current.objects),
    ),
  );
  const id = answer.organisationUnits.map((o) => o.id).find((i) => !owned.has(`organisationUnits/${i}`));
  if (!id) throw new Error('the demo seed has no org unit');
  return `organisationUnits/${id}`;
}

function forge(record: LedgerRecord, key: string): LedgerRecord {
  const entry = record.current;
  return {
    ...record,
    current: {
      ...entry,
      objects: { ...entry.objects, [key]: { hash: 'f'.repeat(64), shape: 0 } },
      snapshot: { ...entry.snapshot, created: [...entry.snapshot.created, key] },
    },
  };
}

describe('a ledger record edited outside edupkg', () => {
  it('a forged record (digest left as it was) makes rollback refuse with exit 8 and change nothing on the server', async () => {
    const url = await installMiniDash();
    const record = await readRecord(url, 'mini-dash');
    const target = await bystander(url);
    await putDataStore(url, 'mini-dash', forge(record, target));
    const before = await readServerState(url);

    const r = await edupkg(url, ['rollback', 'mini-dash', '--yes', '--json']);
    expect(r.code).toBe(8);
    expect(outputSchemaErrors('rollback', r.json())).toEqual([]);
    expect(r.json().error).toMatchObject({
      code: 'CONFLICT.LEDGER_UNREADABLE',
      message: expect.stringContaining('does not match its integrity digest') as string,
    });
    expect(await readServerState(url)).toEqual(before);
  });

  it('a forged record with a recomputed digest still makes rollback refuse, naming the object, and change nothing', async () => {
    const url = await installMiniDash();
    const record = await readRecord(url, 'mini-dash');
    const target = await bystander(url);
    const forged = forge(record, target);
    await putDataStore(url, 'mini-dash', { ...forged, integrity: { digest: ledgerDigest(forged) } });
    const before = await readServerState(url);

    for (const args of [
      ['rollback', 'mini-dash'],
      ['uninstall', 'mini-dash'],
    ]) {
      const r = await edupkg(url, [...args, '--yes']);
      expect(`exit ${r.code}`).toBe('exit 8');
      expect(r.stderr).toContain('not as edupkg recorded them');
      expect(r.stderr).toContain(target);
      expect(await readServerState(url)).toEqual(before);
    }
  });

  it('a malformed record is reported by status and refused by rollback, never a crash', async () => {
    const url = await installMiniDash();
    await putDataStore(url, 'mini-dash', { current: 'not an entry', history: [] });
    const before = await readServerState(url);

    const status = await edupkg(url, ['status', '--json']);
    expect(status.code).toBe(0);
    expect(outputSchemaErrors('status', status.json())).toEqual([]);
    expect(status.json().result).toMatchObject({
      unreadable: [{ key: 'mini-dash', problem: 'has no "current" entry' }],
    });
    const rollback = await edupkg(url, ['rollback', 'mini-dash', '--yes']);
    expect(rollback.code).toBe(8);
    expect(rollback.stderr).toMatch(
      /ledger record of mini-dash .* has no "current" entry; nothing was changed/,
    );
    expect(rollback.stderr).not.toMatch(/internal error|^\s+at /m);
    // An upgrade or reinstall over it is refused too: it would overwrite on the strength of that record.
    const reinstall = await edupkg(url, ['install', join(MINI, 'mini-dash'), '--yes']);
    expect(reinstall.code).toBe(8);
    expect(await readServerState(url)).toEqual(before);
  });

  it('a record written by edupkg 0.1.0 (no digest) is still rolled back, object by object against the server, with a warning', async () => {
    const url = await installMiniDash();
    const { integrity: _integrity, ...legacy } = await readRecord(url, 'mini-dash');
    await putDataStore(url, 'mini-dash', legacy);
    const r = await edupkg(url, ['rollback', 'mini-dash', '--yes', '--json']);
    expect(r.code).toBe(0);
    expect(r.json().warnings).toEqual([
      expect.stringContaining('written by edupkg 0.1.0 (no integrity digest)'),
    ]);
  });

  it('rollback refuses, naming it, an object changed on the server since install', async () => {
    const url = await installMiniDash();
    const record = await readRecord(url, 'mini-dash');
    const created = record.current.snapshot.created.find((k) => k.startsWith('indicators/'))!;
    const id = created.split('/')[1]!;
    const indicator = (await callApi(url, 'GET', `/api/indicators/${id}`)).body as Record<string, unknown>;
    await callApi(url, 'PUT', `/api/indicators/${id}`, {
      ...indicator,
      name: 'Edited by hand on the server',
    });
    const before = await readServerState(url);
    const r = await edupkg(url, ['rollback', 'mini-dash', '--yes']);
    expect(r.code).toBe(8);
    expect(r.stderr).toContain(`${created} (changed since install)`);
    expect(await readServerState(url)).toEqual(before);
  });
});
