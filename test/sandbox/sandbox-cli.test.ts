import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Ajv } from 'ajv';
import { BIN, REPO_ROOT, runCli } from '../support/run-cli.js';
import { basic } from './helpers.js';

const ajv = new Ajv({ strict: false });
function expectSchema(name: string, document: unknown): void {
  const schema = JSON.parse(
    readFileSync(join(REPO_ROOT, 'schemas', 'output', `${name}.json`), 'utf8'),
  ) as object;
  const validate = ajv.compile(schema);
  expect(validate(document) ? [] : validate.errors).toEqual([]);
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'edupkg-sandbox-cli-'));

describe('edupkg sandbox (CLI)', () => {
  it('starts in the background, answers Basic auth on /api/system/info, reports status, refuses reset while running, and stops', async () => {
    const dataDir = tempDir();
    const started = await runCli([
      'sandbox',
      'start',
      '--detach',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--dhis2-version',
      '2.40',
      '--json',
    ]);
    expect(started.code).toBe(0);
    const document = started.json();
    expectSchema('sandbox-start', document);
    const url = String((document.result as Record<string, unknown>).url);
    try {
      const info = await fetch(`${url}/api/system/info`, { headers: { authorization: basic() } });
      expect(info.status).toBe(200);
      expect(((await info.json()) as Record<string, unknown>).version).toBe('2.40.2.2');
      const status = await runCli(['sandbox', 'status', '--data-dir', dataDir, '--json']);
      expectSchema('sandbox-status', status.json());
      expect(status.json().result).toMatchObject({ running: true, url, dhis2Version: '2.40' });
      const reset = await runCli(['sandbox', 'reset', '--data-dir', dataDir, '--json']);
      expect(reset.code).toBe(8);
      expectSchema('sandbox-reset', reset.json());
    } finally {
      const stopped = await runCli(['sandbox', 'stop', '--data-dir', dataDir, '--json']);
      expect(stopped.code).toBe(0);
      expectSchema('sandbox-stop', stopped.json());
      expect(stopped.json().result).toMatchObject({ stopped: true });
    }
    const after = await runCli(['sandbox', 'status', '--data-dir', dataDir, '--json']);
    expect(after.json().result).toMatchObject({ running: false, totalObjects: 62 });
  });

  it('resets a stopped sandbox to the empty seed', async () => {
    const dataDir = tempDir();
    const reset = await runCli(['sandbox', 'reset', '--data-dir', dataDir, '--seed', 'empty', '--json']);
    expect(reset.code).toBe(0);
    expectSchema('sandbox-reset', reset.json());
    expect((reset.json().result as Record<string, unknown>).objects).toEqual({
      categories: 1,
      categoryCombos: 1,
      categoryOptionCombos: 1,
      categoryOptions: 1,
      userRoles: 1,
      users: 1,
    });
  });

  it('serves in the foreground, prints one JSON document when ready and stops on SIGTERM', async () => {
    const dataDir = tempDir();
    const child = spawn(
      process.execPath,
      [BIN, 'sandbox', 'start', '--port', '0', '--data-dir', dataDir, '--json', '--password', 's3cret-pass'],
      { env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '' } },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('\n')) resolve(JSON.parse(stdout) as Record<string, unknown>);
      });
      child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
    });
    expectSchema('sandbox-start', ready);
    const url = String((ready.result as Record<string, unknown>).url);
    expect(
      (await fetch(`${url}/api/me`, { headers: { authorization: basic('admin', 's3cret-pass') } })).status,
    ).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(`${stdout}${stderr}`).not.toContain('s3cret-pass');
  });

  it('rejects an unknown DHIS2 version as a usage error', async () => {
    const result = await runCli([
      'sandbox',
      'start',
      '--dhis2-version',
      '2.37',
      '--data-dir',
      tempDir(),
      '--json',
    ]);
    expect(result.code).toBe(2);
    expect(result.json().error).toMatchObject({ code: 'USAGE.BAD_VERSION' });
  });
});
