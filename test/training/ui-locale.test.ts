import { levelStructureOf } from '../../src/core/fleet/package-loader.js';
import { provisionTraining } from '../../src/core/training/index.js';
import { createDhis2Client } from '../../src/dhis2/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';

/** A French-speaking classroom: the profile's language becomes what users see unless they chose one. */
describe('provisioning with the profile language', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
  });
  afterAll(() => sandbox.close());

  const call = async (path: string, init: RequestInit = {}) =>
    fetch(`${sandbox.url}${path}`, {
      ...init,
      headers: {
        Authorization: `Basic ${Buffer.from('admin:district').toString('base64')}`,
        ...init.headers,
      },
    });

  it('sets the server default UI language, which user settings fall back to (DefaultUserSettingService)', async () => {
    const client = createDhis2Client({
      baseUrl: sandbox.url,
      auth: { type: 'basic', username: 'admin', password: 'district' },
      allowInsecureHttp: true,
    });
    expect(await (await call('/api/userSettings/keyUiLocale')).text()).toBe('en');
    await provisionTraining(
      client,
      async () => ({ imported: 0, updated: 0, ignored: 0, deleted: 0, conflicts: [] }),
      {
        bundle: {},
        users: 0,
        sampleData: false,
        uiLocale: 'fr',
        levels: levelStructureOf(),
      },
    );
    expect(await (await call('/api/systemSettings/keyUiLocale')).json()).toEqual({ keyUiLocale: 'fr' });
    expect(await (await call('/api/userSettings/keyUiLocale')).text()).toBe('fr');
    const me = (await (await call('/api/me?fields=settings')).json()) as {
      settings: Record<string, unknown>;
    };
    expect(me.settings.keyUiLocale).toBe('fr');

    // A user's own choice wins over the server default.
    await call('/api/userSettings/keyUiLocale?value=en', { method: 'POST' });
    expect(await (await call('/api/userSettings/keyUiLocale')).text()).toBe('en');
  });
});
