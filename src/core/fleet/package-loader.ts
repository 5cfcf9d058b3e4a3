import { GENERIC_PROFILE, type CountryProfile } from '../content/index.js';
import type { LevelStructure } from '../training/sample-values.js';

/** Entry ages and durations per ISCED level: what plausible sample ages follow from. */
export function levelStructureOf(profile: CountryProfile = GENERIC_PROFILE): LevelStructure {
  return Object.fromEntries(
    Object.entries(profile.levels).map(([level, l]) => [
      level,
      { entryAge: l.entryAge, duration: l.duration },
    ]),
  );
}
