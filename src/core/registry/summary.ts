import type { RegistrySummary, SchoolChange, SchoolPlanEntry } from './types.js';

const WORDS: Array<[SchoolChange, keyof RegistrySummary, string]> = [
  ['create', 'created', 'created'],
  ['rename', 'renamed', 'renamed'],
  ['move', 'moved', 'moved'],
  ['close', 'closed', 'closed'],
  ['reopen', 'reopened', 'reopened'],
  ['redate', 'redated', 'opening date changed'],
  ['relocate', 'relocated', 'relocated'],
  ['regroup', 'regrouped', 'regrouped'],
];

/** Counts per kind of change ("12 renamed, 3 moved, 2 closed, 1,204 unchanged"). */
export function summarise(
  schools: SchoolPlanEntry[],
  notInList: number,
): { counts: RegistrySummary; text: string } {
  const counts: RegistrySummary = {
    schools: schools.length,
    created: 0,
    renamed: 0,
    moved: 0,
    closed: 0,
    reopened: 0,
    redated: 0,
    relocated: 0,
    regrouped: 0,
    unchanged: 0,
    notInList,
  };
  for (const school of schools) {
    if (school.changes.length === 0) counts.unchanged++;
    for (const change of school.changes) {
      const key = WORDS.find(([c]) => c === change)![1];
      counts[key]++;
    }
  }
  const n = (value: number) => value.toLocaleString('en-US');
  const parts = WORDS.filter(([, key]) => counts[key] > 0).map(
    ([, key, word]) => `${n(counts[key])} ${word}`,
  );
  parts.push(`${n(counts.unchanged)} unchanged`);
  if (notInList > 0) parts.push(`${n(notInList)} on the server but not in the list (kept)`);
  return { counts, text: parts.join(', ') };
}
