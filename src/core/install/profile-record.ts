import { conflictError } from '../../errors/index.js';
import type { CountryProfile } from '../content/profile-types.js';
import type { ResolvedProfile } from '../content/profiles.js';
import type { LoadedPackage } from '../package/types.js';
import type { LedgerProfile, LedgerRecord } from './types.js';

/** The facts of a profile, flattened ("levels.1.entryAge" -> 6), so two records name their differences. */
function factsOf(profile: CountryProfile): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) out[path] = value.map(String).join(', ');
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    else if (typeof value === 'string' || typeof value === 'number') out[path] = value;
  };
  const { sources: _sources, ...rest } = profile;
  walk(rest, '');
  return out;
}

/**
 * What the ledger records for a package: the run's profile when the package was built from it,
 * else the profile code its manifest names (a country build from disk), else nothing (generic).
 */
export function ledgerProfileOf(
  pkg: LoadedPackage,
  run: ResolvedProfile | undefined,
): LedgerProfile | undefined {
  const code = pkg.manifest.profile;
  if (!code) return undefined;
  if (run && run.profile.code === code) return { name: code, hash: run.hash, facts: factsOf(run.profile) };
  return { name: code };
}

/** "levels.1.entryAge 6 → 7" lines between the profile installed and the one given now. */
export function profileChanges(
  before: LedgerProfile | undefined,
  after: LedgerProfile | undefined,
): string[] {
  if (!before) return []; // installed before profiles were recorded, or generic: nothing to hold to
  if (!after) return [`profile ${before.name} → none (the generic UIS defaults)`];
  const same = before.hash && after.hash ? before.hash === after.hash : before.name === after.name;
  if (same) return [];
  const changes = before.name === after.name ? [] : [`profile ${before.name} → ${after.name}`];
  const keys = new Set([...Object.keys(before.facts ?? {}), ...Object.keys(after.facts ?? {})]);
  for (const key of [...keys].sort()) {
    const a = before.facts?.[key];
    const b = after.facts?.[key];
    if (a !== b) changes.push(`${key} ${a ?? '(none)'} → ${b ?? '(none)'}`);
  }
  return changes.length > 0
    ? changes
    : [`profile ${before.name} changed (hash ${before.hash?.slice(0, 12)} → ${after.hash?.slice(0, 12)})`];
}

/**
 * Upgrading a package with another profile regenerates grades, age bands and every formula: it
 * needs `allow` (--allow-profile-change). Returns warnings for the changes that were allowed.
 */
export function checkProfileChange(
  selected: ReadonlyArray<{ pkg: LoadedPackage }>,
  ledger: Record<string, LedgerRecord>,
  run: ResolvedProfile | undefined,
  allow: boolean,
): string[] {
  const warnings: string[] = [];
  for (const { pkg } of selected) {
    const before = ledger[pkg.manifest.name]?.current.profile;
    const changes = profileChanges(before, ledgerProfileOf(pkg, run));
    if (changes.length === 0) continue;
    const list =
      changes.slice(0, 8).join('; ') + (changes.length > 8 ? `; and ${changes.length - 8} more` : '');
    if (allow) {
      warnings.push(`${pkg.manifest.name}: installing with a different profile: ${list}`);
      continue;
    }
    throw conflictError(
      'PROFILE_CHANGED',
      `${pkg.manifest.name} was installed with profile ${before!.name}; this run would change it: ${list}`,
      {
        details: { package: pkg.manifest.name, changes },
        fix: `Pass --allow-profile-change to regenerate it for the new profile, or build with the profile it was installed with (${before!.name}; \`edupkg status\` shows its hash)`,
      },
    );
  }
  return warnings;
}
