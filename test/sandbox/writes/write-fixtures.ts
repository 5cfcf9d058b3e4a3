import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import type { Dhis2Version } from '../../../src/sandbox/types.js';
import { DEMO_ROOT_UID } from '../../../src/sandbox/seed.js';
import { client, type Client } from '../helpers.js';

/** A hand-made sex-disaggregated data element with its combo and option combos, plus a spare one. */
export const SEX_MODEL = {
  categoryOptions: [
    { id: 'eduCoBoys01', name: 'Boys', shortName: 'Boys' },
    { id: 'eduCoGirl01', name: 'Girls', shortName: 'Girls' },
  ],
  categories: [
    {
      id: 'eduCatSex01',
      name: 'Sex (EDU)',
      shortName: 'Sex (EDU)',
      dataDimensionType: 'DISAGGREGATION',
      categoryOptions: [{ id: 'eduCoBoys01' }, { id: 'eduCoGirl01' }],
    },
  ],
  categoryCombos: [
    {
      id: 'eduCcSex001',
      name: 'Sex (EDU)',
      dataDimensionType: 'DISAGGREGATION',
      categories: [{ id: 'eduCatSex01' }],
    },
  ],
  categoryOptionCombos: [
    {
      id: 'eduCocBoys1',
      name: 'Boys',
      categoryCombo: { id: 'eduCcSex001' },
      categoryOptions: [{ id: 'eduCoBoys01' }],
    },
    {
      id: 'eduCocGirl1',
      name: 'Girls',
      categoryCombo: { id: 'eduCcSex001' },
      categoryOptions: [{ id: 'eduCoGirl01' }],
    },
  ],
  dataElements: [
    {
      id: 'eduDeEnrol1',
      name: 'Enrolment (EDU)',
      shortName: 'Enrolment (EDU)',
      valueType: 'INTEGER',
      domainType: 'AGGREGATE',
      aggregationType: 'SUM',
      categoryCombo: { id: 'eduCcSex001' },
    },
    {
      id: 'eduDeSpare1',
      name: 'Spare (EDU)',
      shortName: 'Spare (EDU)',
      valueType: 'NUMBER',
      domainType: 'AGGREGATE',
      aggregationType: 'SUM',
    },
  ],
};

export const ROOT = DEMO_ROOT_UID;

export interface WriteWorld {
  sandbox: Sandbox;
  api: Client;
}

/** A demo-seeded sandbox holding SEX_MODEL. */
export async function startWorld(version: Dhis2Version = '2.41'): Promise<WriteWorld> {
  const sandbox = await startSandbox({ seed: 'demo', dhis2Version: version });
  const api = client(sandbox.url);
  const imported = await api.post('/api/metadata', SEX_MODEL);
  if (imported.status !== 200) throw new Error(`fixture import failed: ${imported.text}`);
  return { sandbox, api };
}

/** One data value of eduDeEnrol1 (boys) at the demo root in 2024. */
export async function storeValue(api: Client, value = '12'): Promise<void> {
  const result = await api.post('/api/dataValueSets', {
    dataValues: [
      {
        dataElement: 'eduDeEnrol1',
        period: '2024',
        orgUnit: ROOT,
        categoryOptionCombo: 'eduCocBoys1',
        value,
      },
    ],
  });
  if (result.status !== 200) throw new Error(`data value import failed: ${result.text}`);
}
