import type { FleetStatusResult } from '../../core/fleet/index.js';
import type { StatusResult } from '../../core/install/index.js';
import type { CommandContext } from '../context.js';

export function renderStatus(ctx: CommandContext, status: StatusResult): void {
  const { bold, dim, yellow, green } = ctx.colors;
  ctx.reporter.print(bold(`${status.target.url} (DHIS2 ${status.target.dhis2Version})`));
  if (status.interrupted) {
    const { kind, packages, startedAt } = status.interrupted;
    ctx.reporter.print(
      yellow(
        `interrupted: ${kind === 'install' ? 'an install' : 'a rollback'} of ${packages.join(', ')} started ${startedAt} did not finish; run it again (it checks what reached the server and finishes the record)`,
      ),
    );
  }
  for (const u of status.unreadable ?? [])
    ctx.reporter.print(yellow(`unreadable ledger record ${u.key}: ${u.problem} (never acted upon)`));
  if (status.packages.length === 0 && !status.interrupted)
    ctx.reporter.print('No edupkg packages installed.');
  for (const p of status.packages) {
    const drift = p.drift.length === 0 ? green('no drift') : yellow(`${p.drift.length} drifted`);
    ctx.reporter.print(
      `  ${bold(p.name.padEnd(16))} ${p.version.padEnd(8)} ${String(p.objects).padStart(5)} objects  ${drift}  ${dim(`installed ${p.installedAt} by edupkg ${p.toolVersion}`)}${p.profile ? `  profile ${p.profile.name}${p.profile.hash ? dim(` (${p.profile.hash.slice(0, 12)})`) : ''}` : ''}`,
    );
    for (const d of p.drift)
      ctx.reporter.print(
        yellow(
          `      ${d.state.padEnd(8)} ${d.type} ${d.id}${d.name ? ` "${d.name}"` : ''}${d.fields?.length ? `: ${d.fields.join(', ')}` : ''}`,
        ),
      );
  }
}

export function renderFleetStatus(ctx: CommandContext, fleet: FleetStatusResult): void {
  const { bold, dim, yellow, green, red } = ctx.colors;
  ctx.reporter.print(bold(`Fleet ${fleet.fleetFile}`));
  for (const t of fleet.targets) {
    const where = dim(`${t.url}${t.dhis2Version ? ` (DHIS2 ${t.dhis2Version})` : ''}`);
    if (!t.ok) {
      ctx.reporter.print(
        `  ${red('✗')} ${bold(t.target.padEnd(16))} ${where}  ${red(t.error?.message ?? 'unreachable')}`,
      );
      continue;
    }
    const state = t.drifted ? yellow('drift') : t.missing.length ? yellow('incomplete') : green('in sync');
    ctx.reporter.print(
      `  ${t.drifted || t.missing.length ? yellow('!') : green('✓')} ${bold(t.target.padEnd(16))} ${state}  ${where}`,
    );
    for (const p of t.packages) {
      const drift = p.drift === 0 ? green('no drift') : yellow(`${p.drift} drifted`);
      ctx.reporter.print(`      ${p.name.padEnd(16)} ${p.version.padEnd(8)} ${drift}`);
    }
    for (const name of t.missing) ctx.reporter.warn(yellow(`      ${name.padEnd(16)} not installed`));
  }
  const s = fleet.summary;
  ctx.reporter.print(
    `\n${s.targets} target(s): ${s.reachable} reachable, ${s.drifted} drifted, ${s.failed} failed`,
  );
}
