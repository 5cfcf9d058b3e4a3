#!/usr/bin/env node
// Derives packages-metadata/profiles/world/entrance-ages.json (our own facts file: official
// entrance ages and durations per ISCED level, each with its source and year) from
// ../shared/fixtures/education/entrance_ages_durations.csv (UIS OPRI, Feb 2024) and
// country_structures.csv (national level names, grades and pre-primary, cited per row).
// Run when those files change; the output is committed, the CSVs are not.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = process.argv[2] ?? join(root, '..', 'shared', 'fixtures', 'education');
const out = join(root, 'packages-metadata', 'profiles', 'world', 'entrance-ages.json');
const UIS_CSV = join(sourceDir, 'entrance_ages_durations.csv');
if (!existsSync(UIS_CSV)) {
  console.error(`derive-world-table: no ${UIS_CSV}; keeping the committed world table`);
  process.exit(0);
}

/** RFC 4180 rows (quoted fields may hold commas). */
function parseCsv(text) {
  const rows = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const cells = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted && ch === '"' && line[i + 1] === '"') ((cell += '"'), i++);
      else if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) (cells.push(cell), (cell = ''));
      else cell += ch;
    }
    cells.push(cell);
    rows.push(cells);
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const num = (s) => (s === '' ? undefined : Number(s));
const level = (age, duration) =>
  num(age) === undefined || num(duration) === undefined
    ? undefined
    : { entryAge: num(age), duration: num(duration) };

const UIS_SOURCE = 'UIS';
const countries = {};
for (const row of parseCsv(readFileSync(UIS_CSV, 'utf8'))) {
  const levels = {};
  for (const [isced, prefix] of [
    ['1', 'primary'],
    ['2', 'lower_secondary'],
    ['3', 'upper_secondary'],
  ]) {
    const l = level(row[`${prefix}_entrance_age`], row[`${prefix}_duration`]);
    if (l) levels[isced] = { ...l, source: UIS_SOURCE, year: Number(row.year) };
  }
  countries[row.iso3] = { name: row.country, levels };
}

const structures = join(sourceDir, 'country_structures.csv');
if (existsSync(structures)) {
  for (const row of parseCsv(readFileSync(structures, 'utf8'))) {
    const country = countries[row.iso3];
    if (!country) continue; // the EMIS_AGG reference rows (REF) are not a country
    const grades = row.national_grade_labels.includes(';') ? row.national_grade_labels.split(';') : undefined;
    const national = {
      nationalName: row.national_level,
      ...(grades ? { grades } : {}),
      ...(row.leaving_exam ? { leavingExam: row.leaving_exam } : {}),
    };
    const existing = country.levels[row.isced];
    // UIS has no pre-primary series: the national source gives its ages (cited).
    country.levels[row.isced] = existing
      ? { ...existing, ...national }
      : {
          entryAge: Number(row.official_entry_age),
          duration: Number(row.duration_years),
          source: row.source,
          ...national,
        };
  }
}

// Pre-primary figures settled from a cited UIS series where the national source of
// country_structures.csv contradicts UIS (that file's own verification notes say so).
const SETTLED = {
  GMB: {
    '02': {
      entryAge: 3,
      duration: 4,
      source: 'https://data.worldbank.org/indicator/SE.PRE.DURS?locations=GM',
      year: 2018,
    },
  },
};
for (const [iso3, levels] of Object.entries(SETTLED))
  for (const [level, facts] of Object.entries(levels))
    if (countries[iso3]) countries[iso3].levels[level] = { ...countries[iso3].levels[level], ...facts };

const table = {
  about:
    'Official entrance ages and theoretical durations per ISCED level. Facts only, our format; regenerate with scripts/derive-world-table.js.',
  sources: {
    [UIS_SOURCE]: {
      short: 'UIS OPRI, Feb 2024 release',
      title:
        'UNESCO Institute for Statistics (UIS), Other Policy Relevant Indicators (OPRI), bulk release Feb 2024: series 299905, 299932, 999975-999978',
      via: 'global-education-monitoring-report/wide2020 survey_processing_code/wide_pipeline_clean/UIS_duration_age_25042024.dta',
      url: 'https://uis.unesco.org/bdds',
      attribution:
        'Data: UNESCO Institute for Statistics (UIS). Check the UIS terms of use before redistributing the table itself.',
    },
  },
  countries: Object.fromEntries(Object.entries(countries).sort(([a], [b]) => a.localeCompare(b))),
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(table, null, 1)}\n`);
console.error(`derive-world-table: ${Object.keys(countries).length} countries -> ${out}`);
