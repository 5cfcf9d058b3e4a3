import type { InstallPlan, PlanOperation } from '../../core/install/index.js';
import type { CommandContext } from '../context.js';

const SYMBOL: Record<PlanOperation['action'], string> = {
  create: '+',
  update: '~',
  unchanged: '=',
  'keep-local': '!',
  conflict: 'x',
  drop: '-',
  delete: '-',
};

/** The readable plan: packages, remaps, conflicts first, then every change (unchanged only under --verbose). */
export function renderPlan(ctx: CommandContext, plan: InstallPlan): void {
  const { bold, dim, green, yellow, red, cyan } = ctx.colors;
  const out = (line: string) => ctx.reporter.print(line);
  out(bold(`Plan for ${plan.target.url} (DHIS2 ${plan.target.dhis2Version})`));
  for (const p of plan.packages) {
    const from = p.installedVersion && p.mode !== 'install' ? ` (installed: ${p.installedVersion})` : '';
    const why = p.requestedBy ? dim(` needed by ${p.requestedBy}`) : '';
    out(`  ${p.mode.padEnd(9)} ${bold(p.name)} ${p.version}${from}${why}`);
  }
  for (const r of plan.remaps) out(cyan(`  remap     ${r.type} ${r.from} -> ${r.to} (${r.reason})`));
  if (plan.privileged?.length) {
    // A warning, so --quiet still shows it: these change who may do what on the server.
    ctx.reporter.warn(yellow(bold(`\nPrivileged changes (install needs --allow-privileged):`)));
    for (const p of plan.privileged)
      ctx.reporter.warn(yellow(`  ! ${p.type} ${p.id}${p.name ? ` "${p.name}"` : ''}: ${p.reason}`));
  }
  if (plan.conflicts.length) {
    out(red(bold(`\n${plan.conflicts.length} conflict(s) — install will refuse until they are resolved:`)));
    for (const c of plan.conflicts) out(red(`  x ${c.message}`));
  }
  const detailed = ctx.reporter.level === 'verbose' || ctx.reporter.level === 'debug';
  // Creations are summed per type unless --verbose: a first install creates thousands of objects,
  // while updates, kept local edits, conflicts and deletions are what a reviewer must read one by one.
  const shown = plan.operations.filter(
    (op) => detailed || (op.action !== 'unchanged' && op.action !== 'create'),
  );
  const createdByType = new Map<string, number>();
  if (!detailed)
    for (const op of plan.operations)
      if (op.action === 'create') createdByType.set(op.type, (createdByType.get(op.type) ?? 0) + 1);
  if (shown.length || createdByType.size) out('');
  for (const [type, count] of createdByType)
    out(green(`  ${SYMBOL.create} create     ${String(count).padStart(5)} ${type}`));
  if (createdByType.size) out(dim('    (each object is listed with --verbose)'));
  for (const op of shown) {
    const color =
      op.action === 'create'
        ? green
        : op.action === 'update'
          ? yellow
          : op.action === 'conflict'
            ? red
            : op.action === 'unchanged'
              ? dim
              : cyan;
    const label = `${op.type} ${op.id}${op.name ? ` "${op.name}"` : ''}`;
    out(
      color(
        `  ${SYMBOL[op.action]} ${op.action.padEnd(10)} ${label}${op.reason ? dim(` — ${op.reason}`) : ''}`,
      ),
    );
    for (const change of (op.changes ?? []).slice(0, 8))
      out(dim(`      ${change.kind.padEnd(7)} ${change.pointer}`));
    if ((op.changes?.length ?? 0) > 8) out(dim(`      … ${(op.changes?.length ?? 0) - 8} more`));
  }
  for (const step of plan.postInstall) {
    if (step.kind === 'assign-data-sets')
      out(
        cyan(
          `  post-install: assign ${step.dataSets.length} data set(s) to ${step.orgUnits} org units (${step.orgUnitLevel !== undefined ? `level ${step.orgUnitLevel}` : `group ${step.orgUnitGroup}`})`,
        ),
      );
    else
      out(
        cyan(
          `  post-install: share ${step.objects} object(s) with ${step.userGroups.join(', ')} (${step.access})`,
        ),
      );
  }
  const s = plan.summary;
  out(
    `\n${bold('Summary:')} ${s.create} to create, ${s.update} to update, ${s.unchanged} unchanged, ${s.keepLocal} local edits kept, ` +
      `${s.conflict} conflicts${s.drop ? `, ${s.drop} dropped (kept)` : ''}${s.delete ? `, ${s.delete} to delete` : ''}`,
  );
  out(dim(`Plan hash: ${plan.hash}`));
  if (plan.conflicts.length === 0 && s.create + s.update + s.delete > 0)
    out(dim(`Apply exactly this plan: edupkg install … --plan-hash ${plan.hash}`));
}
