import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  checkProfile,
  compareWithOfficial,
  listProfiles,
  loadProfile,
  parseProfile,
  PROFILES_DIR,
  resolveProfile,
} from '../../src/core/content/index.js';
import { loadFleetFile } from '../../src/core/fleet/index.js';
import { EdupkgError } from '../../src/errors/index.js';
import { thrown } from '../support/thrown.js';

const shipped = (code: string) =>
  parse(readFileSync(join(PROFILES_DIR, `${code}.yaml`), 'utf8')) as Record<string, unknown>;

describe('the profile schema (schemas/profile.schema.json)', () => {
  it.each(listProfiles())(
    'accepts the shipped profile %s, which agrees with the official figures',
    (code) => {
      expect(checkProfile(shipped(code))).toEqual([]);
      expect(compareWithOfficial(loadProfile(code))).toEqual([]);
    },
  );

  it('names the field path and the fix of each problem in a corrupted profile', () => {
    const broken = shipped('gm');
    (broken.levels as Record<string, Record<string, unknown>>)['1']!.entryAge = 'seven';
    broken.langauge = 'en';
    const error = thrown(() => parseProfile(broken, 'gm-broken.yaml'));
    expect(error).toBeInstanceOf(EdupkgError);
    const e = error as EdupkgError;
    expect(e.code).toBe('INPUT.PROFILE.INVALID');
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/gm-broken\.yaml: 2 problem\(s\)/);
    expect(e.message).toMatch(/\/levels\/1\/entryAge: must be integer/);
    expect(e.message).toMatch(/\/: unknown property "langauge"/);
    const problems = (e.details as { problems: Array<{ path: string; fix: string }> }).problems;
    expect(problems.find((p) => p.path === '/levels/1/entryAge')?.fix).toMatch(/official entrance age/);
    expect(problems.find((p) => p.path === '/')?.fix).toMatch(/Remove "langauge"/);
  });

  it('checks what the schema cannot: grades per year, levels that follow each other, known languages', () => {
    const p = shipped('ug');
    const levels = p.levels as Record<string, Record<string, unknown>>;
    levels['2']!.entryAge = 14;
    levels['3']!.grades = ['S5'];
    p.language = 'xx';
    expect(checkProfile(p).map((x) => x.path)).toEqual([
      '/language',
      '/levels/3/grades',
      '/levels/2/entryAge',
      '/levels/3/entryAge',
    ]);
  });

  it('reads a profile given as a file the same way as a shipped code', () => {
    const byCode = resolveProfile('tg');
    const byFile = resolveProfile('packages-metadata/profiles/tg.yaml');
    expect(byFile.profile).toEqual(byCode.profile);
    expect(byFile.hash).toBe(byCode.hash);
    expect(thrown(() => resolveProfile('./no-such.yaml'))).toMatchObject({ code: 'INPUT.PROFILE.NOT_FOUND' });
  });

  it('warns with both values and the source when a profile disagrees with the official figures', () => {
    const gm = loadProfile('gm');
    const changed = { ...gm, levels: { ...gm.levels, '1': { ...gm.levels['1'], entryAge: 6 } } };
    expect(compareWithOfficial(changed)).toEqual([
      { level: '1', field: 'entryAge', profile: 6, official: 7, source: 'UIS OPRI, Feb 2024 release, 2023' },
    ]);
  });
});

describe('profile files named in fleet files', () => {
  it('are relative to the fleet file, like package paths; codes stay codes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edupkg-fleet-profile-'));
    writeFileSync(
      join(dir, 'fleet.yaml'),
      'targets:\n  - { name: a, url: "http://127.0.0.1:1", packages: [edu-core], profile: ./sle.yaml }\n  - { name: b, url: "http://127.0.0.1:2", packages: [edu-core], profile: gm }\n',
    );
    const fleet = loadFleetFile(join(dir, 'fleet.yaml'));
    expect(fleet.targets.map((t) => t.profile)).toEqual([join(dir, 'sle.yaml'), 'gm']);
  });
});
