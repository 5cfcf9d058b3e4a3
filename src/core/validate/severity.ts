import { usageError } from '../../errors/index.js';
import type { Severity } from '../config.js';
import { HISP_ALIASES, RULES } from './rule-catalog.js';
import type { Finding, FindingSeverity } from './types.js';

export type SeverityOverrides = Readonly<Record<string, Severity>>;

const LEVELS = new Set<Severity>(['error', 'warning', 'info', 'off']);

/** True for our rule ids, HISP aliases, `family.*` wildcards and `*`. */
export function isKnownRuleKey(key: string): boolean {
  if (key === '*' || Object.hasOwn(RULES, key) || HISP_ALIASES.has(key)) return true;
  const family = /^([a-z0-9-]+)\.\*$/.exec(key)?.[1];
  return family !== undefined && Object.keys(RULES).some((id) => id.startsWith(`${family}.`));
}

/** Reads `--severity RULE=LEVEL` flags; RULE is our id, a HISP alias, `family.*` or `*`. */
export function parseSeverityFlags(flags: readonly string[]): Record<string, Severity> {
  const overrides: Record<string, Severity> = {};
  for (const flag of flags) {
    const match = /^([^=]+)=(\w+)$/.exec(flag.trim());
    const key = match?.[1]?.trim();
    const level = match?.[2] as Severity | undefined;
    if (!key || !level || !LEVELS.has(level)) {
      throw usageError('INVALID_SEVERITY', `--severity ${flag}: expected RULE=error|warning|info|off`, {
        fix: 'e.g. --severity naming.*=off --severity ALL-MQ-17=error',
      });
    }
    overrides[key] = level;
  }
  return overrides;
}

/** Overrides whose key names no rule, so a typo is reported instead of silently ignored. */
export function unknownSeverityKeys(overrides: SeverityOverrides): string[] {
  return Object.keys(overrides).filter((key) => !isKnownRuleKey(key));
}

/** The severity a finding ends with: HISP alias, then rule id, then `family.*`, then `*`; undefined = off. */
export function effectiveSeverity(
  finding: Finding,
  overrides: SeverityOverrides,
): FindingSeverity | undefined {
  const family = `${finding.rule.split('.')[0]}.*`;
  for (const key of [finding.hispRule, finding.rule, family, '*']) {
    if (key === undefined || !Object.hasOwn(overrides, key)) continue;
    const level = overrides[key]!;
    return level === 'off' ? undefined : level;
  }
  return finding.severity;
}
