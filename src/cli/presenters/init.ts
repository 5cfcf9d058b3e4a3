import { ISCED_LEVELS, type LevelProfile, type OrgUnitLevelProfile } from '../../core/content/index.js';
import type { CommandContext } from '../context.js';

export interface InitResult {
  profile?: {
    file: string;
    code: string;
    country: string;
    iso3: string;
    language: string;
    levels: Record<string, LevelProfile & { note: string }>;
    orgUnitLevels: OrgUnitLevelProfile[];
    fromServer?: string;
    groupSets?: Array<{ kind: string; id: string; name: string; groups: number }>;
    warnings: string[];
  };
  config?: {
    file: string;
    target: string;
    url: string;
    profile?: string;
    created: boolean;
    replaced: boolean;
  };
  /** The commands to run next, in order. */
  next: string[];
}

export function renderInit(ctx: CommandContext, result: InitResult): void {
  const { bold, dim, green } = ctx.colors;
  const p = result.profile;
  if (p) {
    ctx.reporter.print(`${green('✓')} ${bold(p.file)}: profile ${p.code} for ${p.country} (${p.language})`);
    for (const level of ISCED_LEVELS) {
      const l = p.levels[level]!;
      ctx.reporter.print(
        `    ISCED ${level.padEnd(3)} ${l.nationalName}: entry age ${l.entryAge}, ${l.duration} years  ${dim(l.note)}`,
      );
    }
    ctx.reporter.print(`    org unit levels: ${p.orgUnitLevels.map((l) => l.name).join(' > ')}`);
    for (const s of p.groupSets ?? [])
      ctx.reporter.print(`    ${s.kind} groups from the server's "${s.name}" (${s.groups})`);
  }
  const c = result.config;
  if (c)
    ctx.reporter.print(
      `${green('✓')} ${bold(c.file)}: target ${c.target} -> ${c.url}${c.profile ? ` (profile ${c.profile})` : ''}${c.replaced ? ' (replaced)' : ''}`,
    );
  ctx.reporter.print('Next:');
  for (const line of result.next) ctx.reporter.print(`  ${line}`);
}
