import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { ref, shipped } from './builders.js';
import { ATTRIBUTES, LEGEND_SETS } from './edu-core.js';
import { languagesOf, type CountryProfile, type Languages } from './profile-types.js';
import { indicatorObject, indicatorsFromTable } from './indicator-table.js';
import {
  FormulaContext,
  INDICATOR_GROUPS,
  type IndicatorGroupKey,
  type IndicatorSpec,
} from './sdg4-context.js';
import { buildNationalData } from './national-data.js';
import { buildDimensions } from './dimensions.js';
import { join, t } from './text.js';

export const indicatorGroupCode = (key: IndicatorGroupKey): string => `EDU_IG_${key}`;
export const SDG4_GROUP_SET = 'EDU_SDG4_TARGETS';

/** Every indicator of edu-sdg4 for a profile: the indicator table, formulas from its ages and grades. */
export function sdg4Indicators(profile: CountryProfile): IndicatorSpec[] {
  return indicatorsFromTable(new FormulaContext(profile));
}

/** An edu-sdg4 indicator: the table's object with its legend set and UIS / SDG 4 codes. */
function sdg4IndicatorObject(spec: IndicatorSpec, lang: Languages): MetadataObject {
  return indicatorObject(spec, lang, {
    legendSets: spec.legend ? [ref('legendSets', LEGEND_SETS[spec.legend])] : [],
    // UIS publishes no code for some indicators and some are not SDG 4 indicators: no value
    // then, rather than a placeholder an export to UIS would have to filter out.
    attributeValues: [
      { attribute: ref('attributes', ATTRIBUTES.uisCode), value: spec.uisCode },
      { attribute: ref('attributes', ATTRIBUTES.sdg4), value: spec.sdg },
    ].filter((a) => a.value !== NOT_APPLICABLE),
  });
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
    indicators: specs.map((s) => sdg4IndicatorObject(s, lang)),
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
