import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uidFromCode } from '../../src/core/dhis2-model/uid.js';
import { BIN, REPO_ROOT } from '../support/run-cli.js';

export const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
export const ADMIN = basic('admin', 'district');

// API answers, read loosely: each test casts what it checks.
type Json = Record<string, unknown>;

export async function call(url: string, authorization: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization, 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Json };
}

export interface Classroom {
  url: string;
  trainees: Array<{ username: string; password: string }>;
  stop: () => void;
}

/** `sandbox fleet` as a trainer runs it: packages, trainee accounts and sample data (src/core/training). */
export async function startClassroom(): Promise<Classroom> {
  const out = mkdtempSync(join(tmpdir(), 'edupkg-web-'));
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [BIN, 'sandbox', 'fleet', '--count', '1', '--packages', 'edu-dashboards', '--training-users', '2'].concat(
      ['--sample-data', '--out', out, '--json'],
    ),
    { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '' } },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const document = await new Promise<Json>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.endsWith('\n')) resolve(JSON.parse(stdout) as Json);
    });
    child.on('close', () => reject(new Error(`sandbox fleet ended early: ${stderr}`)));
  });
  const sandbox = (document.result as { sandboxes: Array<{ url: string; training: { usersFile: string } }> })
    .sandboxes[0]!;
  const rows = readFileSync(sandbox.training.usersFile, 'utf8').trim().split('\r\n').slice(1);
  const trainees = rows.map((row) => {
    const [username = '', password = ''] = row.split(',');
    return { username, password };
  });
  return { url: sandbox.url, trainees, stop: () => child.kill('SIGKILL') };
}

/**
 * Each trainee captures data for one school of their own and views the whole country (a
 * classroom's usual set-up). Accounts that already have distinct schools are kept as they are.
 */
export async function ensureOwnSchools(url: string, usernames: string[]): Promise<string[]> {
  const users = (
    await call(url, ADMIN, 'GET', '/api/users?fields=id,username,organisationUnits[id]&paging=false')
  ).body.users as Json[];
  const schools = (
    await call(url, ADMIN, 'GET', '/api/organisationUnits?filter=level:eq:4&fields=id,path&paging=false')
  ).body.organisationUnits as Json[];
  const schoolIds = new Set(schools.map((s) => s.id as string));
  const mine = usernames.map((name) => users.find((u) => u.username === name)!);
  const current = mine.map((u) => (u.organisationUnits as Json[]).map((o) => o.id as string));
  if (
    current.every((ids) => ids.length === 1 && schoolIds.has(ids[0]!)) &&
    new Set(current.flat()).size === mine.length
  )
    return current.map((ids) => ids[0]!);
  const root = (schools[0]!.path as string).split('/')[1]!;
  const picked = schools.slice(0, mine.length).map((s) => s.id as string);
  for (const [i, user] of mine.entries()) {
    const full = (await call(url, ADMIN, 'GET', `/api/users/${String(user.id)}`)).body;
    full.organisationUnits = [{ id: picked[i] }];
    full.dataViewOrganisationUnits = [{ id: root }];
    const put = await call(url, ADMIN, 'PUT', `/api/users/${String(user.id)}`, full);
    expect(put.status).toBe(200);
  }
  return picked;
}

export const OOSR_PRIMARY = uidFromCode('indicators', 'EDU_ISCED1_OOSR');
/** The indicator of the SDG 4 dashboard's district map the browser test reads. */
export const GER_PRIMARY = uidFromCode('indicators', 'EDU_ISCED1_GER');
export const SDG4_DASHBOARD = uidFromCode('dashboards', 'EDU_DASH_SDG4');
