import { readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { REPO_ROOT, runCli } from '../support/run-cli.js';

/**
 * Real DHIS2 writes `false` and `[]` for every boolean and collection an object never set, `:owner`
 * included, and the sandbox does the same. edu-core leaves most of them out and writes some
 * (`"mandatory": false`, and `"dataDimension": true`, DHIS2's initial value): after an install,
 * export, diff and status must see no change, and the export must carry no implicit default.
 */
describe('export, diff and status against a server that writes implicit defaults', () => {
  const env = { EDUPKG_USERNAME: 'admin', EDUPKG_PASSWORD: 'district' };
  const edupkgCore = join(REPO_ROOT, 'packages-metadata', 'edu-core');
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 'empty', dhis2Version: '2.41' });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('reports no changes in export, diff and status right after an install', async () => {
    const cli = (args: string[]) => runCli([...args, '--server', sandbox.url], { env });
    const installed = await cli(['install', edupkgCore, '--yes']);
    expect([installed.code, installed.code === 0 ? '' : installed.stderr]).toEqual([0, '']);
    const live = await fetch(`${sandbox.url}/api/attributes?fields=:owner&paging=false`, {
      headers: { authorization: `Basic ${Buffer.from('admin:district').toString('base64')}` },
    });
    const attribute = ((await live.json()) as { attributes: Array<Record<string, unknown>> }).attributes[0];
    expect(attribute).toEqual(expect.objectContaining({ dataSetAttribute: false, mandatory: false }));

    const out = join(mkdtempSync(join(tmpdir(), 'edupkg-implicit-defaults-')), 'edu-core');
    const exported = await cli([
      'export',
      '--code-prefix',
      'EDU_',
      '--name',
      'edu-core',
      '--version',
      '1.0.0',
      '--out',
      out,
      '--json',
    ]);
    expect(exported.json()).toMatchObject({ ok: true });
    const implicit: string[] = [];
    for (const file of readdirSync(join(out, 'metadata'))) {
      const text = readFileSync(join(out, 'metadata', file), 'utf8');
      for (const m of text.matchAll(/^ {6}"(\w+)": (false|\[\]|true),?$/gm))
        if (m[2] !== 'true' || m[1] === 'dataDimension') implicit.push(`${file} ${m[1]}: ${m[2]}`);
    }
    // edu-core's "dataDimension": true is Category#dataDimension's initial value in DHIS2: noise too.
    expect(implicit).toEqual([]);

    for (const side of [edupkgCore, out]) {
      const diff = await runCli(['diff', side, sandbox.url, '--exit-code', '--json'], { env });
      expect([side, diff.code, diff.json().result]).toEqual([
        side,
        0,
        expect.objectContaining({ identical: true }),
      ]);
    }
    const status = await cli(['status', '--exit-code', '--json']);
    expect(status.code).toBe(0);
  });
});
