import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { client, sandboxFixture, type Client } from '../helpers.js';

/**
 * The read query layer against dhis2-core (paths under dhis-2/):
 * - filters: dhis-service-core query/DefaultQueryParser (messages), CrudControllerAdvice
 *   #queryExceptionHandler (409), query/operators/TokenUtils and InMemoryQueryEngine#matchesIdentifiable;
 * - fields: dhis-service-field-filtering FieldFilterService#getTransformers and transformers/*,
 *   FieldFilterParserTest (syntax), dhis-api fieldfiltering/FieldPreset;
 * - computed fields: DataSet#getFormType, CategoryCombo#isDefault, Java-initialised collections
 *   and primitive booleans (always written by Jackson).
 */
describe('sandbox read query layer follows DHIS2', () => {
  let sandbox: Sandbox;
  let api: Client;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'demo', dhis2Version: '2.41' });
    api = client(sandbox.url);
    const imported = await api.post('/api/metadata', sandboxFixture('small-package.json'));
    expect(imported.status).toBe(200);
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const conflict = (message: string) => ({
    httpStatus: 'Conflict',
    httpStatusCode: 409,
    status: 'ERROR',
    message,
  });

  it('answers 409 with DefaultQueryParser messages for unknown paths, operators and shapes', async () => {
    const nope = await api.get('/api/dataElements?filter=nope:eq:1');
    expect(nope.status).toBe(409);
    expect(nope.body).toMatchObject(conflict('Unknown path property: nope'));
    const nested = await api.get('/api/dataElements?filter=categoryCombo.nope:eq:1');
    expect(nested.body).toMatchObject(conflict('Unknown path property: categoryCombo.nope'));
    const operator = await api.get('/api/dataElements?filter=name:sameAs:x');
    expect(operator.status).toBe(409);
    expect(operator.body).toMatchObject(conflict('`sameAs` is not a valid operator.'));
    const shape = await api.get('/api/dataElements?filter=name');
    expect(shape.body).toMatchObject(conflict('Invalid filter => name'));
    const simple = await api.get('/api/dataElements?filter=name.id:eq:x');
    expect(simple.body).toMatchObject(
      conflict(
        'Simple type was found before finished parsing path expression, please check your path string.',
      ),
    );
  });

  it('accepts an attribute uid as a filter path and the operator aliases DHIS2 knows', async () => {
    expect((await api.get('/api/dataElements?filter=abcdefghijk:eq:x')).status).toBe(200);
    const ids = async (filter: string) =>
      (
        (await api.get(`/api/dataElements?fields=id&filter=${filter}`)).body.dataElements as Array<{
          id: string;
        }>
      ).map((d) => d.id);
    expect(await ids('name:startsWith:enr')).toEqual(['eduDeEnrol1']);
    expect(await ids('name:endsWith:ERS')).toEqual(['eduDeTeach1']);
  });

  it('matches identifiable:token on id, code, name and shortName by token prefix', async () => {
    const ids = async (value: string) =>
      (
        (await api.get(`/api/indicators?fields=id&filter=identifiable:token:${encodeURIComponent(value)}`))
          .body.indicators as Array<{ id: string }>
      ).map((d) => d.id);
    expect(await ids('teach')).toEqual(['eduIndPtr01']); // a token of "Pupil-teacher ratio"
    expect(await ids('ratio pup')).toEqual(['eduIndPtr01']); // every search token, any order
    expect(await ids('eacher')).toEqual([]); // tokens match from their start only
    expect(await ids('EDU_PTR')).toEqual(['eduIndPtr01']); // the code
    expect(await ids('eduIndPtr01')).toEqual(['eduIndPtr01']); // the id
  });

  it('applies ~size, ::size, ~isEmpty, ~isNotEmpty, ~pluck and ~rename (rename last)', async () => {
    const combo = await api.get('/api/categoryCombos/eduCcSex001?fields=id,categories::size,name~size');
    expect(combo.body).toEqual({ id: 'eduCcSex001', categories: 1, name: 3 });
    const filled = await api.get('/api/categoryCombos/eduCcSex001?fields=categories~isNotEmpty');
    expect(filled.body).toEqual({ categories: true });
    const category = await api.get('/api/categories/eduCatSex01?fields=categoryOptions~pluck');
    expect(category.body).toEqual({ categoryOptions: ['eduCoFemale', 'eduCoMale01'] });
    const renamed = await api.get('/api/categories/eduCatSex01?fields=categoryOptions~rename(opts)[code]');
    expect(renamed.body).toEqual({ opts: [{ code: 'EDU_FEMALE' }, { code: 'EDU_MALE' }] });
    const plucked = await api.get('/api/categories/eduCatSex01?fields=categoryOptions~pluck(code)[code]');
    expect(plucked.body).toEqual({ categoryOptions: ['EDU_FEMALE', 'EDU_MALE'] });
    const chained = await api.get('/api/categories/eduCatSex01?fields=categoryOptions::size::rename(n),id');
    expect(chained.body).toEqual({ n: 2, id: 'eduCatSex01' });
    const notEmpty = await api.get('/api/dataElements/eduDeTeach1?fields=legendSets~isNotEmpty');
    expect(notEmpty.body).toEqual({ legendSets: false });
    const isEmpty = await api.get('/api/dataElements/eduDeTeach1?fields=legendSets::isEmpty');
    expect(isEmpty.body).toEqual({ legendSets: true });
  });

  it('computes formType, version, isDefault, displayName, access and href', async () => {
    const dataSet = await api.get(
      '/api/dataSets/eduDsAnnual?fields=formType,version,displayName,href,access',
    );
    expect(dataSet.body).toEqual({
      formType: 'SECTION', // it has a section and no custom form
      version: 0,
      displayName: 'Annual school census',
      href: `${sandbox.url}/api/dataSets/eduDsAnnual`,
      access: expect.objectContaining({ read: true, write: true }),
    });
    const combos = await api.get('/api/categoryCombos?fields=id,isDefault&paging=false');
    expect(combos.body.categoryCombos).toEqual(
      expect.arrayContaining([
        { id: 'bjDvmb4bfuf', isDefault: true },
        { id: 'eduCcSex001', isDefault: false },
      ]),
    );
  });

  it('writes unset booleans and collections as false and [] under :owner, :all and *, as Jackson does', async () => {
    for (const fields of [':owner', ':all', '*']) {
      const teachers = await api.get(`/api/dataElements/eduDeTeach1?fields=${fields}`);
      expect([fields, teachers.body]).toEqual([
        fields,
        expect.objectContaining({ zeroIsSignificant: false, aggregationLevels: [], legendSets: [] }),
      ]);
    }
    const exported = await api.get('/api/metadata?dataElements=true&fields=:owner');
    const teachers = (exported.body.dataElements as Array<Record<string, unknown>>).find(
      (d) => d.id === 'eduDeTeach1',
    );
    expect(teachers).toEqual(expect.objectContaining({ zeroIsSignificant: false, aggregationLevels: [] }));
  });

  it('writes an unset Category#dataDimension as true, the value DHIS2 initialises it to, and a set one as set', async () => {
    const category = (id: string, extra: Record<string, unknown>) => ({
      id,
      name: `Category ${id}`,
      shortName: `Category ${id}`,
      dataDimensionType: 'DISAGGREGATION',
      ...extra,
    });
    const posted = await api.post('/api/metadata', {
      categories: [category('eduCatUnset', {}), category('eduCatFalse', { dataDimension: false })],
    });
    expect(posted.status).toBe(200);
    const unset = await api.get('/api/categories/eduCatUnset?fields=:owner');
    expect(unset.body).toEqual(expect.objectContaining({ dataDimension: true, categoryOptions: [] }));
    const off = await api.get('/api/categories/eduCatFalse?fields=:owner');
    expect(off.body).toEqual(expect.objectContaining({ dataDimension: false }));
  });

  it('applies nested field selection on /api/me and /api/system/info', async () => {
    const me = await api.get('/api/me?fields=organisationUnits[id,level,path],name~rename(who)');
    const units = me.body.organisationUnits as Array<Record<string, unknown>>;
    expect(units.length).toBeGreaterThan(0);
    for (const unit of units) {
      expect(Object.keys(unit).sort()).toEqual(['id', 'level', 'path']);
      expect(unit.path).toBe(`/${String(unit.id)}`);
      expect(unit.level).toBe(1);
    }
    expect(me.body.who).toBe('admin admin');
    const info = await api.get('/api/system/info?fields=version,databaseInfo[spatialSupport]');
    expect(info.body).toEqual({ version: expect.any(String), databaseInfo: { spatialSupport: false } });
  });
});
