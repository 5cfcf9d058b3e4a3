import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runCli } from '../support/run-cli.js';

describe('personal access tokens', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('authenticate through --token-env, and the token appears nowhere in the output', async () => {
    const created = await fetch(`${sandbox.url}/api/apiToken`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('admin:district').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(created.status).toBe(201);
    const token = ((await created.json()) as { response: { key: string } }).response.key;

    const r = await runCli(['status', '--server', sandbox.url, '--token-env', 'MY_DHIS2_TOKEN', '--debug'], {
      env: { MY_DHIS2_TOKEN: token, EDUPKG_USERNAME: undefined, EDUPKG_PASSWORD: undefined },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('No edupkg packages installed.');
    expect(r.stdout + r.stderr).not.toContain(token);

    const wrong = await runCli(['status', '--server', sandbox.url, '--token-env', 'MY_DHIS2_TOKEN'], {
      env: { MY_DHIS2_TOKEN: `${token.slice(0, -4)}zzzz` },
    });
    expect(wrong.code).toBe(7);
  });
});
