import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { DEFAULT_COMBO, ref, shipped, uid } from './builders.js';
import {
  censusDataElements,
  censusDataSetCode,
  SECTION_NAMES,
  type DataElementSpec,
  type SectionKey,
} from './census-spec.js';
import { censusValidationRules } from './census-validation.js';
import { buildDimensions } from './dimensions.js';
import { ISCED_LEVELS, type CountryProfile, type IscedLevel, type Locale } from './profile-types.js';
import { join, LEVEL_NAMES, LEVEL_TAGS, levelCode, tx } from './text.js';

function dataElementObject(spec: DataElementSpec, lang: Locale): MetadataObject {
  return shipped(
    'dataElements',
    spec.code,
    lang,
    { name: spec.name, shortName: spec.shortName, formName: spec.formName, description: spec.description },
    {
      aggregationType: 'SUM',
      domainType: 'AGGREGATE',
      valueType: spec.valueType,
      // A "No" (0) for a basic service is information: the 4.a.1 numerators count schools with 1.
      zeroIsSignificant: spec.valueType === 'BOOLEAN',
      categoryCombo: spec.combo ? ref('categoryCombos', spec.combo.code) : DEFAULT_COMBO,
    },
  );
}

function levelObjects(profile: CountryProfile, level: IscedLevel): MetadataBundle {
  const lang = profile.language;
  const dims = buildDimensions(profile);
  const specs = censusDataElements(dims, level);
  const dsCode = censusDataSetCode(level);
  const dataSet = ref('dataSets', dsCode);
  const sectionKeys = [...new Set(specs.map((s) => s.section))] as SectionKey[];
  const sections = sectionKeys.map((key, i) => ({
    id: uid('sections', `${dsCode}_${key.toUpperCase()}`),
    code: `${dsCode}_${key.toUpperCase()}`,
    ...sectionNames(lang, key),
    dataSet,
    sortOrder: i + 1,
    showRowTotals: key === 'enrolment',
    showColumnTotals: key === 'enrolment',
    dataElements: specs.filter((s) => s.section === key).map((s) => ref('dataElements', s.code)),
  }));
  const dataSetObject = shipped(
    'dataSets',
    dsCode,
    lang,
    {
      name: join(
        tx('EDU - Annual school census (', 'EDU - Recensement scolaire annuel ('),
        LEVEL_NAMES[level],
        ')',
      ),
      shortName: join(tx('School census ', 'Recensement scolaire '), LEVEL_TAGS[level], ' (EDU)'),
      formName: join(tx('Annual school census - ', 'Recensement scolaire annuel - '), LEVEL_NAMES[level]),
      description: join(
        tx(
          'Annual school census questionnaire for ',
          'Questionnaire du recensement scolaire annuel pour le ',
        ),
        LEVEL_NAMES[level],
        tx(' (ISCED ', ' (CITE '),
        level,
        tx('), reported by each school once a year.', '), rempli par chaque école une fois par an.'),
      ),
    },
    {
      periodType: 'Yearly',
      openFuturePeriods: 0,
      expiryDays: 0,
      timelyDays: 15,
      categoryCombo: DEFAULT_COMBO,
      dataSetElements: specs.map((s) => ({ dataElement: ref('dataElements', s.code), dataSet })),
      renderAsTabs: true,
    },
  );
  const { rules, group } = censusValidationRules(profile, dims, level);
  return {
    dataElements: specs.map((s) => dataElementObject(s, lang)),
    dataSets: [dataSetObject],
    sections,
    dataElementGroups: [
      shipped(
        'dataElementGroups',
        `EDU_${levelCode(level)}_CENSUS`,
        lang,
        {
          name: join(tx('EDU - School census (', 'EDU - Recensement scolaire ('), LEVEL_NAMES[level], ')'),
          shortName: join(tx('School census ', 'Recensement scolaire '), LEVEL_TAGS[level], ' (EDU)'),
        },
        { dataElements: specs.map((s) => ref('dataElements', s.code)) },
      ),
    ],
    validationRules: rules,
    validationRuleGroups: [group],
  };
}

function sectionNames(lang: Locale, key: SectionKey): MetadataObject {
  const other: Locale = lang === 'en' ? 'fr' : 'en';
  return {
    name: SECTION_NAMES[key][lang],
    translations: [{ property: 'NAME', locale: other, value: SECTION_NAMES[key][other] }],
  };
}

/** The annual school census: one data set per ISCED level, with sections and validation rules. */
export function buildCensus(profile: CountryProfile): MetadataBundle {
  const bundle: MetadataBundle = {};
  for (const level of ISCED_LEVELS) {
    for (const [plural, objects] of Object.entries(levelObjects(profile, level))) {
      (bundle[plural] ??= []).push(...objects);
    }
  }
  return bundle;
}
