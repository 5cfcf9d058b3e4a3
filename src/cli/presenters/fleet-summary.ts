import type { FleetResult } from '../../core/fleet/index.js';
import type { CommandContext } from '../context.js';

/** The summary table after a fleet run (stderr), failed targets named at the end. */
export function renderFleetSummary(ctx: CommandContext, result: FleetResult): void {
  const c = ctx.colors;
  const header = ['TARGET', 'STATUS', 'DHIS2', 'PACKAGES', 'CHANGES', 'TRAINING'];
  const rows = result.targets.map((o) => [
    o.target,
    o.status,
    o.dhis2Version ?? '-',
    o.packages.map((p) => `${p.name}@${p.version}`).join(' ') || '-',
    o.counts ? `+${o.counts.create} ~${o.counts.update} =${o.counts.unchanged}` : '-',
    o.training ? `${o.training.users} users, ${o.training.dataValues} values` : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  ctx.reporter.print('');
  ctx.reporter.print(c.bold(line(header)));
  for (const [i, row] of rows.entries()) {
    const text = line(row);
    if (result.targets[i]!.status === 'failed') ctx.reporter.error(c.red(text));
    else ctx.reporter.print(text);
  }
  const { summary } = result;
  ctx.reporter.print('');
  const say = (line: string) => (summary.failed ? ctx.reporter.error(line) : ctx.reporter.print(line));
  say(
    `${summary.succeeded}/${summary.targets} targets ${result.dryRun ? 'planned' : 'deployed'} in ${(result.durationMs / 1000).toFixed(1)} s` +
      (summary.failed ? c.red(`; failed: ${summary.failedTargets.join(', ')}`) : ''),
  );
  for (const o of result.targets.filter((t) => t.status === 'failed')) {
    ctx.reporter.error(
      c.red(`  ${o.target}: ${o.error?.code ?? 'INTERNAL'} ${o.error?.message ?? ''}`) +
        (o.error?.fix ? c.dim(`\n    fix: ${o.error.fix}`) : ''),
    );
  }
  for (const o of result.targets)
    for (const note of o.notes ?? []) ctx.reporter.verbose(`  ${o.target}: ${note}`);
}
