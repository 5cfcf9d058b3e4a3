import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_NAMES } from '../../src/core/content/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { outputSchemaErrors } from '../support/output-schema.js';
import { runCli } from '../support/run-cli.js';
import { callApi } from '../support/server-state.js';

const env = { EDUPKG_PASSWORD: 'district' };
const range = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

/** The single ages an installed indicator's formula counts, decoded with the server's own option combos. */
async function agesOnServer(
  url: string,
  code: string,
): Promise<{ name: string; numerator: number[]; denominator: number[] }> {
  const found = await callApi(
    url,
    'GET',
    `/api/indicators?filter=code:eq:${code}&fields=name,numerator,denominator`,
  );
  const indicator = (found.body as { indicators: Array<Record<string, string>> }).indicators[0]!;
  const combos = (
    await callApi(url, 'GET', '/api/categoryOptionCombos?fields=id,categoryOptions&paging=false')
  ).body as { categoryOptionCombos: Array<{ id: string; categoryOptions: Array<{ id: string }> }> };
  const options = (await callApi(url, 'GET', '/api/categoryOptions?fields=id,code&paging=false')).body as {
    categoryOptions: Array<{ id: string; code: string }>;
  };
  const elements = (await callApi(url, 'GET', '/api/dataElements?fields=id,code&paging=false')).body as {
    dataElements: Array<{ id: string; code: string }>;
  };
  const codeOf = new Map(options.categoryOptions.map((o) => [o.id, o.code]));
  const deCodeOf = new Map(elements.dataElements.map((d) => [d.id, d.code]));
  const optionsOf = new Map(combos.categoryOptionCombos.map((c) => [c.id, c.categoryOptions]));
  // Ages sit in the option combo (population) or in the census data element's age row.
  const ages = (formula: string) => {
    const out = new Set<number>();
    for (const [, de, coc] of formula.matchAll(/#\{(\w{11})\.(\w{11})\}/g)) {
      const row = /_AGE_(\d\d)(?:_G\d+_\d+)?$/.exec(deCodeOf.get(de!) ?? '');
      if (row) out.add(Number(row[1]));
      for (const o of optionsOf.get(coc!) ?? []) {
        const m = /^EDU_AGE_(\d\d)$/.exec(codeOf.get(o.id) ?? '');
        if (m) out.add(Number(m[1]));
      }
    }
    return [...out].sort((a, b) => a - b);
  };
  return {
    name: indicator.name!,
    numerator: ages(indicator.numerator!),
    denominator: ages(indicator.denominator!),
  };
}

/** init -> build (all five packages) -> validate -> install, as a newcomer would run them. */
async function initBuildValidateInstall(sandbox: Sandbox, initArgs: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'edupkg-init-'));
  const init = await runCli(
    ['init', ...initArgs, '--from-server', sandbox.url, '--username', 'admin', '--target', 'dev', '--json'],
    { cwd: dir, env },
  );
  expect({ code: init.code, stderr: init.stderr }).toEqual({ code: 0, stderr: '' });
  const doc = init.json();
  expect(outputSchemaErrors('init', doc)).toEqual([]);
  const result = doc.result as { profile: { file: string; code: string }; config: { url: string } };
  expect(result.config.url).toBe(sandbox.url);
  for (const name of PACKAGE_NAMES) {
    const built = await runCli(
      ['build', name, '--profile', result.profile.file, '--out', join(dir, 'build', name)],
      { cwd: dir },
    );
    expect({ name, code: built.code, stderr: built.stderr }).toMatchObject({ name, code: 0 });
  }
  const validated = await runCli(
    ['validate', ...PACKAGE_NAMES.map((n) => join('build', n)), '--profile', result.profile.file, '--json'],
    { cwd: dir },
  );
  const report = validated.json().result as { counts: { error: number }; findings: Array<{ rule: string }> };
  expect({ code: validated.code, errors: report.counts.error }).toEqual({ code: 0, errors: 0 });
  expect(report.findings.filter((f) => f.rule.startsWith('profile.'))).toEqual([]);
  const installed = await runCli(['install', 'edu-sdg4', '--target', 'dev', '--yes', '--json'], {
    cwd: dir,
    env,
  });
  expect({ code: installed.code, stderr: installed.stderr }).toMatchObject({ code: 0 });
  return { dir, profileFile: result.profile.file, yaml: readFileSync(result.profile.file, 'utf8') };
}

describe('a country profile made only by `edupkg init --country`', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it("builds, validates and installs Sierra Leone's variant, whose NER counts SLE's official upper secondary ages 15-18", async () => {
    const { dir, yaml } = await initBuildValidateInstall(sandbox, ['--country', 'SLE']);
    // The levels come from the server (the demo hierarchy), the ages from the UIS world table.
    expect(yaml).toMatch(/name: Region/);
    expect(yaml).toMatch(
      /"3":\n\s+# official: UIS OPRI[^\n]*\n\s+nationalName: Upper secondary\n\s+entryAge: 15\n\s+duration: 4/,
    );
    const ner = await agesOnServer(sandbox.url, 'EDU_ISCED3_NER');
    expect(ner.numerator).toEqual(range(15, 18));
    expect(ner.denominator).toEqual(range(15, 18));
    expect((await agesOnServer(sandbox.url, 'EDU_ISCED1_NER')).denominator).toEqual(range(6, 11));

    const status = await runCli(['status', '--target', 'dev', '--json'], { cwd: dir, env });
    expect(outputSchemaErrors('status', status.json())).toEqual([]);
    const packages = (
      status.json().result as { packages: Array<{ name: string; profile?: { name: string; hash?: string } }> }
    ).packages;
    expect(packages.find((p) => p.name === 'edu-sdg4')?.profile).toEqual({
      name: 'sle',
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(packages.find((p) => p.name === 'edu-core')?.profile?.name).toBe('sle');

    // A different structure for the same country: refused, naming what changes; allowed with the flag.
    const other = await runCli(
      [
        'init',
        'profile',
        '--country',
        'SLE',
        '--duration',
        '3=3',
        '--out',
        'sle-3.yaml',
        '--from-server',
        sandbox.url,
        '--username',
        'admin',
      ],
      { cwd: dir, env },
    );
    expect(other.stderr).toMatch(/ISCED 3 duration 3 differs from the official 4 \(UIS OPRI/);
    const refused = await runCli(
      ['install', 'edu-sdg4', '--target', 'dev', '--profile', 'sle-3.yaml', '--yes', '--json'],
      { cwd: dir, env },
    );
    expect(refused.code).toBe(8);
    const error = refused.json().error as { code: string; message: string; fix: string };
    expect(error.code).toBe('CONFLICT.PROFILE_CHANGED');
    expect(error.message).toMatch(/levels\.3\.duration 4 → 3/);
    expect(error.fix).toMatch(/--allow-profile-change/);
    const allowed = await runCli(
      [
        'install',
        'edu-sdg4',
        '--target',
        'dev',
        '--profile',
        'sle-3.yaml',
        '--allow-profile-change',
        '--yes',
        '--json',
      ],
      { cwd: dir, env },
    );
    expect(allowed.code).toBe(0);
    expect((allowed.json().warnings as string[]).join('\n')).toMatch(/installing with a different profile/);
    expect((await agesOnServer(sandbox.url, 'EDU_ISCED3_NER')).denominator).toEqual(range(15, 17));
  }, 300_000);

  it("builds, validates and installs Côte d'Ivoire's variant in French, with its official ages", async () => {
    const civ = await startSandbox({ port: 0, seed: 'demo' });
    try {
      const { yaml } = await initBuildValidateInstall(civ, ['--country', 'CIV', '--language', 'fr']);
      expect(yaml).toMatch(/language: fr/);
      const ner = await agesOnServer(civ.url, 'EDU_ISCED2_NER');
      expect(ner.name).toBe('EDU - Taux net de scolarisation (Secondaire 1er cycle)');
      expect(ner.denominator).toEqual(range(12, 15));
    } finally {
      await civ.close();
    }
  }, 240_000);
});
