import { readFileSync, writeFileSync } from 'node:fs';
import { loadProfile } from '../../core/content/profiles.js';
import type { CountryProfile } from '../../core/content/profile-types.js';
import {
  applyRegistry,
  exportRegistry,
  parseMapFlags,
  planRegistry,
  readSchoolSource,
  registrySettings,
  sampleRegistry,
  type RegistryApplyResult,
} from '../../core/registry/index.js';
import type { RegistryPlan } from '../../core/registry/types.js';
import type { ConnectionFlags } from '../../dhis2/index.js';
import { EXIT, usageError } from '../../errors/index.js';
import type { CommandContext, CommandOutcome } from '../context.js';
import { formatSarif } from '../presenters/validate-sarif.js';
import {
  problemLocations,
  problemsAsReport,
  renderRegistryApply,
  renderRegistryPlan,
} from '../presenters/schools.js';
import { createProgress } from '../progress.js';
import { confirmOrRequireYes, lockOwner, openTarget } from './plan.js';

interface RegistryFlags extends ConnectionFlags {
  profile?: string;
  map?: string[];
  format?: 'text' | 'json' | 'sarif';
  planHash?: string;
  wait?: boolean;
}

function profileOf(flags: { profile?: string }, targetProfile?: string): CountryProfile {
  return loadProfile(flags.profile ?? targetProfile ?? 'generic');
}

const sarifOf = (report: ReturnType<typeof problemsAsReport>, version: string) =>
  formatSarif(report, version, problemLocations(report));

/** Bad rows are findings (exit 4, like validate); otherwise the plan is the data. */
function outcome<T>(
  ctx: CommandContext,
  plan: RegistryPlan,
  result: T,
  flags: RegistryFlags,
  render: (c: CommandContext) => void,
): CommandOutcome<T> {
  const exitCode = plan.problems.length > 0 ? EXIT.VALIDATION : EXIT.OK;
  const stdout =
    flags.format === 'sarif'
      ? sarifOf(problemsAsReport(plan), ctx.version)
      : flags.format === 'json'
        ? `${JSON.stringify(result, null, 2)}\n`
        : undefined;
  // With a machine format on stdout, stderr gets one line, as validate does.
  const summary = (c: CommandContext) =>
    c.reporter.print(
      plan.problems.length ? `${plan.problems.length} bad row(s) in ${plan.file}` : plan.summaryText,
    );
  return {
    result,
    exitCode,
    ok: exitCode === EXIT.OK,
    ...(stdout ? { stdout, render: summary } : { render }),
  };
}

/** `edupkg schools plan <file>`: what apply would change; reads only. */
export async function plan(
  ctx: CommandContext,
  file: string,
  flags: RegistryFlags,
): Promise<CommandOutcome<RegistryPlan>> {
  const { client, profile: targetProfile } = await openTarget(ctx, flags);
  const profile = profileOf(flags, targetProfile);
  const table = await readSchoolSource(file);
  const progress = createProgress(ctx);
  try {
    const { plan: result } = await planRegistry(client, table, {
      profile,
      settings: registrySettings(profile),
      columns: parseMapFlags(flags.map ?? []),
      onProgress: progress.listener,
    });
    return outcome(ctx, result, result, flags, (c) => renderRegistryPlan(c, result));
  } finally {
    progress.stop();
  }
}

/** `edupkg schools apply <file>`: under the lock, one atomic import; nothing when a row is bad. */
export async function apply(
  ctx: CommandContext,
  file: string,
  flags: RegistryFlags,
): Promise<CommandOutcome<RegistryApplyResult>> {
  if (!flags.planHash && !ctx.options.yes && !ctx.interactive) await confirmOrRequireYes(ctx, '');
  const { client, profile: targetProfile } = await openTarget(ctx, flags);
  const profile = profileOf(flags, targetProfile);
  const table = await readSchoolSource(file);
  const progress = createProgress(ctx);
  try {
    const { result, warnings } = await applyRegistry(client, table, readFileSync(file), {
      profile,
      settings: registrySettings(profile),
      columns: parseMapFlags(flags.map ?? []),
      onProgress: progress.listener,
      toolVersion: ctx.version,
      lock: { ...lockOwner(ctx.command), wait: flags.wait ?? false },
      ...(flags.planHash ? { expectedPlanHash: flags.planHash } : {}),
      confirm: async (prepared) => {
        progress.stop();
        if (!ctx.options.yes) renderRegistryPlan(ctx, prepared.plan);
        return confirmOrRequireYes(ctx, `Apply these changes to ${prepared.plan.target.url}?`);
      },
    });
    return { ...outcome(ctx, result.plan, result, flags, (c) => renderRegistryApply(c, result)), warnings };
  } finally {
    progress.stop();
  }
}

/** `edupkg schools export --out FILE`: the server's schools as CSV or GeoJSON (by extension or --format). */
export async function exportSchools(
  ctx: CommandContext,
  flags: ConnectionFlags & { profile?: string; out?: string; format?: 'csv' | 'geojson' },
): Promise<CommandOutcome<{ format: string; schools: number; skipped: number; out?: string }>> {
  const { client, profile: targetProfile } = await openTarget(ctx, flags);
  const format = flags.format ?? (flags.out && /\.(geo)?json$/i.test(flags.out) ? 'geojson' : 'csv');
  const exported = await exportRegistry(client, profileOf(flags, targetProfile), format);
  if (flags.out) writeFileSync(flags.out, exported.text);
  const result = {
    format,
    schools: exported.schools,
    skipped: exported.skipped,
    ...(flags.out ? { out: flags.out } : {}),
  };
  return {
    result,
    ...(flags.out ? {} : { stdout: exported.text }),
    warnings: exported.skipped
      ? [`${exported.skipped} school-level org unit(s) without a code were left out`]
      : [],
    render: (c) =>
      c.reporter.print(`${exported.schools} schools exported${flags.out ? ` to ${flags.out}` : ''}`),
  };
}

/** `edupkg schools sample --count N`: a plausible list, the same for the same --seed. */
export async function sample(
  ctx: CommandContext,
  flags: { count: string; seed?: string; profile?: string; out?: string },
): Promise<CommandOutcome<{ schools: number; seed: string; out?: string }>> {
  const count = Number(flags.count);
  if (!Number.isInteger(count) || count < 1 || count > 1_000_000)
    throw usageError('BAD_COUNT', `--count ${flags.count}: expected a whole number from 1 to 1,000,000`);
  const profile = profileOf(flags);
  const seed = flags.seed ?? '1';
  const text = sampleRegistry(profile, registrySettings(profile), count, seed);
  if (flags.out) writeFileSync(flags.out, text);
  return {
    result: { schools: count, seed, ...(flags.out ? { out: flags.out } : {}) },
    ...(flags.out ? {} : { stdout: text }),
    render: (c) => c.reporter.print(`${count} sample schools${flags.out ? ` written to ${flags.out}` : ''}`),
  };
}
