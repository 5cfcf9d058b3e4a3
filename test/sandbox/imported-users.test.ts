import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { basic, client } from './helpers.js';

describe('users imported through /api/metadata', () => {
  const cases: Array<['2.41' | '2.42', (password: string) => Record<string, unknown>]> = [
    ['2.41', (password) => ({ userCredentials: { username: 'trainee01', password } })],
    ['2.42', (password) => ({ username: 'trainee01', password })],
  ];

  for (const [version, credentials] of cases) {
    it(`can log in with the password they were imported with, which is never returned (${version})`, async () => {
      const sandbox: Sandbox = await startSandbox({ seed: 'empty', dhis2Version: version });
      try {
        const admin = client(sandbox.url);
        const user = {
          id: 'TraineeUid1',
          firstName: 'Trainee',
          surname: 'One',
          ...credentials('Secret-pass-42'),
        };
        const imported = await admin.post('/api/metadata', { users: [user] });
        expect(imported.status).toBe(200);

        const asTrainee = client(sandbox.url, basic('trainee01', 'Secret-pass-42'));
        const me = await asTrainee.get('/api/me');
        expect(me.status).toBe(200);
        expect(me.body.id).toBe('TraineeUid1');
        expect((await client(sandbox.url, basic('trainee01', 'wrong')).get('/api/me')).status).toBe(401);

        const stored = await admin.get('/api/users/TraineeUid1?fields=*');
        expect(stored.text).not.toContain('Secret-pass-42');
      } finally {
        await sandbox.close();
      }
    });
  }
});
