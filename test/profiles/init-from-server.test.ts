import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPackage, resolveProfile } from '../../src/core/content/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runCli } from '../support/run-cli.js';
import { callApi } from '../support/server-state.js';

describe('edupkg init profile --from-server', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it("takes the instance's levels and its school ownership groups into the profile and the generated group set", async () => {
    const imported = await callApi(sandbox.url, 'POST', '/api/metadata', {
      organisationUnitGroups: [
        { id: 'GovSchool01', name: 'Government', shortName: 'Government' },
        { id: 'MisSchool01', name: 'Mission schools', shortName: 'Mission' },
      ],
      organisationUnitGroupSets: [
        {
          id: 'OwnerSet001',
          name: 'School ownership',
          shortName: 'Ownership',
          organisationUnitGroups: [{ id: 'GovSchool01' }, { id: 'MisSchool01' }],
        },
      ],
    });
    expect(imported.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'edupkg-from-server-'));
    const r = await runCli(
      ['init', 'profile', '--country', 'SLE', '--from-server', sandbox.url, '--username', 'admin', '--json'],
      { cwd: dir, env: { EDUPKG_PASSWORD: 'district' } },
    );
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const result = r.json().result as { profile: { file: string; groupSets: unknown[] } };
    expect(result.profile.groupSets).toEqual([
      { kind: 'ownership', id: 'OwnerSet001', name: 'School ownership', groups: 2 },
    ]);
    const profile = resolveProfile(result.profile.file).profile;
    expect(profile.orgUnitLevels.map((l) => l.name)).toEqual(['National', 'Region', 'District', 'School']);
    expect(readFileSync(result.profile.file, 'utf8')).toMatch(/ownership:\n\s+- code: GOVERNMENT/);
    const groups = buildPackage('edu-core', profile).metadata.organisationUnitGroups!.map((g) => g.code);
    expect(groups).toEqual(
      expect.arrayContaining(['EDU_OWNERSHIP_GOVERNMENT', 'EDU_OWNERSHIP_MISSION_SCHOOLS']),
    );
    expect(groups).not.toContain('EDU_OWNERSHIP_PUBLIC');
    expect(groups).toContain('EDU_LOCATION_URBAN'); // no location set on the server: the defaults stay
  });
});
