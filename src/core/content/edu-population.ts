import type { MetadataBundle } from '../package/types.js';
import { DEFAULT_COMBO, ref, shipped } from './builders.js';
import { buildDimensions } from './dimensions.js';
import { languagesOf, type CountryProfile } from './profile-types.js';
import { t } from './text.js';

export const POPULATION_DE = 'EDU_POPULATION';
export const POPULATION_DATA_SET = 'EDU_POPULATION';

/** Population estimates by single age and sex: the denominators of every UIS participation rate. */
export function buildPopulation(profile: CountryProfile): MetadataBundle {
  const lang = languagesOf(profile);
  const dims = buildDimensions(profile);
  const dataSetId = ref('dataSets', POPULATION_DATA_SET);
  const de = shipped(
    'dataElements',
    POPULATION_DE,
    lang,
    {
      name: t('EDU - Population estimate by single age and sex'),
      shortName: t('Population by age (EDU)'),
      formName: t('Population estimate'),
      description: t(
        'Mid-year population estimate or projection by age in completed years and sex (national statistics office)',
      ),
    },
    {
      aggregationType: 'SUM',
      domainType: 'AGGREGATE',
      valueType: 'INTEGER_ZERO_OR_POSITIVE',
      zeroIsSignificant: false,
      categoryCombo: ref('categoryCombos', dims.combos.ageSex.code),
    },
  );
  return {
    dataElements: [de],
    dataSets: [
      shipped(
        'dataSets',
        POPULATION_DATA_SET,
        lang,
        {
          name: t('EDU - Population estimates (yearly)'),
          shortName: t('Population estimates (EDU)'),
          formName: t('Population estimates'),
          description: t(
            'Yearly population estimates by single age and sex, entered at district level: the denominators of the UIS participation rates.',
          ),
        },
        {
          periodType: 'Yearly',
          // Projections are entered ahead of the school year they serve.
          openFuturePeriods: 2,
          expiryDays: 0,
          timelyDays: 15,
          categoryCombo: DEFAULT_COMBO,
          dataSetElements: [{ dataElement: { id: de.id }, dataSet: dataSetId }],
        },
      ),
    ],
    dataElementGroups: [
      shipped(
        'dataElementGroups',
        'EDU_POPULATION',
        lang,
        {
          name: t('EDU - Population'),
          shortName: t('Population (EDU)'),
        },
        { dataElements: [{ id: de.id }] },
      ),
    ],
  };
}
