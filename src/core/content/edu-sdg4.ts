import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { ref, shipped } from './builders.js';
import { ATTRIBUTES, INDICATOR_TYPES, LEGEND_SETS } from './edu-core.js';
import type { CountryProfile } from './profile-types.js';
import { FormulaContext, type IndicatorGroupKey, type IndicatorSpec } from './sdg4-context.js';
import { flowIndicators } from './sdg4-flows.js';
import { participationIndicators } from './sdg4-participation.js';
import { resourceIndicators } from './sdg4-resources.js';
import { tx, type Text } from './text.js';

export const INDICATOR_GROUPS: Record<IndicatorGroupKey, Text> = {
  SDG4_4_1: tx('SDG 4.1 Primary and secondary education', 'ODD 4.1 Enseignement primaire et secondaire'),
  SDG4_4_2: tx('SDG 4.2 Early childhood and pre-primary', 'ODD 4.2 Petite enfance et préprimaire'),
  SDG4_4_5: tx('SDG 4.5 Equity (parity indices)', 'ODD 4.5 Équité (indices de parité)'),
  SDG4_4_A: tx('SDG 4.a Education facilities', 'ODD 4.a Établissements scolaires'),
  SDG4_4_C: tx('SDG 4.c Teachers', 'ODD 4.c Enseignants'),
  UIS_OTHER: tx('UIS other policy-relevant indicators', 'ISU autres indicateurs pertinents'),
  NATIONAL: tx('National EMIS indicators', 'Indicateurs SIGE nationaux'),
};

export const indicatorGroupCode = (key: IndicatorGroupKey): string => `EDU_IG_${key}`;
export const SDG4_GROUP_SET = 'EDU_SDG4_TARGETS';

/** Every indicator of edu-sdg4 for a profile, formulas generated from its ages and grades. */
export function sdg4Indicators(profile: CountryProfile): IndicatorSpec[] {
  const ctx = new FormulaContext(profile);
  return [...participationIndicators(ctx), ...flowIndicators(ctx), ...resourceIndicators(ctx)];
}

function indicatorObject(spec: IndicatorSpec, profile: CountryProfile): MetadataObject {
  const lang = profile.language;
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
      numeratorDescription: spec.numeratorDescription[lang],
      denominator: spec.denominator,
      denominatorDescription: spec.denominatorDescription[lang],
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
  const lang = profile.language;
  const keys = Object.keys(INDICATOR_GROUPS) as IndicatorGroupKey[];
  const groups = keys.map((key) =>
    shipped(
      'indicatorGroups',
      indicatorGroupCode(key),
      lang,
      { name: { en: `EDU - ${INDICATOR_GROUPS[key].en}`, fr: `EDU - ${INDICATOR_GROUPS[key].fr}` } },
      { indicators: specs.filter((s) => s.group === key).map((s) => ref('indicators', s.code)) },
    ),
  );
  return {
    indicators: specs.map((s) => indicatorObject(s, profile)),
    indicatorGroups: groups,
    indicatorGroupSets: [
      shipped(
        'indicatorGroupSets',
        SDG4_GROUP_SET,
        lang,
        {
          name: tx('EDU - SDG 4 targets', 'EDU - Cibles ODD 4'),
          shortName: tx('SDG 4 targets (EDU)', 'Cibles ODD 4 (EDU)'),
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
