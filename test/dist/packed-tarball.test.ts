import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { outputSchemaErrors } from '../support/output-schema.js';
import { REPO_ROOT } from '../support/run-cli.js';

// Packing builds dist/ (prepare) and installing compiles better-sqlite3 when no prebuilt binary can
// be downloaded (as on this machine): minutes, not seconds.
const MINUTES = 60_000;

/**
 * What a user gets from `npm pack` / `npm install ./edupkg-x.y.z.tgz`: installed into an empty
 * folder, run from outside the repository with nothing on PATH but node.
 */
describe('the packed tarball', () => {
  let sandbox: Sandbox;
  let tarball: string;
  let bin: string;
  let work: string;
  let onlyNode: string;

  beforeAll(async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'edupkg-dist-'));
    // Packed from a copy: `prepare` rebuilds dist/, and rebuilding the repository's own dist/ would
    // pull modules from under the CLI runs of suites running beside this one.
    const source = join(scratch, 'source');
    const generated = new Set(['node_modules', 'dist', '.git', 'coverage']);
    cpSync(REPO_ROOT, source, {
      recursive: true,
      filter: (from) => !generated.has(from.slice(REPO_ROOT.length + 1).split('/')[0] ?? ''),
    });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(source, 'node_modules'));
    execFileSync('npm', ['pack', '--pack-destination', scratch, '--silent'], {
      cwd: source,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    tarball = join(scratch, readdirSync(scratch).find((f) => /^edupkg-\d+\.\d+\.\d+.*\.tgz$/.test(f))!);
    const app = join(scratch, 'app');
    mkdirSync(app);
    // As a user would: the dependencies come from the npm registry (tarballs from the cache the
    // repository's own `npm ci` filled); better-sqlite3 is built from source, never downloaded.
    execFileSync('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: app,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_build_from_source: 'true' },
    });
    bin = join(app, 'node_modules', '.bin', 'edupkg');
    onlyNode = join(scratch, 'only-node');
    mkdirSync(onlyNode);
    symlinkSync(process.execPath, join(onlyNode, 'node'));
    work = join(scratch, 'work');
    mkdirSync(work);
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
  }, 20 * MINUTES);
  afterAll(async () => sandbox?.close());

  /** Async, so the sandbox in this process keeps answering while the CLI runs. */
  const edupkg = (args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(bin, args, {
        cwd: work,
        // Nothing of this machine's environment: no repo, no npm, no PATH but node.
        env: {
          PATH: onlyNode,
          HOME: work,
          EDUPKG_SERVER: sandbox.url,
          EDUPKG_USERNAME: 'admin',
          EDUPKG_PASSWORD: 'district',
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });

  it('holds the built CLI, schemas and shipped packages, and no sources or tests', () => {
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    expect(listing).toEqual(
      expect.arrayContaining([
        'package/bin/edupkg.js',
        'package/dist/cli/main.js',
        'package/dist/index.js',
        'package/dist/index.d.ts',
        'package/schemas/output/plan.json',
        'package/packages-metadata/edu-core/package.yaml',
      ]),
    );
    expect(listing.filter((f) => /^package\/(src|test)\//.test(f))).toEqual([]);
  });

  it('runs validate, plan and install against the sandbox with nothing but node on PATH', async () => {
    const validate = await edupkg(['validate', 'edu-core', '--severity', '*=warning']);
    expect(validate.stderr).toMatch(/1 package\(s\), \d+ objects/);
    expect(validate.status).toBe(0);

    const plan = await edupkg(['plan', 'edu-core', '--out', 'plan.json', '--json']);
    expect({ status: plan.status, stderr: plan.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    const planDoc = JSON.parse(plan.stdout) as { result: { summary: { create: number } } };
    expect(outputSchemaErrors('plan', planDoc)).toEqual([]);
    expect(planDoc.result.summary.create).toBeGreaterThan(100);

    const install = await edupkg(['install', 'plan.json', '--json']);
    expect(install.stderr).toBe('');
    expect(install.status).toBe(0);
    expect(outputSchemaErrors('install', JSON.parse(install.stdout))).toEqual([]);

    const status = await edupkg(['status', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ ok: true, result: { packages: [{ name: 'edu-core' }] } });
  });
});
