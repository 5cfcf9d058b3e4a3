import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { REPO_ROOT, runCli } from '../support/run-cli.js';

const MINI_CORE = join(REPO_ROOT, 'test', 'fixtures', 'install', 'mini-core');

/** mini-core plus a user role granting ALL and a user group anyone may edit. */
function privilegedPackage(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'edupkg-hostile-priv-')), 'mini-core');
  cpSync(MINI_CORE, dir, { recursive: true });
  writeFileSync(
    join(dir, 'metadata', 'userRoles.json'),
    JSON.stringify({
      userRoles: [{ id: 'MiniRoleAll', code: 'MINI_ROLE', name: 'Mini superuser', authorities: ['ALL'] }],
    }),
  );
  writeFileSync(
    join(dir, 'metadata', 'userGroups.json'),
    JSON.stringify({
      userGroups: [
        { code: 'MINI_ADMIN', id: 'MiniUgAdm01', name: 'Mini admins', sharing: { public: 'rw------' } },
      ],
    }),
  );
  return dir;
}

describe('privileged changes', () => {
  let sandbox: Sandbox;
  const env = () => ({
    EDUPKG_SERVER: sandbox.url,
    EDUPKG_USERNAME: 'admin',
    EDUPKG_PASSWORD: 'district',
    CI: '1',
  });
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'demo' });
  });
  afterAll(async () => sandbox.close());

  it('are flagged by validate, listed by plan, refused by install and deploy without --allow-privileged', async () => {
    const pkg = privilegedPackage();
    const roles = () => sandbox.objectCounts().userRoles ?? 0;
    const before = roles();
    const validate = await runCli(['validate', pkg, '--json']);
    const findings = (validate.json().result as { findings: Array<{ rule: string; message: string }> })
      .findings;
    expect(
      findings
        .filter((f) => f.rule === 'security.privileged')
        .map((f) => f.message)
        .sort(),
    ).toEqual([
      expect.stringContaining(
        'userGroups MiniUgAdm01 "Mini admins": user group sharing: lets everyone edit it',
      ),
      expect.stringContaining('userRoles MiniRoleAll "Mini superuser": grants ALL (superuser)'),
    ]);

    const plan = await runCli(['plan', pkg, '--quiet'], { env: env() });
    expect(plan.code).toBe(0);
    expect(plan.stderr).toContain('Privileged changes (install needs --allow-privileged)');
    expect(plan.stderr).toContain('userRoles MiniRoleAll "Mini superuser": grants ALL (superuser)');

    const refused = await runCli(['install', pkg, '--yes', '--json'], { env: env() });
    expect(refused.code).toBe(2);
    expect(refused.json()).toMatchObject({ error: { code: 'USAGE.NEEDS_ALLOW_PRIVILEGED' } });
    expect(roles()).toBe(before);

    const fleet = join(pkg, '..', 'fleet.yaml');
    writeFileSync(
      fleet,
      `targets:\n  - { name: one, url: "${sandbox.url}", username: admin, passwordEnv: P, packages: ["${pkg}"] }\n`,
    );
    const deploy = await runCli(['deploy', '--fleet', fleet, '--yes', '--json'], { env: { P: 'district' } });
    expect(deploy.code).not.toBe(0);
    expect(JSON.stringify(deploy.json())).toContain('NEEDS_ALLOW_PRIVILEGED');
    expect(roles()).toBe(before);

    const allowed = await runCli(['install', pkg, '--yes', '--allow-privileged'], { env: env() });
    expect(allowed.code).toBe(0);
    expect(roles()).toBe(before + 1);
  });

  it('leave the shipped edu-core installable without the flag: its groups only share with each other', async () => {
    const validate = await runCli(['validate', 'packages-metadata/edu-core', '--json']);
    expect(JSON.stringify(validate.json())).not.toContain('security.privileged');
  });
});
