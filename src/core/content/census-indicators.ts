import type { MetadataObject } from '../package/types.js';
import { ref, shipped } from './builders.js';
import { INDICATOR_TYPES } from './edu-core.js';
import { indicatorsFromTable } from './indicator-table.js';
import { FormulaContext } from './sdg4-context.js';
import { languagesOf, type CountryProfile } from './profile-types.js';
import { inLanguage } from './text.js';

/** edu-census's indicators (census totals, data-quality ratios): the indicator table's edu-census rows. */
export function censusIndicators(profile: CountryProfile): MetadataObject[] {
  const lang = languagesOf(profile);
  return indicatorsFromTable(new FormulaContext(profile), { package: 'edu-census' }).map((spec) =>
    shipped(
      'indicators',
      spec.code,
      lang,
      { name: spec.name, shortName: spec.shortName, description: spec.description },
      {
        annualized: false,
        decimals: spec.decimals,
        indicatorType: ref('indicatorTypes', INDICATOR_TYPES[spec.type]),
        numerator: spec.numerator,
        numeratorDescription: inLanguage(spec.numeratorDescription, lang.main),
        denominator: spec.denominator,
        denominatorDescription: inLanguage(spec.denominatorDescription, lang.main),
      },
    ),
  );
}
