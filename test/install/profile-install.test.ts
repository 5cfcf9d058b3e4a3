import { buildPackage, loadProfile } from '../../src/core/content/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { outputSchemaErrors } from '../support/output-schema.js';
import { runCli } from '../support/run-cli.js';

describe('plan and install --profile', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it("plans Togo's variant of a shipped package with Togo's build of its dependencies, in French", async () => {
    const r = await runCli(
      ['plan', 'edu-census', '--profile', 'tg', '--server', sandbox.url, '--username', 'admin', '--json'],
      // Togo's level names (Préfecture, École) are not the demo hierarchy's: given as parameters.
      { env: { EDUPKG_PASSWORD: 'district' } },
    );
    const args = ['--param', 'orgUnitLevel.school=School', '--param', 'orgUnitLevel.district=District'];
    expect(r.code).toBe(2);
    expect(r.json()).toMatchObject({ ok: false, error: { code: 'USAGE.BAD_PARAMETER' } });

    const planned = await runCli(
      [
        'plan',
        'edu-census',
        '--profile',
        'tg',
        '--server',
        sandbox.url,
        '--username',
        'admin',
        ...args,
        '--json',
      ],
      { env: { EDUPKG_PASSWORD: 'district' } },
    );
    expect(planned.code).toBe(0);
    const doc = planned.json();
    expect(outputSchemaErrors('plan', doc)).toEqual([]);
    const plan = doc.result as { operations: Array<{ type: string; name?: string }> };
    const names = plan.operations.filter((o) => o.type === 'categoryOptions').map((o) => o.name);
    expect(names).toContain('Féminin');
    const togoCore = buildPackage('edu-core', loadProfile('tg')).metadata;
    const combos = plan.operations.filter((o) => o.type === 'categoryOptionCombos').length;
    expect(combos).toBe(togoCore.categoryOptionCombos!.length);
    expect(combos).not.toBe(buildPackage('edu-core').metadata.categoryOptionCombos!.length);
  });
});
