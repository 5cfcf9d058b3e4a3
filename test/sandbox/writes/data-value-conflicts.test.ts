import type { Dhis2Version } from '../../../src/sandbox/types.js';
import { ROOT, startWorld, type WriteWorld } from './write-fixtures.js';

/**
 * POST /api/dataValueSets as dhis2-core 2.38-2.42 validates it: DataValueSetImportValidator (one
 * conflict per value, checks in registration order), ValidationUtils.valueIsValid (error keys per
 * value type, worded by i18n_global.properties), DataValueImportConflict (errorCode, property,
 * object types), ImportConflict.createConflict / ImportSummary#addConflict (object, objects,
 * value, errorCode, property, indexes; same code + objects merge their indexes),
 * DefaultDataValueSetService (status WARNING on any conflict, description "Import process completed
 * successfully") and WebMessageUtils.importSummary (409 WARNING). Followed the way
 * DataValueSetImportValidatorTest and DataValueSetServiceIntegrationTest assert conflicts.
 */
type Conflict = Record<string, unknown>;

async function post(world: WriteWorld, dataValues: unknown[]) {
  const result = await world.api.post('/api/dataValueSets', { dataValues });
  const summary = result.body.response as Record<string, unknown>;
  return { result, summary, conflicts: summary.conflicts as Conflict[] };
}

describe('dataValueSets value validation and conflicts', () => {
  let world: WriteWorld;
  afterEach(async () => {
    await world.sandbox.close();
  });

  it('refuses "abc" into an INTEGER element with E7619 and keeps the valid values (2.41)', async () => {
    world = await startWorld('2.41');
    const { result, summary, conflicts } = await post(world, [
      {
        dataElement: 'eduDeEnrol1',
        period: '2024',
        orgUnit: ROOT,
        categoryOptionCombo: 'eduCocBoys1',
        value: 'abc',
      },
      {
        dataElement: 'eduDeEnrol1',
        period: '2024',
        orgUnit: ROOT,
        categoryOptionCombo: 'eduCocGirl1',
        value: '7',
      },
    ]);
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({
      status: 'WARNING',
      message: 'One more conflicts encountered, please check import summary.',
    });
    expect(summary).toMatchObject({
      status: 'WARNING',
      description: 'Import process completed successfully',
      importCount: { imported: 1, updated: 0, ignored: 1, deleted: 0 },
    });
    expect(conflicts).toEqual([
      {
        object: 'eduDeEnrol1',
        objects: { dataElement: 'eduDeEnrol1', value: 'value_not_integer' },
        value: 'Value must match value type of data element `eduDeEnrol1`: `Data value is not an integer`',
        errorCode: 'E7619',
        property: 'value',
        indexes: [0],
      },
    ]);
    const stored = await world.api.get(
      `/api/dataValueSets?dataElement=eduDeEnrol1&orgUnit=${ROOT}&period=2024`,
    );
    expect((stored.body.dataValues as unknown[]).length).toBe(1);
  });

  it('words E7619 as 2.38 did', async () => {
    world = await startWorld('2.38');
    const { conflicts } = await post(world, [
      { dataElement: 'eduDeSpare1', period: '2024', orgUnit: ROOT, value: '1,5' },
    ]);
    expect(conflicts[0]).toMatchObject({
      errorCode: 'E7619',
      value: "Value must match data element's `eduDeSpare1` type constraints: Data value is not numeric",
    });
  });

  it.each<[Dhis2Version]>([['2.40'], ['2.42']])(
    'reports unknown references with E7610-E7615, merging repeats into one conflict with all indexes (%s)',
    async (version) => {
      world = await startWorld(version);
      const { result, summary, conflicts } = await post(world, [
        { dataElement: 'eduDeNope01', period: '2024', orgUnit: ROOT, value: '1' },
        { dataElement: 'eduDeNope01', period: '2025', orgUnit: ROOT, value: '2' },
        { dataElement: 'eduDeSpare1', period: '2024Q5', orgUnit: ROOT, value: '3' },
        { dataElement: 'eduDeSpare1', period: '2024', orgUnit: 'eduOuNope01', value: '4' },
        {
          dataElement: 'eduDeSpare1',
          period: '2024',
          orgUnit: ROOT,
          categoryOptionCombo: 'eduCocNope1',
          value: '5',
        },
        {
          dataElement: 'eduDeSpare1',
          period: '2024',
          orgUnit: ROOT,
          attributeOptionCombo: 'eduAocNope1',
          value: '6',
        },
        { dataElement: 'eduDeSpare1', period: '2024', orgUnit: ROOT },
      ]);
      expect(result.status).toBe(409);
      // Nothing got in, yet DHIS2 still says WARNING (DefaultDataValueSetService).
      expect(summary).toMatchObject({ status: 'WARNING', importCount: { imported: 0, ignored: 7 } });
      expect(conflicts.map((c) => [c.errorCode, c.property, c.object, c.indexes])).toEqual([
        ['E7610', 'dataElement', 'eduDeNope01', [0, 1]],
        ['E7611', 'period', '2024Q5', [2]],
        ['E7612', 'orgUnit', 'eduOuNope01', [3]],
        ['E7613', 'categoryOptionCombo', 'eduCocNope1', [4]],
        ['E7615', 'attributeOptionCombo', 'eduAocNope1', [5]],
        ['E7618', 'value', 'eduDeSpare1', [6]],
      ]);
      expect(conflicts[0]).toMatchObject({
        objects: { dataElement: 'eduDeNope01' },
        value: 'Data element not found or not accessible: `eduDeNope01`',
      });
      expect(conflicts[2]).toMatchObject({
        objects: { organisationUnit: 'eduOuNope01' },
        value: 'Organisation unit not found or not accessible: `eduOuNope01`',
      });
    },
  );

  it('checks each value type and stores booleans normalised', async () => {
    world = await startWorld('2.41');
    const types: Array<[string, string, string | undefined]> = [
      ['INTEGER_POSITIVE', '0', 'value_not_positive_integer'],
      ['INTEGER_ZERO_OR_POSITIVE', '0', undefined],
      ['INTEGER_NEGATIVE', '5', 'value_not_negative_integer'],
      ['PERCENTAGE', '101', 'value_not_percentage'],
      ['UNIT_INTERVAL', '0.5', undefined],
      ['BOOLEAN', 'maybe', 'value_not_bool'],
      ['TRUE_ONLY', 'false', 'value_not_true_only'],
      ['DATE', '2024-02-30', 'value_not_valid_date'],
      ['TEXT', 'anything', undefined],
    ];
    const dataElements = types.map(([valueType], i) => ({
      id: `eduDeType${String(i).padStart(2, '0')}`,
      name: `Type ${valueType}`,
      shortName: `Type ${valueType}`,
      valueType,
      domainType: 'AGGREGATE',
      aggregationType: valueType === 'TEXT' || valueType === 'DATE' ? 'NONE' : 'SUM',
    }));
    expect((await world.api.post('/api/metadata', { dataElements })).status).toBe(200);
    const { conflicts } = await post(
      world,
      types.map(([, value], i) => ({
        dataElement: dataElements[i]!.id,
        period: '2024',
        orgUnit: ROOT,
        value,
      })),
    );
    const expected = types.flatMap(([, , key], i) => (key ? [[dataElements[i]!.id, key]] : []));
    expect(conflicts.map((c) => [c.object, (c.objects as Record<string, string>).value])).toEqual(expected);

    await world.api.post('/api/metadata', {
      dataElements: [{ ...dataElements[5], id: 'eduDeBool01', name: 'Bool', shortName: 'Bool' }],
    });
    await post(world, [{ dataElement: 'eduDeBool01', period: '2024', orgUnit: ROOT, value: 'T' }]);
    const stored = await world.api.get(
      `/api/dataValueSets?dataElement=eduDeBool01&orgUnit=${ROOT}&period=2024`,
    );
    expect((stored.body.dataValues as Array<{ value: string }>)[0]!.value).toBe('true');
  });
});
