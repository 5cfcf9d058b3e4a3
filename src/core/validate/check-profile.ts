import { basename } from 'node:path';
import { checkProfile } from '../content/profile-check.js';
import type { CountryProfile } from '../content/profile-types.js';
import { compareWithOfficial } from '../content/world-table.js';
import type { FindingSink } from './finding-sink.js';

/** A profile document given to validate: the file it came from and its parsed YAML. */
export interface ProfileInput {
  file: string;
  value: unknown;
}

/**
 * Profile findings: schema and structure problems are errors (the generators cannot use the
 * profile); entrance ages and durations that differ from the official figures are warnings.
 */
export function checkProfileFindings(input: ProfileInput, sink: FindingSink): void {
  const code = (input.value as { code?: unknown } | null)?.code;
  const scope = {
    package: `profile:${typeof code === 'string' ? code : basename(input.file)}`,
    file: input.file,
  };
  const problems = checkProfile(input.value);
  for (const p of problems)
    sink.add('profile.invalid', scope, { field: p.path, message: `${p.path}: ${p.message}`, fix: p.fix });
  if (problems.length > 0) return;
  for (const d of compareWithOfficial(input.value as CountryProfile)) {
    const what = d.field === 'entryAge' ? 'entrance age' : 'duration';
    sink.add('profile.official-figures', scope, {
      field: `/levels/${d.level}/${d.field}`,
      value: d.profile,
      message: `ISCED ${d.level} ${what} is ${d.profile} here but ${d.official} in the official figures (${d.source})`,
      fix: `Use ${d.official} unless a newer national source says otherwise (cite it under sources), or turn the rule off for this profile`,
    });
  }
}
