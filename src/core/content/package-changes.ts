import type { PackageName } from './catalog.js';

/** What changed in each shipped package, newest first (rendered into its CHANGELOG.md). */
export const PACKAGE_CHANGES: Record<PackageName, Array<{ version: string; changes: string[] }>> = {
  'edu-core': [
    {
      version: '2.0.0',
      changes: [
        'Breaking: the grade x age x sex combos and the Washington Group domain category are gone (the census keeps age and domain in its data elements); grade x sex combos are split into groups of at most 6 grades; new combo EDU_WG_DIFFICULTY_SEX.',
        'Legend set "Gender parity of an exclusion rate (GPIA)": for out-of-school, repetition and dropout parity, above 1.03 reads as disparity against girls.',
        'French: CITE for ISCED, "Année d\'études" for grade.',
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
        'French: UIS terminology (nouveaux entrants), agreement in validation rule names, neutral sex words.',
      ],
    },
  ],
  'edu-sdg4': [
    {
      version: '1.1.0',
      changes: [
        'Formulas read the per-age census data elements of edu-census 2.0.0.',
        'Every participation, flow, completion and teacher indicator in total, female (`_F`), male (`_M`) and as an adjusted gender parity index (`EDU_<level>_GPIA_<key>`, SDG 4.5.1).',
        'New: tertiary GER (4.3.2), youth participation in TVET (4.3.3), examination attendance and pass rates by subject (end of primary and lower secondary named as a 4.1.1 proxy), government expenditure on education as % of government expenditure (1.a.2) and of GDP, expenditure per student as % of GDP per capita by level, gross intake ratio to the last grade and over-age for upper secondary.',
        'New data sets: EDU_TERTIARY_TVET, EDU_EXAMINATIONS (district level) and EDU_FINANCE (national level).',
        'Changed: the out-of-school rates and total net enrolment rates also count learners of the age group enrolled in TVET institutions, post-secondary or tertiary programmes (UIS: any level).',
        'French checked against the UIS terminology table (fr.terminology.csv).',
      ],
    },
  ],
  'edu-dashboards': [
    {
      version: '1.1.0',
      changes: [
        'School report card: enrolment by level reads the census total indicators of edu-census 2.0.0.',
        'District dashboard: urban and rural schools compared (learners per teacher, repetition) and learners per teacher by school ownership, through the location and ownership group sets of edu-core.',
        'New "EDU - Data quality" dashboard for the district data manager: census reporting rate by district and over five years, on-time reporting rate, expected/completed/on-time forms per level, and completers per last-grade learner by district (over 100 is a data error).',
        'French: UIS terminology in item names.',
        'One dashboard per audience (national SDG 4 report, district manager, school head); trends over the last 5 years with years on the x-axis, latest-census items on last year; a legend on every item (parity bands 0.97-1.03 for GPIA); thematic maps of GER, learners per teacher and GPIA by district.',
      ],
    },
  ],
};
