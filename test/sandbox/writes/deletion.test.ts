import { DEFAULT_CATEGORY_MODEL } from '../../../src/core/dhis2-model/rules.js';
import { errorsOf, importReportOf } from '../helpers.js';
import { ROOT, startWorld, storeValue, type WriteWorld } from './write-fixtures.js';

/**
 * Deletion rules of dhis2-core's *DeletionHandler classes (dhis-service-core, 2.38-2.42):
 * DataValueDeletionHandler (data values veto data elements, org units, option combos),
 * CategoryOptionComboDeletionHandler (values of a combo's option combos veto the combo; the option
 * combos go with it), DataElementDeletionHandler / DataSetDeletionHandler#deleteCategoryCombo
 * (users of a deleted combo fall back to the default combo), OrganisationUnitDeletionHandler
 * (children veto, named), IndicatorDeletionHandler (expressions veto, named),
 * DataElementDeletionHandler#allowDeleteOptionSet. The refusal is DefaultDeletionManager's
 * DeleteNotAllowedException -> E4030 with DeletionVeto's message; AbstractCrudController#deleteObject
 * answers WebMessageUtils.objectReport: 409 with status WARNING.
 */
describe('deleting metadata in the sandbox follows DHIS2 deletion handlers', () => {
  let world: WriteWorld;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    await world.sandbox.close();
  });

  it('refuses to delete a data element that has data values (E4030 DataValue, 409 WARNING ObjectReport)', async () => {
    await storeValue(world.api);
    const result = await world.api.del('/api/dataElements/eduDeEnrol1');
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({
      httpStatus: 'Conflict',
      status: 'WARNING',
      message: 'One or more errors occurred, please see full details in import report.',
      response: {
        responseType: 'ObjectReport',
        uid: 'eduDeEnrol1',
        klass: 'org.hisp.dhis.dataelement.DataElement',
        errorReports: [
          {
            errorCode: 'E4030',
            message: 'Object could not be deleted because it is associated with another object: DataValue',
          },
        ],
      },
    });
    expect((await world.api.get('/api/dataElements/eduDeEnrol1')).status).toBe(200);
  });

  it('refuses the same delete through /api/metadata?importStrategy=DELETE (ignored 1, E4030)', async () => {
    await storeValue(world.api);
    const result = await world.api.post('/api/metadata?importStrategy=DELETE', {
      dataElements: [{ id: 'eduDeEnrol1' }],
    });
    expect(result.status).toBe(409);
    const report = importReportOf(result);
    expect(report).toMatchObject({ status: 'WARNING', stats: { deleted: 0, ignored: 1 } });
    expect(errorsOf(report).map((e) => e.errorCode)).toEqual(['E4030']);
  });

  it('deletes a data element without data values (200 OK ObjectReport)', async () => {
    const result = await world.api.del('/api/dataElements/eduDeSpare1');
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      status: 'OK',
      response: { responseType: 'ObjectReport', uid: 'eduDeSpare1', errorReports: [] },
    });
    expect((await world.api.get('/api/dataElements/eduDeSpare1')).status).toBe(404);
  });

  it('deletes a category combo used by a data element: the element falls back to the default combo, the option combos go', async () => {
    const result = await world.api.del('/api/categoryCombos/eduCcSex001');
    expect(result.status).toBe(200);
    const element = await world.api.get('/api/dataElements/eduDeEnrol1?fields=categoryCombo');
    expect(element.body.categoryCombo).toEqual({ id: DEFAULT_CATEGORY_MODEL.categoryCombos });
    expect((await world.api.get('/api/categoryOptionCombos/eduCocBoys1')).status).toBe(404);
    expect((await world.api.get('/api/categories/eduCatSex01')).status).toBe(200);
  });

  it('refuses to delete a category combo whose option combos hold data (E4030 CategoryOptionCombo)', async () => {
    await storeValue(world.api);
    const result = await world.api.del('/api/categoryCombos/eduCcSex001');
    expect(result.status).toBe(409);
    const errors = (result.body.response as { errorReports: Array<{ message: string }> }).errorReports;
    expect(errors.map((e) => e.message)).toEqual([
      'Object could not be deleted because it is associated with another object: CategoryOptionCombo',
    ]);
  });

  it('still refuses to delete a category used by a combo (E4030 CategoryCombo)', async () => {
    const result = await world.api.del('/api/categories/eduCatSex01');
    expect(result.status).toBe(409);
    expect(JSON.stringify(result.body)).toContain('associated with another object: CategoryCombo');
  });

  it('refuses to delete an org unit with children, naming them, and one with data values', async () => {
    const parent = await world.api.del(`/api/organisationUnits/${ROOT}`);
    expect(parent.status).toBe(409);
    const message = (parent.body.response as { errorReports: Array<{ message: string }> }).errorReports[0]!
      .message;
    expect(message).toMatch(/associated with another object: OrganisationUnit \(.+\)$/);

    const leaf = await world.api.post('/api/organisationUnits', {
      id: 'eduOuLeaf01',
      name: 'Leaf school',
      shortName: 'Leaf school',
      openingDate: '2000-01-01',
      parent: { id: ROOT },
    });
    expect(leaf.status).toBe(201);
    await world.api.post('/api/dataValueSets', {
      dataValues: [{ dataElement: 'eduDeSpare1', period: '2024', orgUnit: 'eduOuLeaf01', value: '3' }],
    });
    const withData = await world.api.del('/api/organisationUnits/eduOuLeaf01');
    expect(withData.status).toBe(409);
    expect(JSON.stringify(withData.body)).toContain('associated with another object: DataValue');
  });

  it('refuses to delete a data element an indicator uses, naming the indicator', async () => {
    const imported = await world.api.post('/api/metadata', {
      indicatorTypes: [{ id: 'eduItNum001', name: 'Number (EDU)', factor: 1 }],
      indicators: [
        {
          id: 'eduInSpare1',
          name: 'Spare share',
          shortName: 'Spare share',
          indicatorType: { id: 'eduItNum001' },
          numerator: '#{eduDeSpare1}',
          denominator: '1',
        },
      ],
    });
    expect(imported.status).toBe(200);
    const result = await world.api.del('/api/dataElements/eduDeSpare1');
    expect(result.status).toBe(409);
    expect(JSON.stringify(result.body)).toContain('associated with another object: Indicator (Spare share)');
    const type = await world.api.del('/api/indicatorTypes/eduItNum001');
    expect(JSON.stringify(type.body)).toContain('associated with another object: Indicator (Spare share)');
  });
});
