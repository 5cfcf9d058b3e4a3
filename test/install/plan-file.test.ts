import { appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { schemaValidator } from '../../src/core/schema/ajv.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { readServerState } from '../support/server-state.js';
import { runCli } from '../support/run-cli.js';
import { copyPackages, edupkg, importDirect, MINI } from './helpers.js';

const planFileSchema = schemaValidator('plan-file.schema.json');

describe('plan files: edupkg plan --out, edupkg install plan.json', () => {
  let sandbox: Sandbox;
  afterEach(async () => sandbox?.close());

  it('saves the plan with its hash and target, and install applies exactly it from another folder', async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
    const work = mkdtempSync(join(tmpdir(), 'edupkg-planfile-'));
    const packages = copyPackages();
    const plan = await edupkg(
      sandbox.url,
      ['plan', join(packages, 'mini-dash'), '--out', 'plan.json', '--json'],
      {},
      work,
    );
    expect(plan.code).toBe(0);
    const saved = JSON.parse(readFileSync(join(work, 'plan.json'), 'utf8')) as {
      target: { url: string };
      request: { packages: string[] };
      plan: { hash: string };
    };
    expect(planFileSchema(saved)).toBe(true);
    expect(saved.plan.hash).toBe((plan.json().result as { hash: string }).hash);
    expect(saved.target.url).toBe(sandbox.url);
    // Stored relative to the plan file, so the plan travels with the checkout.
    expect(saved.request.packages[0]).not.toMatch(/^\//);

    // No EDUPKG_SERVER: the plan names its server; the hash is the consent (no --yes).
    const install = await runCli(['install', join(work, 'plan.json'), '--json'], {
      cwd: packages,
      env: { EDUPKG_SERVER: undefined, EDUPKG_USERNAME: 'admin', EDUPKG_PASSWORD: 'district', CI: '1' },
    });
    expect(install.code).toBe(0);
    expect(install.json().result).toMatchObject({ planHash: saved.plan.hash, counts: { created: 8 } });
  });

  it('refuses (exit 8, nothing sent) when the server changed after the plan was saved', async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
    const work = mkdtempSync(join(tmpdir(), 'edupkg-planfile-'));
    expect(
      (await edupkg(sandbox.url, ['plan', join(MINI, 'mini-dash'), '--out', 'plan.json'], {}, work)).code,
    ).toBe(0);
    // Someone creates one of the package's objects by hand in the meantime.
    await importDirect(sandbox.url, {
      indicatorTypes: [{ id: 'MiniItPct01', name: 'Percent (made by hand)', factor: 100 }],
    });
    const before = await readServerState(sandbox.url);
    const install = await edupkg(sandbox.url, ['install', 'plan.json'], {}, work);
    expect(install.code).toBe(8);
    expect(install.stderr).toContain('no longer matches the approved plan');
    expect(install.stderr).toContain('fix: Run `edupkg plan` again');
    expect(await readServerState(sandbox.url)).toEqual(before);
  });

  it('refuses an edited plan file (exit 8) and flags that would change a saved plan (exit 2)', async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
    const work = mkdtempSync(join(tmpdir(), 'edupkg-planfile-'));
    await edupkg(sandbox.url, ['plan', join(MINI, 'mini-dash'), '--out', 'plan.json'], {}, work);
    const flags = await edupkg(sandbox.url, ['install', 'plan.json', '--prune'], {}, work);
    expect(flags.code).toBe(2);
    expect(flags.stderr).toContain('--prune cannot be given');
    const file = join(work, 'plan.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"create": 8', '"create": 0'));
    const edited = await edupkg(sandbox.url, ['install', 'plan.json'], {}, work);
    expect(edited.code).toBe(8);
    expect(edited.stderr).toContain('the plan was edited after it was saved');
  });

  it('plan fails with exit 6 when a declared external reference is not on the server, and names the fix', async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
    const packages = copyPackages((root) =>
      appendFileSync(
        join(root, 'mini-core', 'package.yaml'),
        'externalReferences:\n  - { type: organisationUnitGroups, id: NoSuchGrp01, reason: "rural schools group" }\n',
      ),
    );
    const before = await readServerState(sandbox.url);
    const plan = await edupkg(sandbox.url, ['plan', join(packages, 'mini-dash')]);
    expect(plan.code).toBe(6);
    expect(plan.stderr).toContain('externalReferences: organisationUnitGroups NoSuchGrp01 is not on');
    expect(plan.stderr).toMatch(/fix: Create the object on the server/);
    const install = await edupkg(sandbox.url, ['install', join(packages, 'mini-dash'), '--yes', '--json']);
    expect(install.code).toBe(6);
    expect(install.json()).toMatchObject({ ok: false, error: { code: 'IMPORT.MISSING_EXTERNAL_REFERENCE' } });
    expect(await readServerState(sandbox.url)).toEqual(before);

    await importDirect(sandbox.url, {
      organisationUnitGroups: [{ id: 'NoSuchGrp01', name: 'Rural', shortName: 'Rural' }],
    });
    expect((await edupkg(sandbox.url, ['plan', join(packages, 'mini-dash')])).code).toBe(0);
  });
});

describe('deploy --fleet with reviewed per-target plan hashes', () => {
  let sandboxes: Sandbox[] = [];
  afterEach(async () => Promise.all(sandboxes.map((s) => s.close())));

  it('applies the hashes of the reviewed dry run, and refuses a target whose server moved since', async () => {
    sandboxes = await Promise.all([0, 1].map(() => startSandbox({ port: 0, seed: 'demo' })));
    const dir = mkdtempSync(join(tmpdir(), 'edupkg-fleet-hashes-'));
    cpSync(join(MINI, 'mini-core'), join(dir, 'mini-core'), { recursive: true });
    cpSync(join(MINI, 'mini-dash'), join(dir, 'mini-dash'), { recursive: true });
    const fleet = join(dir, 'fleet.yaml');
    writeFileSync(
      fleet,
      [
        'defaults: { username: admin, passwordEnv: PLAN_TEST_PW, packages: [mini-dash] }',
        'targets:',
        `  - { name: north, url: "${sandboxes[0]!.url}" }`,
        `  - { name: south, url: "${sandboxes[1]!.url}" }`,
        '',
      ].join('\n'),
    );
    const env = { PLAN_TEST_PW: 'district' };
    const review = await runCli(['deploy', '--fleet', fleet, '--dry-run', '--json'], { env });
    expect(review.code).toBe(0);
    writeFileSync(join(dir, 'reviewed.json'), review.stdout);
    await importDirect(sandboxes[1]!.url, {
      indicatorTypes: [{ id: 'MiniItPct01', name: 'Percent (made by hand)', factor: 100 }],
    });
    const deploy = await runCli(
      ['deploy', '--fleet', fleet, '--plan-hashes', join(dir, 'reviewed.json'), '--json'],
      {
        env,
      },
    );
    const result = deploy.json().result as {
      targets: Array<{ target: string; status: string; error?: { code: string } }>;
    };
    expect(result.targets.find((t) => t.target === 'north')).toMatchObject({ status: 'installed' });
    expect(result.targets.find((t) => t.target === 'south')).toMatchObject({
      status: 'failed',
      error: { code: 'CONFLICT.PLAN_CHANGED' },
    });
    expect(deploy.code).toBe(8);
  });
});
