import type { PackageName } from './catalog.js';

/** What changed in each shipped package, newest first (rendered into its CHANGELOG.md). */
export const PACKAGE_CHANGES: Record<PackageName, Array<{ version: string; changes: string[] }>> = {
  'edu-core': [
    {
      version: '2.0.0',
      changes: [
        'Breaking: the grade x age x sex combos and the Washington Group domain category are gone (the census keeps age and domain in its data elements); grade x sex combos are split into groups of at most 6 grades; new combo EDU_WG_DIFFICULTY_SEX.',
      ],
    },
  ],
  'edu-population': [{ version: '1.0.1', changes: ['Requires edu-core ^2.0.0; content unchanged.'] }],
  'edu-census': [
    {
      version: '2.0.0',
      changes: [
        'Breaking: enrolment is one data element per age row of a level (official ages from 2 years before entry to 4 after the end, 2 in pre-primary, plus under/over bands) with grade x sex columns; new entrants one per age; learners with a difficulty one per WG domain. EDU_ISCEDx_ENROLMENT is now an indicator (the census total).',
        'Section tables at most 12 columns wide; cells of a learner more than 2 years younger than the grade are greyed fields; a custom HTML form per level (DHIS2 custom form format).',
        'Validation rules: no learner too young for the grade; new entrants at most grade 1 enrolment minus repeaters (re-entrants exist); at most 150 learners per class and per teacher (LOW). Data-quality indicator EDU_ISCEDx_DQ_COMPLETERS (completers per last-grade learner of the previous year; validation rules cannot read last year).',
        'The Gambia: pre-primary 4 years from age 3 (UIS, World Bank SE.PRE.DURS).',
      ],
    },
  ],
  'edu-sdg4': [
    {
      version: '1.1.0',
      changes: [
        'Formulas read the per-age census data elements of edu-census 2.0.0; same definitions and values.',
      ],
    },
  ],
  'edu-dashboards': [
    {
      version: '1.1.0',
      changes: [
        'School report card: enrolment by level reads the census total indicators of edu-census 2.0.0.',
      ],
    },
  ],
};
