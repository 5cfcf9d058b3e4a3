import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { outputSchemaErrors } from '../support/output-schema.js';
import { runCli } from '../support/run-cli.js';

const PASSWORD = 'Fleet-s3cret-pw';

/** A port on 127.0.0.1 that nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('edupkg deploy --fleet', () => {
  let sandboxes: Sandbox[] = [];
  let dir: string;
  let fleetFile: string;
  let downPort: number;

  beforeAll(async () => {
    sandboxes = await Promise.all(
      [0, 1].map(() => startSandbox({ port: 0, seed: 'demo', username: 'admin', password: PASSWORD })),
    );
    downPort = await closedPort();
    dir = mkdtempSync(join(tmpdir(), 'edupkg-fleet-'));
    fleetFile = join(dir, 'fleet.yaml');
    writeFileSync(fleetFile, fleetYaml('prod'));
  });

  function fleetYaml(offlineStage: string): string {
    return [
      'retries: 1',
      'defaults:',
      '  username: admin',
      '  passwordEnv: FLEET_TEST_PASSWORD',
      '  packages: [edu-core]',
      'targets:',
      `  - { name: north, url: "${sandboxes[0]!.url}", stage: prod }`,
      `  - { name: south, url: "${sandboxes[1]!.url}", stage: prod, profile: gm }`,
      `  - { name: offline, url: "http://127.0.0.1:${downPort}", stage: ${offlineStage} }`,
      '',
    ].join('\n');
  }

  afterAll(async () => {
    await Promise.all(sandboxes.map((s) => s.close()));
  });

  it('installs on the two live servers, reports the closed port as failed and exits 7', async () => {
    const report = join(dir, 'report.md');
    const r = await runCli(['deploy', '--fleet', fleetFile, '--yes', '--json', '--report', report], {
      env: { FLEET_TEST_PASSWORD: PASSWORD },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(7);
    const doc = r.json();
    expect(outputSchemaErrors('deploy', doc)).toEqual([]);
    const result = doc.result as {
      targets: Array<{ target: string; status: string; attempts: number; error?: { code: string } }>;
      summary: unknown;
    };
    expect(result.targets.map((t) => [t.target, t.status])).toEqual([
      ['north', 'installed'],
      ['south', 'installed'],
      ['offline', 'failed'],
    ]);
    // One retry for a connection error, as the fleet file asks.
    expect(result.targets[2]).toMatchObject({ attempts: 2, error: { code: 'SERVER.UNREACHABLE' } });
    expect(result.summary).toEqual({ targets: 3, succeeded: 2, failed: 1, failedTargets: ['offline'] });

    const markdown = readFileSync(report, 'utf8');
    for (const name of ['north', 'south', 'offline'])
      expect(markdown).toMatch(new RegExp(`^\\| ${name} \\|`, 'm'));
    expect(markdown).toContain('1 failed: offline');
    for (const text of [r.stdout, r.stderr, markdown]) expect(text).not.toContain(PASSWORD);
  });

  it('names each failed target on stderr without --json, and a dry run afterwards finds nothing to change', async () => {
    const r = await runCli(['deploy', '--fleet', fleetFile, '--dry-run'], {
      env: { FLEET_TEST_PASSWORD: PASSWORD },
    });
    expect(r.code).toBe(7);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^north\s+planned/m);
    expect(r.stderr).toMatch(/failed: offline/);
    expect(r.stderr).toMatch(/^ {2}offline: SERVER\.UNREACHABLE/m);
    expect(r.stderr).toMatch(/^north\s+planned\s+\S+\s+edu-core@2\.0\.0\s+\+0 ~0 =\d+/m);
    expect(r.stderr).not.toContain(PASSWORD);
  });

  it('deploys only the targets of the chosen stage and exits 0 when they all succeed', async () => {
    const staged = join(dir, 'staged.yaml');
    writeFileSync(staged, fleetYaml('dev'));
    const r = await runCli(['deploy', '--fleet', staged, '--stage', 'prod', '--yes', '--json'], {
      env: { FLEET_TEST_PASSWORD: PASSWORD },
    });
    expect(r.code).toBe(0);
    const result = r.json().result as { targets: Array<{ target: string; status: string }> };
    expect(result.targets.map((t) => t.target)).toEqual(['north', 'south']);
    expect(result.targets.every((t) => t.status === 'unchanged')).toBe(true);
  });

  it('plans only the targets named with --only, one at a time with --concurrency 1', async () => {
    const r = await runCli(
      ['deploy', '--fleet', fleetFile, '--only', 'south', '--concurrency', '1', '--dry-run', '--json'],
      { env: { FLEET_TEST_PASSWORD: PASSWORD } },
    );
    expect(r.code).toBe(0);
    const result = r.json().result as { concurrency: number; targets: Array<{ target: string }> };
    expect(result.concurrency).toBe(1);
    expect(result.targets.map((t) => t.target)).toEqual(['south']);
  });

  it('reports with status --fleet the version each target runs and names the unreachable one', async () => {
    const r = await runCli(['status', '--fleet', fleetFile, '--json'], {
      env: { FLEET_TEST_PASSWORD: PASSWORD },
    });
    expect(r.code).toBe(7);
    const doc = r.json();
    expect(outputSchemaErrors('status', doc)).toEqual([]);
    const result = doc.result as {
      targets: Array<{ target: string; ok: boolean; packages: Array<{ name: string; version: string }> }>;
    };
    const byName = new Map(result.targets.map((t) => [t.target, t]));
    expect(byName.get('north')?.packages.map((p) => `${p.name}@${p.version}`)).toContain('edu-core@2.0.0');
    expect(byName.get('south')?.ok).toBe(true);
    expect(byName.get('offline')?.ok).toBe(false);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });

  it('refuses a fleet file that holds a password instead of naming a variable', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      `targets:\n  - { name: x, url: "http://127.0.0.1:${downPort}", username: admin, password: hunter22, packages: [edu-core] }\n`,
    );
    const r = await runCli(['deploy', '--fleet', bad, '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/targets/0/password');
    expect(r.stderr).not.toContain('hunter22');
  });
});
