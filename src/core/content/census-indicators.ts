import type { MetadataObject } from '../package/types.js';
import { ref, shipped } from './builders.js';
import { INDICATOR_TYPES } from './edu-core.js';
import { FormulaContext } from './sdg4-context.js';
import { ISCED_LEVELS, languagesOf, type CountryProfile, type IscedLevel } from './profile-types.js';
import { inLanguage, join, LEVEL_NAMES, LEVEL_TAGS, levelCode, t } from './text.js';

/**
 * Counts and data-quality ratios over the census tables. Enrolment is split over a data element
 * per age row, so charts read its total through an indicator (code EDU_ISCED1_ENROLMENT).
 */
export function censusIndicators(profile: CountryProfile): MetadataObject[] {
  const ctx = new FormulaContext(profile);
  const lang = languagesOf(profile);
  const indicator = (
    level: IscedLevel,
    key: string,
    fields: {
      name: ReturnType<typeof t>;
      shortName: ReturnType<typeof t>;
      description: ReturnType<typeof t>;
    },
    formula: {
      numerator: string;
      numeratorDescription: ReturnType<typeof t>;
      denominator: string;
      denominatorDescription: ReturnType<typeof t>;
    },
    type: keyof typeof INDICATOR_TYPES,
  ) =>
    shipped('indicators', `EDU_${levelCode(level)}_${key}`, lang, fields, {
      annualized: false,
      decimals: type === 'number' ? 0 : 1,
      indicatorType: ref('indicatorTypes', INDICATOR_TYPES[type]),
      numerator: formula.numerator,
      numeratorDescription: inLanguage(formula.numeratorDescription, lang.main),
      denominator: formula.denominator,
      denominatorDescription: inLanguage(formula.denominatorDescription, lang.main),
    });
  const out: MetadataObject[] = [];
  for (const level of ISCED_LEVELS) {
    out.push(
      indicator(
        level,
        'ENROLMENT',
        {
          name: join(t('EDU - Enrolment'), ' (', LEVEL_NAMES[level], ')'),
          shortName: join(t('Enrolment'), ' ', LEVEL_TAGS[level], ' (EDU)'),
          description: t('Learners enrolled in the level, all ages, grades and sexes (census total).'),
        },
        {
          numerator: ctx.enrolment(level),
          numeratorDescription: t('Enrolment'),
          denominator: '1',
          denominatorDescription: t('One'),
        },
        'number',
      ),
    );
    if (level === '02') continue;
    const last = profile.levels[level].duration;
    // Validation rules cannot read last year (DHIS2 allows periodOffset in indicators only): the
    // completers <= last-grade enrolment check is this ratio, flagged above 100 on the DQ dashboard.
    out.push(
      indicator(
        level,
        'DQ_COMPLETERS',
        {
          name: join(
            t('EDU - DQ completers per last-grade learner of the previous year'),
            ' (',
            LEVEL_NAMES[level],
            ')',
          ),
          shortName: join(t('DQ completers'), ' ', LEVEL_TAGS[level], ' (EDU)'),
          description: t(
            'Completers reported this year as a percentage of last year\u2019s enrolment in the last grade. Above 100 is impossible: a data error in one of the two years.',
          ),
        },
        {
          numerator: ctx.completers(level),
          numeratorDescription: t('Completers of the last grade'),
          denominator: ctx.enrolmentOf(level, { grade: last }, { periodOffset: -1 }),
          denominatorDescription: t('Enrolment in the last grade, previous year'),
        },
        'percent',
      ),
    );
  }
  return out;
}
