import type {
  InstallResult,
  RollbackPlan,
  RollbackResult,
  UninstallPlan,
  UninstallResult,
} from '../../core/install/index.js';
import type { CommandContext } from '../context.js';

export function renderInstall(ctx: CommandContext, result: InstallResult): void {
  const { bold, green, yellow, dim } = ctx.colors;
  const c = result.counts;
  for (const p of result.packages) {
    const verb =
      p.mode === 'reinstall'
        ? 'already installed'
        : p.mode === 'install'
          ? 'installed'
          : `${p.mode}d from ${p.installedVersion ?? '?'}`;
    ctx.reporter.print(
      `${green('✔')} ${bold(p.name)} ${p.version} ${verb}${p.ledgerWritten ? '' : dim(' (nothing changed)')}`,
    );
  }
  ctx.reporter.print(
    `${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.keptLocal} local edits kept, ${c.deleted} deleted`,
  );
  for (const k of result.keptLocal)
    ctx.reporter.print(
      yellow(`  ! kept local edit: ${k.type} ${k.id} — ${k.reason} (use --overwrite-local to replace)`),
    );
  for (const k of result.keptReferenced) ctx.reporter.warn(yellow(`  ! not deleted: ${k.key} — ${k.reason}`));
}

export function renderRollbackPlan(ctx: CommandContext, plan: RollbackPlan): void {
  const { bold, yellow, red, dim } = ctx.colors;
  ctx.reporter.print(
    bold(
      `Rollback of ${plan.package} ${plan.fromVersion}${plan.toVersion ? ` to ${plan.toVersion}` : ' (removes it)'} on ${plan.target.url}`,
    ),
  );
  for (const r of plan.restore)
    ctx.reporter.print(yellow(`  ~ restore ${r.type} ${r.id}${r.name ? ` "${r.name}"` : ''}`));
  for (const r of plan.remove) ctx.reporter.print(red(`  - remove  ${r.type} ${r.id}`));
  for (const k of plan.kept) ctx.reporter.print(dim(`  = keep    ${k.key} — ${k.reason}`));
  ctx.reporter.print(dim(`Plan hash: ${plan.hash}`));
}

export function renderRollback(ctx: CommandContext, result: RollbackResult): void {
  const to = result.toVersion ? `back to ${result.toVersion}` : 'removed';
  ctx.reporter.print(
    `${ctx.colors.green('✔')} ${ctx.colors.bold(result.package)} ${result.fromVersion} rolled back (${to}): ${result.restored} restored, ${result.removed} removed`,
  );
  for (const k of result.kept)
    ctx.reporter.warn(ctx.colors.yellow(`  ! not removed: ${k.key} — ${k.reason}`));
}

export function renderUninstallPlan(ctx: CommandContext, plan: UninstallPlan): void {
  for (const p of plan.packages) {
    ctx.reporter.print(
      `${ctx.colors.bold(p.name)} ${p.version}: ${p.remove.length} objects to remove${p.shared.length ? `, ${p.shared.length} kept (owned by other packages)` : ''}`,
    );
  }
  ctx.reporter.print(ctx.colors.dim(`Plan hash: ${plan.hash}`));
}

export function renderUninstall(ctx: CommandContext, result: UninstallResult): void {
  for (const p of result.packages) {
    ctx.reporter.print(
      `${ctx.colors.green('✔')} ${ctx.colors.bold(p.name)} ${p.version} uninstalled: ${p.removed} removed`,
    );
    for (const k of p.kept) ctx.reporter.warn(ctx.colors.yellow(`  ! kept ${k.key} — ${k.reason}`));
  }
}
