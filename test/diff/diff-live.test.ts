import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import type { BundleDiff } from '../../src/core/diff/index.js';
import { outputSchemaErrors } from '../support/output-schema.js';
import { runCli } from '../support/run-cli.js';

const env = { EDUPKG_USERNAME: 'admin', EDUPKG_PASSWORD: 'district' };
const auth = `Basic ${Buffer.from('admin:district').toString('base64')}`;

describe('edupkg diff against a live server', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
    const installed = await runCli(['install', 'edu-population', '--server', sandbox.url, '--yes'], { env });
    expect(installed.code).toBe(0);
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('reports the post-install assignments as local configuration, not as differences', async () => {
    // The server names a sharing owner and keeps user entries, and the post-install step assigned
    // the data set to the districts: local configuration a package never owns.
    const r = await runCli(
      ['diff', 'packages-metadata/edu-population', sandbox.url, '--exit-code', '--json'],
      {
        env,
      },
    );
    expect(r.code).toBe(0);
    expect(outputSchemaErrors('diff', r.json())).toEqual([]);
    const result = r.json().result as BundleDiff;
    expect(result.changes).toEqual([]);
    expect(result.local).toEqual([
      {
        side: 'after',
        compared: false,
        assignments: [{ type: 'dataSets', objects: 1, orgUnits: expect.any(Number) as number }],
        sharing: [],
      },
    ]);
    expect(result.local![0]!.assignments[0]!.orgUnits).toBeGreaterThan(0);

    const text = await runCli(['diff', 'packages-metadata/edu-population', sandbox.url], { env });
    expect(text.stderr).toMatch(/1 data set assigned to \d+ org units/);
  });

  it('compares local configuration too with --include-local', async () => {
    const r = await runCli(
      ['diff', 'packages-metadata/edu-population', sandbox.url, '--include-local', '--exit-code', '--json'],
      { env },
    );
    expect(r.code).toBe(5);
    expect(outputSchemaErrors('diff', r.json())).toEqual([]);
    const result = r.json().result as BundleDiff;
    const pointers = result.changes.flatMap((c) => c.fields.map((f) => `${c.type} ${f.kind} ${f.pointer}`));
    expect(pointers).toContain('dataSets added /organisationUnits');
    expect(result.local?.[0]?.compared).toBe(true);
  });

  it('names the field changed on the server and exits 5', async () => {
    const id = 'population-estimate';
    const list = (await (
      await fetch(`${sandbox.url}/api/dataElements?filter=code:like:EDU_&fields=id,code&paging=false`, {
        headers: { authorization: auth },
      })
    ).json()) as { dataElements: Array<{ id: string; code: string }> };
    const target = list.dataElements[0]!;
    const object = (await (
      await fetch(`${sandbox.url}/api/dataElements/${target.id}?fields=:owner`, {
        headers: { authorization: auth },
      })
    ).json()) as Record<string, unknown>;
    const put = await fetch(`${sandbox.url}/api/dataElements/${target.id}`, {
      method: 'PUT',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ ...object, description: `edited on the server (${id})` }),
    });
    expect(put.status).toBe(200);

    const r = await runCli(['diff', 'packages-metadata/edu-population', sandbox.url, '--exit-code'], { env });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`~ ${target.id} (${target.code})`);
    expect(r.stderr).toContain('/description');
  });

  it('compares everything on the server with --all, not only the objects of the package', async () => {
    const scoped = await runCli(['diff', 'packages-metadata/edu-population', sandbox.url, '--json'], { env });
    const all = await runCli(['diff', 'packages-metadata/edu-population', sandbox.url, '--all', '--json'], {
      env,
    });
    const summary = (r: typeof all) => (r.json().result as { summary: Record<string, unknown> }).summary;
    expect(summary(scoped)).not.toHaveProperty('organisationUnits');
    // The demo hierarchy is on the server only: every org unit is an addition of the server side.
    expect(summary(all)).toHaveProperty('organisationUnits', expect.objectContaining({ added: 52 }));
  });
});
