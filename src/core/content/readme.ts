import type { MetadataBundle } from '../package/types.js';
import { PACKAGE_NAMES, PACKAGE_VERSION, PACKAGES, type PackageName } from './catalog.js';
import { PACKAGE_CHANGES } from './package-changes.js';
import { ageRangeOf } from './dimensions.js';
import { ISCED_LEVELS, officialEndAge, type CountryProfile } from './profile-types.js';
import { LEVEL_NAMES } from './text.js';

const POST_INSTALL: Record<PackageName, string[]> = {
  'edu-core': [
    'Add users to the three user groups: **EDU - Admin** (edits metadata), **EDU - Data capture** (enters census data), **EDU - Access** (reads data and dashboards). Data sets and dashboards are not public, so users outside the groups see nothing.',
    'Put every school in **EDU - Master school list** and in one group of each group set: *School ownership*, *School location* (urban/rural) and *ISCED levels offered*. The SDG 4.a.1 indicators divide by the number of org units in the "Schools - <level>" groups (`OUG{}`); empty groups make them return no value, without any error.',
    'The category options ship with the HISP sharing matrix (data write for EDU - Data capture). If you reuse existing Sex or Age options instead, DHIS2 regenerates the option combos and the shipped formulas no longer match: install as shipped, or re-build the package.',
  ],
  'edu-population': [
    'The data set is assigned to the district level (`orgUnitLevel.district`) after import. Enter the national statistics office estimates by single year of age and sex every year, before the census year is analysed; `openFuturePeriods: 2` allows projections.',
    'Every participation rate (GER, NER, out-of-school, intake) divides by these single ages: a population entered in age bands makes the rates quietly wrong.',
  ],
  'edu-census': [
    'The four data sets are assigned to the school level (`orgUnitLevel.school`) after import. As in HISP’s EMIS toolkit, a school offering several levels is best modelled as one org unit per level, because the facility and service questions are asked per level.',
    'Enrolment is entered by grade × single age × sex; ages outside the single-year range go to the "Under"/"and over" bands. Run the validation rule groups "EDU - School census checks" after data entry.',
  ],
  'edu-sdg4': [
    'Run analytics after data entry. Repetition, promotion, dropout, survival, transition and teacher attrition compare two consecutive census years (`.periodOffset(-1)`), so they need two years of data.',
    'The 4.a.1 indicators need the "Schools - <level>" org unit groups of edu-core to be filled.',
    'Completion rate (4.1.2) is a household-survey indicator and expenditure indicators need finance data: they are not shipped; the gross intake ratio to the last grade (4.1.3) is the census-based measure.',
  ],
  'edu-dashboards': [
    'Dashboards and visualizations are shared with EDU - Access and EDU - Data capture (read) and never name an org unit: each viewer sees their own org unit (a school, a district or the country), league tables show its children.',
  ],
};

const HOW_FORMULAS_WORK = [
  '## How the formulas are generated',
  '',
  'Every age-dependent formula (NER, total NER, out-of-school rate, participation one year before primary, intake ratios, over-age) is generated from the country profile: the official entry age and duration of each ISCED level give the official age groups, and the intended age of each grade gives the over-age threshold (intended age + 2, UIS 4.1.5). No option combo is listed by hand.',
  '',
  'Formulas use `#{dataElement.categoryOptionCombo}` terms. DHIS2 only guarantees option combo UIDs that are imported, so edu-core ships every category option combo explicitly, with a UID derived from the combo code and its option codes. DHIS2 keeps imported combos that match the combo’s options, so the UIDs in the formulas stay valid. The single-age category covers every official age of every level plus two years past the end of upper secondary, so an official age group never falls inside an "Under"/"and over" band.',
  '',
  'Rates are `× 100` (indicator type *EDU - Percent*, factor 100); ratios are `× 1` (*EDU - Ratio*).',
];

export function renderReadme(name: PackageName, profile: CountryProfile, metadata: MetadataBundle): string {
  const def = PACKAGES[name];
  const lines = [
    `# ${name} — ${def.title}${profile.code === 'generic' ? '' : ` (${profile.country})`}`,
    '',
    def.description,
    '',
  ];
  lines.push('## Contents', '', '| Object type | Count |', '|---|---|');
  for (const [plural, objects] of Object.entries(metadata))
    if (objects.length) lines.push(`| ${plural} | ${objects.length} |`);
  lines.push(
    '',
    `Full reference of data sets, data elements and indicators (formulas in words, UIS codes, SDG numbers): \`edupkg docs ${name}${profile.code === 'generic' ? '' : ` --profile ${profile.code}`}\`.`,
    '',
  );
  lines.push('## Install order', '');
  lines.push(
    `Install the packages in this order; each depends on the ones before it: ${PACKAGE_NAMES.map((n) => (n === name ? `**${n}**` : n)).join(' → ')}.`,
  );
  lines.push(
    def.dependencies.length
      ? `This package needs: ${def.dependencies.join(', ')}.`
      : 'This package has no dependencies.',
    '',
  );
  lines.push(
    '```sh',
    `edupkg validate packages-metadata/${name}`,
    `edupkg install packages-metadata/${name} --dry-run`,
    '```',
    '',
  );
  lines.push(
    'Country variants are built from a profile (`packages-metadata/profiles/*.yaml`):',
    '',
    '```sh',
    `edupkg build ${name} --profile gm --out build/gm/${name}`,
    '```',
    '',
  );
  lines.push(
    '## Education structure of this variant',
    '',
    `${profile.country}. Names are in ${profile.language === 'fr' ? 'French, with English' : 'English, with French'} translations.`,
    '',
  );
  lines.push('| ISCED | Level | Grades | Entry age | Official ages |', '|---|---|---|---|---|');
  for (const level of ISCED_LEVELS) {
    const l = profile.levels[level];
    const grades = l.grades.length ? l.grades.join(', ') : `Grade 1–${l.duration}`;
    lines.push(
      `| ${level} | ${LEVEL_NAMES[level].en} (${l.nationalName}) | ${grades} | ${l.entryAge} | ${l.entryAge}–${officialEndAge(l)} |`,
    );
  }
  const ages = ageRangeOf(profile);
  lines.push(
    '',
    `Population: single ages ${ages.first}–${ages.last}, with "Under ${ages.first}" and "${ages.last + 1} and over" bands. Census enrolment: per level, single ages from 2 years before the entry age to 4 after the official end (2 in pre-primary), then under/over bands; a cell more than 2 years younger than the grade's intended age is greyed.`,
    '',
  );
  lines.push('## Post-install configuration', '', ...POST_INSTALL[name].map((p) => `- ${p}`), '');
  if (name !== 'edu-dashboards' && name !== 'edu-population') lines.push(...HOW_FORMULAS_WORK, '');
  lines.push(
    '## UID scheme',
    '',
    'Every UID is derived from the object’s code (`uidFromCode(plural, code)`: SHA-256 of `edupkg:<plural>:<code>`), so re-installs, upgrades and country variants match objects by UID. Codes start with `EDU_`, except the two attributes `UIS_CODE` and `SDG4_INDICATOR`, named after what they hold.',
    '',
  );
  lines.push('## Validation warnings', '', ...WARNINGS[name], '');
  return `${lines.join('\n')}\n`;
}

/** Warnings `edupkg validate` may report, and why they are left (kept in step with test/content). */
const WARNINGS: Record<PackageName, string[]> = {
  'edu-core': ['- None expected.'],
  'edu-population': ['- None expected.'],
  'edu-census': ['- None expected.'],
  'edu-sdg4': ['- None expected.'],
  'edu-dashboards': ['- None expected.'],
};

export function renderChangelog(name: PackageName): string {
  const later = PACKAGE_CHANGES[name].flatMap((entry) => [
    `## ${entry.version}`,
    '',
    ...entry.changes.map((c) => `- ${c}`),
    '',
  ]);
  return [
    '# Changelog',
    '',
    ...later,
    `## ${PACKAGE_VERSION}`,
    '',
    `- Initial release of ${name}: ${PACKAGES[name].description}`,
    '- Generated by `edupkg` from the UIS definitions (uis_sdg4_core_indicators.csv) and country profiles; generic UIS-default variant, plus `edupkg build --profile gm|ug|tg` variants.',
    '',
  ].join('\n');
}
