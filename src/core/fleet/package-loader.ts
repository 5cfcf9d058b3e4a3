import { GENERIC_PROFILE, loadProfile, type CountryProfile } from '../content/index.js';
import type { LevelStructure } from '../training/sample-values.js';

/** Entry ages and durations per ISCED level: what plausible sample ages follow from. */
export function levelStructureOf(profileCode: string | undefined): LevelStructure {
  const profile: CountryProfile = profileCode ? loadProfile(profileCode) : GENERIC_PROFILE;
  return Object.fromEntries(
    Object.entries(profile.levels).map(([level, l]) => [
      level,
      { entryAge: l.entryAge, duration: l.duration },
    ]),
  );
}
