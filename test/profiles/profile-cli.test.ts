import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outputSchemaErrors } from '../support/output-schema.js';
import { REPO_ROOT, runCli } from '../support/run-cli.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'edupkg-profile-'));

describe('--profile on the command line', () => {
  it('refuses a corrupted profile file in build with the field path and the fix (exit 2)', async () => {
    const dir = scratch();
    const text = readFileSync(join(REPO_ROOT, 'packages-metadata/profiles/ug.yaml'), 'utf8');
    writeFileSync(join(dir, 'ug-bad.yaml'), text.replace('duration: 7', 'duration: 70'));
    const r = await runCli(
      ['build', 'edu-core', '--profile', 'ug-bad.yaml', '--out', join(dir, 'out'), '--json'],
      { cwd: dir },
    );
    expect(r.code).toBe(2);
    const error = r.json().error as { code: string; message: string; fix: string };
    expect(error.code).toBe('INPUT.PROFILE.INVALID');
    expect(error.message).toMatch(/\/levels\/1\/duration: must be <= 8/);
    expect(error.fix).toMatch(/duration in whole years/);
  });

  it('validate --profile reports schema problems as findings and official-figure disagreements as warnings', async () => {
    const dir = scratch();
    const text = readFileSync(join(REPO_ROOT, 'packages-metadata/profiles/tg.yaml'), 'utf8');
    writeFileSync(
      join(dir, 'tg-5.yaml'),
      text
        .replace('entryAge: 12\n    duration: 4', 'entryAge: 12\n    duration: 3')
        .replace('grades: [6e, 5e, 4e, 3e]', 'grades: [6e, 5e, 4e]')
        .replace('entryAge: 16', 'entryAge: 15'),
    );
    const warned = await runCli(['validate', '--profile', 'tg-5.yaml', '--json'], { cwd: dir });
    expect(warned.code).toBe(0);
    expect(outputSchemaErrors('validate', warned.json())).toEqual([]);
    const findings = (warned.json().result as { findings: Array<Record<string, unknown>> }).findings;
    expect(findings).toContainEqual(
      expect.objectContaining({
        rule: 'profile.official-figures',
        severity: 'warning',
        field: '/levels/2/duration',
        message:
          'ISCED 2 duration is 3 here but 4 in the official figures (UIS OPRI, Feb 2024 release, 2023)',
      }),
    );
    writeFileSync(join(dir, 'tg-bad.yaml'), text.replace('schoolLevel: École', 'schoolLevel: Ecole'));
    const failed = await runCli(['validate', '--profile', 'tg-bad.yaml'], { cwd: dir });
    expect(failed.code).toBe(4);
    expect(failed.stderr).toMatch(/\/schoolLevel/);
    expect(failed.stderr).toMatch(/"Ecole" is not one of orgUnitLevels/);
  });

  it('validate without a path or --profile is a usage error', async () => {
    const r = await runCli(['validate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/give a package path or --profile/);
  });
});

describe('edupkg init without a terminal', () => {
  it('never prompts: a missing answer is exit 2 naming its flag', async () => {
    const dir = scratch();
    const profile = await runCli(['init', 'profile', '--json'], { cwd: dir });
    expect(profile.code).toBe(2);
    expect(outputSchemaErrors('init profile', profile.json())).toEqual([]);
    expect(profile.json().error).toMatchObject({
      code: 'USAGE.MISSING_ANSWER',
      message: expect.stringMatching(/^--country is required/),
    });
    const config = await runCli(['init', 'config', '--target', 'prod'], { cwd: dir });
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/--server is required without a terminal/);
    const bad = await runCli(['init', 'profile', '--country', 'XYZ'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--country XYZ: not a country of the world table/);
  });

  it('init config adds a target to an existing config and keeps the rest', async () => {
    const dir = scratch();
    writeFileSync(
      join(dir, 'edupkg.config.yaml'),
      '# ours\nseverity:\n  hygiene.sharing: off\ntargets:\n  dev:\n    url: http://127.0.0.1:1\n',
    );
    const r = await runCli(
      [
        'init',
        'config',
        '--target',
        'prod',
        '--server',
        'https://dhis2.example.org',
        '--token-env',
        'PROD_TOKEN',
        '--profile',
        'ug',
        '--json',
      ],
      { cwd: dir },
    );
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(outputSchemaErrors('init config', r.json())).toEqual([]);
    const text = readFileSync(join(dir, 'edupkg.config.yaml'), 'utf8');
    expect(text).toMatch(/^# ours/);
    expect(text).toMatch(/hygiene.sharing: off/);
    expect(text).toMatch(
      /prod:\n\s+url: https:\/\/dhis2.example.org\n\s+tokenEnv: PROD_TOKEN\n\s+profile: ug/,
    );
    const again = await runCli(['init', 'config', '--target', 'dev', '--server', 'http://127.0.0.1:2'], {
      cwd: dir,
    });
    expect(again.code).toBe(8);
    expect(again.stderr).toMatch(/already has a target "dev"/);
  });
});
