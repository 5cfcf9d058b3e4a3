import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { ref, shipped } from './builders.js';
import { ATTRIBUTES, INDICATOR_TYPES, LEGEND_SETS } from './edu-core.js';
import { languagesOf, type CountryProfile } from './profile-types.js';
import { FormulaContext, type IndicatorGroupKey, type IndicatorSpec } from './sdg4-context.js';
import { flowIndicators } from './sdg4-flows.js';
import { participationIndicators } from './sdg4-participation.js';
import { resourceIndicators } from './sdg4-resources.js';
import { examIndicators, financeIndicators, tertiaryIndicators } from './sdg4-national.js';
import { buildNationalData } from './national-data.js';
import { buildDimensions } from './dimensions.js';
import { inLanguage, join, t, type Text } from './text.js';

export const INDICATOR_GROUPS: Record<IndicatorGroupKey, Text> = {
  SDG4_4_1: t('SDG 4.1 Primary and secondary education'),
  SDG4_4_2: t('SDG 4.2 Early childhood and pre-primary'),
  SDG4_4_3: t('SDG 4.3 Tertiary and TVET participation'),
  SDG4_4_5: t('SDG 4.5 Equity (parity indices)'),
  SDG4_4_A: t('SDG 4.a Education facilities'),
  SDG4_4_C: t('SDG 4.c Teachers'),
  SDG4_FINANCE: t('SDG 1.a.2 and education finance'),
  UIS_OTHER: t('UIS other policy-relevant indicators'),
  NATIONAL: t('National EMIS indicators'),
};

export const indicatorGroupCode = (key: IndicatorGroupKey): string => `EDU_IG_${key}`;
export const SDG4_GROUP_SET = 'EDU_SDG4_TARGETS';

/** Every indicator of edu-sdg4 for a profile, formulas generated from its ages and grades. */
export function sdg4Indicators(profile: CountryProfile): IndicatorSpec[] {
  const ctx = new FormulaContext(profile);
  return [
    ...participationIndicators(ctx),
    ...flowIndicators(ctx),
    ...resourceIndicators(ctx),
    ...tertiaryIndicators(ctx),
    ...examIndicators(ctx),
    ...financeIndicators(ctx),
  ];
}

function indicatorObject(spec: IndicatorSpec, profile: CountryProfile): MetadataObject {
  const lang = languagesOf(profile);
  return shipped(
    'indicators',
    spec.code,
    lang,
    { name: spec.name, shortName: spec.shortName, description: spec.description },
    {
      annualized: false,
      decimals: spec.decimals,
      indicatorType: ref(
        'indicatorTypes',
        spec.type === 'percent' ? INDICATOR_TYPES.percent : INDICATOR_TYPES.ratio,
      ),
      numerator: spec.numerator,
      numeratorDescription: inLanguage(spec.numeratorDescription, lang.main),
      denominator: spec.denominator,
      denominatorDescription: inLanguage(spec.denominatorDescription, lang.main),
      legendSets: spec.legend ? [ref('legendSets', LEGEND_SETS[spec.legend])] : [],
      // UIS publishes no code for some indicators and some are not SDG 4 indicators: no value
      // then, rather than a placeholder an export to UIS would have to filter out.
      attributeValues: [
        { attribute: ref('attributes', ATTRIBUTES.uisCode), value: spec.uisCode },
        { attribute: ref('attributes', ATTRIBUTES.sdg4), value: spec.sdg },
      ].filter((a) => a.value !== NOT_APPLICABLE),
    },
  );
}

/** How the indicator catalogue marks a code UIS does not publish. */
const NOT_APPLICABLE = 'none';

export function buildSdg4(profile: CountryProfile): MetadataBundle {
  const specs = sdg4Indicators(profile);
  const lang = languagesOf(profile);
  const keys = Object.keys(INDICATOR_GROUPS) as IndicatorGroupKey[];
  const groups = keys.map((key) =>
    shipped(
      'indicatorGroups',
      indicatorGroupCode(key),
      lang,
      { name: join('EDU - ', INDICATOR_GROUPS[key]) },
      { indicators: specs.filter((s) => s.group === key).map((s) => ref('indicators', s.code)) },
    ),
  );
  return {
    ...buildNationalData(profile, buildDimensions(profile)),
    indicators: specs.map((s) => indicatorObject(s, profile)),
    indicatorGroups: groups,
    indicatorGroupSets: [
      shipped(
        'indicatorGroupSets',
        SDG4_GROUP_SET,
        lang,
        {
          name: t('EDU - SDG 4 targets'),
          shortName: t('SDG 4 targets (EDU)'),
        },
        {
          compulsory: false,
          indicatorGroups: keys
            .filter((k) => k.startsWith('SDG4'))
            .map((k) => ref('indicatorGroups', indicatorGroupCode(k))),
        },
      ),
    ],
  };
}
