import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { REPO_ROOT, runCli, type CliResult } from '../support/run-cli.js';

const PASSWORD = 'Pa55-W0rd/with:odd@chars';
const miniDash = join(REPO_ROOT, 'test', 'fixtures', 'install', 'mini-dash');

/** Every form a password can travel in: verbatim, URL-encoded, inside a Basic header. */
function forms(username: string, secret: string): string[] {
  return [secret, encodeURIComponent(secret), Buffer.from(`${username}:${secret}`).toString('base64')];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)],
  );
}

async function dataStoreText(url: string, secret: string): Promise<string> {
  const auth = { authorization: `Basic ${Buffer.from(`admin:${secret}`).toString('base64')}` };
  const keys = (await (await fetch(`${url}/api/dataStore/edupkg`, { headers: auth })).json()) as string[];
  const values = await Promise.all(
    keys.map(async (k) => (await fetch(`${url}/api/dataStore/edupkg/${k}`, { headers: auth })).text()),
  );
  return values.join('\n');
}

describe('credentials never leave the process except in the Authorization header', () => {
  let sandbox: Sandbox;
  let cwd: string;
  const run = (args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
    runCli(args, {
      cwd,
      env: {
        EDUPKG_SERVER: sandbox.url,
        EDUPKG_USERNAME: 'admin',
        EDUPKG_PASSWORD: PASSWORD,
        CI: '1',
        ...env,
      },
    });
  beforeEach(async () => {
    sandbox = await startSandbox({ seed: 'demo', password: PASSWORD });
    cwd = mkdtempSync(join(tmpdir(), 'edupkg-secrets-'));
  });
  afterEach(async () => sandbox.close());

  it('keeps the password out of stdout, stderr, --json, the ledger and the lock, and files written, with --debug on', async () => {
    const results = [
      await run(['install', miniDash, '--yes', '--debug']),
      await run(['status', '--json', '--debug']),
      await run(['rollback', 'mini-dash', '--yes', '--json', '--debug']),
    ];
    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    const written = filesUnder(cwd).map((f) => readFileSync(f, 'utf8'));
    const everything = [
      ...results.flatMap((r) => [r.stdout, r.stderr]),
      await dataStoreText(sandbox.url, PASSWORD),
      ...written,
    ].join('\n');
    for (const form of forms('admin', PASSWORD)) expect(everything).not.toContain(form);
  });

  it('keeps the password out of a failure with a stack trace (--debug) and out of the --json error document', async () => {
    sandbox.setFaults([{ path: '^/api/metadata$', method: 'POST', status: 500 }]);
    const text = await run(['install', miniDash, '--yes', '--debug']);
    const json = await run(['install', miniDash, '--yes', '--json', '--debug']);
    expect([text.code, json.code]).toEqual([6, 6]);
    for (const form of forms('admin', PASSWORD))
      expect(text.stderr + text.stdout + json.stdout + json.stderr).not.toContain(form);
  });

  it('refuses a password given inside the server URL without printing it', async () => {
    const url = sandbox.url.replace('http://', `http://admin:${encodeURIComponent(PASSWORD)}@`);
    const r = await run(['status', '--server', url, '--json', '--debug'], {
      EDUPKG_USERNAME: '',
      EDUPKG_PASSWORD: '',
    });
    expect(r.code).toBe(2);
    for (const form of forms('admin', PASSWORD)) expect(r.stdout + r.stderr).not.toContain(form);
  });

  it('keeps a personal access token out of the output and the ledger', async () => {
    const created = await fetch(`${sandbox.url}/api/apiToken`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: '{}',
    });
    const token = ((await created.json()) as { response: { key: string } }).response.key;
    const r = await run(['install', miniDash, '--yes', '--json', '--debug'], {
      EDUPKG_PASSWORD: '',
      EDUPKG_TOKEN: token,
    });
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr + (await dataStoreText(sandbox.url, PASSWORD))).not.toContain(token);
  });
});
