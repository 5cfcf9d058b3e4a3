import type { MetadataBundle } from '../package/types.js';
import { DEFAULT_COMBO, ref, shipped } from './builders.js';
import { buildDimensions } from './dimensions.js';
import type { CountryProfile } from './profile-types.js';
import { tx } from './text.js';

export const POPULATION_DE = 'EDU_POPULATION';
export const POPULATION_DATA_SET = 'EDU_POPULATION';

/** Population estimates by single age and sex: the denominators of every UIS participation rate. */
export function buildPopulation(profile: CountryProfile): MetadataBundle {
  const lang = profile.language;
  const dims = buildDimensions(profile);
  const dataSetId = ref('dataSets', POPULATION_DATA_SET);
  const de = shipped(
    'dataElements',
    POPULATION_DE,
    lang,
    {
      name: tx('EDU - Population estimate by single age and sex', 'EDU - Population estimée par âge et sexe'),
      shortName: tx('Population by age (EDU)', 'Population par âge (EDU)'),
      formName: tx('Population estimate', 'Population estimée'),
      description: tx(
        'Mid-year population estimate or projection by age in completed years and sex (national statistics office)',
        "Population estimée ou projetée en milieu d'année par âge révolu et sexe (institut national de la statistique)",
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
          name: tx('EDU - Population estimates (yearly)', 'EDU - Estimations de population (annuelles)'),
          shortName: tx('Population estimates (EDU)', 'Estimations population (EDU)'),
          formName: tx('Population estimates', 'Estimations de population'),
          description: tx(
            'Yearly population estimates by single age and sex, entered at district level: the denominators of the UIS participation rates.',
            "Estimations annuelles de la population par âge et sexe, saisies au niveau du district : dénominateurs des taux de participation de l'ISU.",
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
          name: tx('EDU - Population', 'EDU - Population'),
          shortName: tx('Population (EDU)', 'Population (EDU)'),
        },
        { dataElements: [{ id: de.id }] },
      ),
    ],
  };
}
