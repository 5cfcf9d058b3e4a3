import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { DEFAULT_COMBO, named, ref, shipped, uid } from './builders.js';
import {
  censusDataElements,
  censusDataSetCode,
  SECTION_NAMES,
  type DataElementSpec,
  type SectionKey,
} from './census-spec.js';
import { censusFormLayout, customFormHtml, tableWidth } from './census-form.js';
import { censusValidationRules } from './census-validation.js';
import { buildDimensions } from './dimensions.js';
import { indicatorObject, indicatorsFromTable } from './indicator-table.js';
import {
  ISCED_LEVELS,
  languagesOf,
  type CountryProfile,
  type IscedLevel,
  type Languages,
} from './profile-types.js';
import { FormulaContext } from './sdg4-context.js';
import { join, LEVEL_NAMES, LEVEL_TAGS, levelCode, t } from './text.js';

function dataElementObject(spec: DataElementSpec, lang: Languages): MetadataObject {
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
  const lang = languagesOf(profile);
  const dims = buildDimensions(profile);
  const specs = censusDataElements(dims, level);
  const dsCode = censusDataSetCode(level);
  const dataSet = ref('dataSets', dsCode);
  const layout = censusFormLayout(dims, level);
  const sections = layout.map((section, i) => {
    const code = `${dsCode}_${section.key.toUpperCase()}`;
    const cells = section.tables.flatMap((table) => table.rows.flatMap((row) => row.cells));
    // A totals column would make a full-width (12) table 13 wide.
    const totals = section.key === 'enrolment' && section.tables.every((table) => tableWidth(table) < 12);
    return {
      id: uid('sections', code),
      code,
      ...sectionNames(lang, section.key),
      dataSet,
      sortOrder: i + 1,
      showRowTotals: totals,
      showColumnTotals: section.key === 'enrolment',
      dataElements: section.tables.flatMap((table) =>
        table.rows.map((row) => ref('dataElements', row.element.code)),
      ),
      greyedFields: cells
        .filter((cell) => !cell.enterable)
        .map((cell) => ({
          dataElement: { id: cell.dataElement },
          categoryOptionCombo: { id: cell.optionCombo },
        })),
    };
  });
  const form = shipped(
    'dataEntryForms',
    dsCode,
    lang,
    { name: join(t('EDU - Annual school census ('), LEVEL_NAMES[level], ')') },
    { style: 'NORMAL', format: 2, htmlCode: customFormHtml(layout, lang.main) },
  );
  const dataSetObject = shipped(
    'dataSets',
    dsCode,
    lang,
    {
      name: join(t('EDU - Annual school census ('), LEVEL_NAMES[level], ')'),
      shortName: join(t('School census '), LEVEL_TAGS[level], ' (EDU)'),
      formName: join(t('Annual school census - '), LEVEL_NAMES[level]),
      description: join(
        t('Annual school census questionnaire for '),
        LEVEL_NAMES[level],
        t(' (ISCED '),
        level,
        t('), reported by each school once a year.'),
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
      dataEntryForm: { id: form.id },
    },
  );
  const { rules, group } = censusValidationRules(profile, dims, level);
  return {
    dataElements: specs.map((s) => dataElementObject(s, lang)),
    dataSets: [dataSetObject],
    sections,
    dataEntryForms: [form],
    dataElementGroups: [
      shipped(
        'dataElementGroups',
        `EDU_${levelCode(level)}_CENSUS`,
        lang,
        {
          name: join(t('EDU - School census ('), LEVEL_NAMES[level], ')'),
          shortName: join(t('School census '), LEVEL_TAGS[level], ' (EDU)'),
        },
        { dataElements: specs.map((s) => ref('dataElements', s.code)) },
      ),
    ],
    validationRules: rules,
    validationRuleGroups: [group],
  };
}

function sectionNames(lang: Languages, key: SectionKey): MetadataObject {
  return {
    ...named(lang, { name: SECTION_NAMES[key] }),
  };
}

/** The annual school census: one data set per ISCED level, with sections and validation rules. */
export function buildCensus(profile: CountryProfile): MetadataBundle {
  // Census totals and data-quality ratios: the indicator table's edu-census rows.
  const indicators = indicatorsFromTable(new FormulaContext(profile), { package: 'edu-census' });
  const lang = languagesOf(profile);
  const bundle: MetadataBundle = { indicators: indicators.map((s) => indicatorObject(s, lang)) };
  for (const level of ISCED_LEVELS) {
    for (const [plural, objects] of Object.entries(levelObjects(profile, level))) {
      (bundle[plural] ??= []).push(...objects);
    }
  }
  return bundle;
}
