/**
 * The endpoints classic d2's init() reads, beyond what d2 itself exercises: per-user authorities
 * (MeController#getAuthorities/#hasAuthority) and user settings (UserSettingsController: unknown
 * key 404, empty value 409, ?value= over the body, DELETE back to the default, settings per user).
 */
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { basic, client } from '../helpers.js';

describe('d2 init endpoints for a user without ALL', () => {
  let sandbox: Sandbox;
  const clerk = () => client(sandbox.url, basic('clerk01', 'Clerk-pass-42'));
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'empty', dhis2Version: '2.42' });
    const imported = await client(sandbox.url).post('/api/metadata', {
      userRoles: [
        {
          id: 'ClerkRole01',
          name: 'Data clerk',
          authorities: ['F_DATAVALUE_ADD', 'M_dhis-web-aggregate-data-entry'],
        },
      ],
      users: [
        {
          id: 'ClerkUser01',
          firstName: 'Data',
          surname: 'Clerk',
          username: 'clerk01',
          password: 'Clerk-pass-42',
          userRoles: [{ id: 'ClerkRole01' }],
        },
      ],
    });
    expect(imported.status).toBe(200);
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it("lists the user's authorities and answers single ones without ALL", async () => {
    const all = await clerk().get('/api/me/authorization');
    expect((all.body as unknown as string[]).sort()).toEqual([
      'F_DATAVALUE_ADD',
      'M_dhis-web-aggregate-data-entry',
    ]);
    expect((await clerk().get('/api/me/authorities/F_DATAVALUE_ADD')).text).toBe('true');
    expect((await clerk().get('/api/me/authorization/F_METADATA_IMPORT')).text).toBe('false');
    expect((await client(sandbox.url).get('/api/me/authorization/F_METADATA_IMPORT')).text).toBe('true');
  });

  it('keeps settings per user, with DHIS2 status codes', async () => {
    const defaults = await clerk().get('/api/userSettings');
    expect(defaults.body).toEqual({
      keyMessageSmsNotification: false,
      keyDbLocale: 'en',
      keyCurrentStyle: 'light_blue/light_blue.css',
      keyTrackerDashboardLayout: '',
      keyStyle: 'light_blue/light_blue.css',
      keyUiLocale: 'en',
      keyAnalysisDisplayProperty: 'name',
      keyMessageEmailNotification: false,
    });
    const saved = await clerk().post('/api/userSettings/keyUiLocale?value=pt', 'ignored', {
      'content-type': 'text/plain',
    });
    expect(saved.body).toMatchObject({ httpStatusCode: 200, status: 'OK', message: 'User setting saved' });
    await clerk().post('/api/userSettings/keyMessageEmailNotification', 'true', {
      'content-type': 'text/plain',
    });
    expect((await clerk().get('/api/userSettings?key=keyUiLocale,keyMessageEmailNotification')).body).toEqual(
      {
        keyUiLocale: 'pt',
        keyMessageEmailNotification: true,
      },
    );
    expect((await clerk().get('/api/userSettings/keyUiLocale')).text).toBe('pt');
    // Another user's settings are untouched.
    expect((await client(sandbox.url).get('/api/userSettings/keyUiLocale')).text).toBe('en');

    const empty = await clerk().post('/api/userSettings/keyUiLocale', '', { 'content-type': 'text/plain' });
    expect([empty.status, empty.body.message]).toEqual([409, 'You need to specify a new value']);
    const unknown = await clerk().get('/api/userSettings/keyFavouriteColour');
    expect([unknown.status, unknown.body.message]).toEqual([
      404,
      'Setting does not exist: keyFavouriteColour',
    ]);

    expect((await clerk().del('/api/userSettings/keyUiLocale')).status).toBe(200);
    expect((await clerk().get('/api/userSettings/keyUiLocale')).text).toBe('en');
  });
});
