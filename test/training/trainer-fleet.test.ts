import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uidFromCode } from '../../src/core/dhis2-model/uid.js';
import { evaluateExpression, type MissingValueStrategy } from '../../src/core/expression/index.js';
import { loadPackageDirectory } from '../../src/core/package/index.js';
import { DEMO_ROOT_UID } from '../../src/sandbox/index.js';
import { outputSchemaErrors } from '../support/output-schema.js';
import { BIN, REPO_ROOT } from '../support/run-cli.js';

const ADMIN = `Basic ${Buffer.from('admin:district').toString('base64')}`;

async function api(url: string, path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}${path}`, { headers: { authorization: ADMIN } });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('edupkg sandbox fleet (trainer mode)', () => {
  const out = mkdtempSync(join(tmpdir(), 'edupkg-trainer-'));
  let child: ChildProcessWithoutNullStreams;
  let stdout = '';
  let stderr = '';
  let document: Record<string, unknown>;
  let exited: Promise<number | null>;

  beforeAll(async () => {
    child = spawn(
      process.execPath,
      [
        BIN,
        'sandbox',
        'fleet',
        '--count',
        '2',
        '--packages',
        'edu-census',
        'edu-population',
        '--training-users',
        '3',
        '--sample-data',
        '--out',
        out,
        '--json',
      ],
      { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '' } },
    );
    exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // The one JSON document arrives once every sandbox is ready; then the command keeps serving.
    document = await new Promise<Record<string, unknown>>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.endsWith('\n')) resolve(JSON.parse(stdout) as Record<string, unknown>);
      });
      child.on('close', () => reject(new Error(`sandbox fleet ended early: ${stderr}`)));
    });
  }, 180_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  type Sandbox = {
    target: string;
    url: string;
    status: string;
    training: {
      users: number;
      usersFile: string;
      dataValues: number;
      rulesChecked: number;
      rulesFailed: number;
    };
  };
  const sandboxes = () => (document.result as { sandboxes: Sandbox[] }).sandboxes;

  it('prints one schema-valid document listing both ready sandboxes with their URLs', () => {
    expect(outputSchemaErrors('sandbox fleet', document)).toEqual([]);
    expect(document.ok).toBe(true);
    expect(sandboxes().map((s) => [s.target, s.status])).toEqual([
      ['sandbox-01', 'installed'],
      ['sandbox-02', 'installed'],
    ]);
    expect(new Set(sandboxes().map((s) => s.url)).size).toBe(2);
    for (const s of sandboxes()) expect(s.training).toMatchObject({ users: 3, rulesFailed: 0 });
  });

  it('writes three trainees per sandbox to 0600 CSV files and never prints a password', () => {
    for (const s of sandboxes()) {
      expect(s.training.usersFile).toBe(join(out, `${s.target}-users.csv`));
      expect(statSync(s.training.usersFile).mode & 0o777).toBe(0o600);
      const rows = readFileSync(s.training.usersFile, 'utf8').trim().split('\r\n');
      expect(rows[0]).toBe('username,password,server,firstName,surname');
      expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(['trainee01', 'trainee02', 'trainee03']);
      for (const row of rows.slice(1)) {
        const password = row.split(',')[1]!;
        expect(password).toMatch(/^(?=.*[A-Z])(?=.*\d)(?=.*[^A-Za-z0-9]).{16}$/);
        expect(stdout).not.toContain(password);
        expect(stderr).not.toContain(password);
      }
    }
  });

  it('lets every trainee log in with the password in the CSV file', async () => {
    for (const s of sandboxes()) {
      const rows = readFileSync(s.training.usersFile, 'utf8').trim().split('\r\n').slice(1);
      for (const row of rows) {
        const [username, password] = row.split(',') as [string, string];
        const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
        const me = await fetch(`${s.url}/api/me?fields=username`, { headers: { authorization } });
        expect({ username, status: me.status }).toEqual({ username, status: 200 });
      }
    }
  });

  it('puts the trainees in the data-capture group, each entering data for their own school, viewing the whole country', async () => {
    const { url } = sandboxes()[0]!;
    const answer = await api(
      url,
      '/api/users?filter=username:like:trainee&fields=username,userGroups[id],organisationUnits[id],dataViewOrganisationUnits[id]&paging=false',
    );
    const users = answer.users as Array<{
      username: string;
      userGroups: Array<{ id: string }>;
      organisationUnits: Array<{ id: string }>;
      dataViewOrganisationUnits: Array<{ id: string }>;
    }>;
    expect(users.map((u) => u.username).sort()).toEqual(['trainee01', 'trainee02', 'trainee03']);
    const schools = await api(url, '/api/organisationUnits?filter=level:eq:4&fields=id&paging=false');
    const schoolIds = new Set((schools.organisationUnits as Array<{ id: string }>).map((o) => o.id));
    const captured = users.map((u) => u.organisationUnits.map((o) => o.id));
    for (const units of captured) expect(units.length === 1 && schoolIds.has(units[0]!)).toBe(true);
    expect(new Set(captured.map((units) => units[0])).size).toBe(3);
    for (const u of users) expect(u.dataViewOrganisationUnits).toEqual([{ id: DEMO_ROOT_UID }]);
    // Membership is stored on the group's side (UserGroup.users owns it in DHIS2).
    const group = await api(
      url,
      `/api/userGroups/${uidFromCode('userGroups', 'EDU_DATA_CAPTURE')}?fields=users[username]`,
    );
    expect((group.users as Array<{ username: string }>).map((u) => u.username).sort()).toEqual([
      'trainee01',
      'trainee02',
      'trainee03',
    ]);
  });

  it('stores census values on the server that pass every validation rule of the package', async () => {
    const { url } = sandboxes()[1]!;
    const dataSet = uidFromCode('dataSets', 'EDU_ISCED1_CENSUS');
    // Sample data ends with last year's census (the latest complete one).
    const year = String(new Date().getFullYear() - 1);
    const answer = await api(
      url,
      `/api/dataValueSets?dataSet=${dataSet}&orgUnit=${DEMO_ROOT_UID}&children=true&period=${year}`,
    );
    const rows = answer.dataValues as Array<{
      dataElement: string;
      orgUnit: string;
      categoryOptionCombo: string;
      value: string;
    }>;
    const schools = [...new Set(rows.map((r) => r.orgUnit))];
    expect(schools.length).toBe(40);
    const rules = (
      loadPackageDirectory(join(REPO_ROOT, 'packages-metadata', 'edu-census')).metadata.validationRules ?? []
    ).filter((r) => String(r.code).startsWith('EDU_ISCED1_'));
    expect(rules.length).toBeGreaterThan(10);
    let evaluated = 0;
    for (const school of schools.slice(0, 5)) {
      const values: Record<string, number> = {};
      for (const r of rows.filter((x) => x.orgUnit === school)) {
        values[`${r.dataElement}.${r.categoryOptionCombo}`] =
          r.value === 'true' ? 1 : r.value === 'false' ? 0 : Number(r.value);
      }
      for (const rule of rules) {
        type Side = { expression: string; missingValueStrategy: MissingValueStrategy };
        const l = evaluateExpression((rule.leftSide as Side).expression, values, {
          missingValueStrategy: (rule.leftSide as Side).missingValueStrategy,
        });
        const r = evaluateExpression((rule.rightSide as Side).expression, values, {
          missingValueStrategy: (rule.rightSide as Side).missingValueStrategy,
        });
        if (l === null || r === null) continue;
        evaluated++;
        if (rule.operator === 'equal_to')
          expect({ rule: rule.code, value: l }).toEqual({ rule: rule.code, value: r });
        else expect({ rule: rule.code, ok: l <= r }).toEqual({ rule: rule.code, ok: true });
      }
    }
    expect(evaluated).toBeGreaterThan(50);
  });

  it('loads population estimates by single age and sex for the districts', async () => {
    const { url } = sandboxes()[0]!;
    const dataSet = uidFromCode('dataSets', 'EDU_POPULATION');
    const answer = await api(
      url,
      `/api/dataValueSets?dataSet=${dataSet}&orgUnit=${DEMO_ROOT_UID}&children=true`,
    );
    const rows = answer.dataValues as Array<{ categoryOptionCombo: string; orgUnit: string; value: string }>;
    expect(new Set(rows.map((r) => r.orgUnit)).size).toBe(8);
    expect(new Set(rows.map((r) => r.categoryOptionCombo)).size).toBeGreaterThan(20);
    expect(rows.every((r) => Number(r.value) > 0)).toBe(true);
  });

  it('closes every sandbox and exits cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`${sandboxes()[0]!.url}/api/ping`)).rejects.toThrow();
  });
});
