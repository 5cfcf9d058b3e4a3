import { createDhis2Client } from '../../../src/dhis2/client.js';
import { ROOT, startWorld, type WriteWorld } from './write-fixtures.js';

/**
 * edupkg's own client against the DHIS2-shaped data value answers: 2.38-2.42 report WARNING (409)
 * for any conflict, also when every value was ignored (DefaultDataValueSetService), so the client
 * must read the counts, not the status alone.
 */
describe('edupkg client importDataValues against the sandbox', () => {
  let world: WriteWorld;
  beforeAll(async () => {
    world = await startWorld('2.41');
  });
  afterAll(async () => {
    await world.sandbox.close();
  });
  const client = () =>
    createDhis2Client({
      baseUrl: world.sandbox.url,
      auth: { type: 'basic', username: 'admin', password: 'district' },
      allowInsecureHttp: true,
    });
  const value = (categoryOptionCombo: string, v: string) => ({
    dataElement: 'eduDeEnrol1',
    period: '2024',
    orgUnit: ROOT,
    categoryOptionCombo,
    value: v,
  });

  it('returns the counts when some values got in, with the E7619 conflict worded', async () => {
    const counts = await client().importDataValues([value('eduCocBoys1', '4'), value('eduCocGirl1', 'abc')]);
    expect(counts).toMatchObject({ imported: 1, ignored: 1 });
    expect(counts.conflicts).toEqual([
      'eduDeEnrol1: Value must match value type of data element `eduDeEnrol1`: `Data value is not an integer`',
    ]);
  });

  it('refuses a set whose every value was ignored, although DHIS2 says WARNING', async () => {
    await expect(client().importDataValues([value('eduCocGirl1', 'abc')])).rejects.toMatchObject({
      message: expect.stringContaining('data values rejected') as unknown,
    });
  });
});
