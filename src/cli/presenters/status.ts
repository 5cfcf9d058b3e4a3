import type { StatusResult } from '../../core/install/index.js';
import type { CommandContext } from '../context.js';

export function renderStatus(ctx: CommandContext, status: StatusResult): void {
  const { bold, dim, yellow, green } = ctx.colors;
  ctx.reporter.print(bold(`${status.target.url} (DHIS2 ${status.target.dhis2Version})`));
  if (status.packages.length === 0) ctx.reporter.print('No edupkg packages installed.');
  for (const p of status.packages) {
    const drift = p.drift.length === 0 ? green('no drift') : yellow(`${p.drift.length} drifted`);
    ctx.reporter.print(
      `  ${bold(p.name.padEnd(16))} ${p.version.padEnd(8)} ${String(p.objects).padStart(5)} objects  ${drift}  ${dim(`installed ${p.installedAt} by edupkg ${p.toolVersion}`)}`,
    );
    for (const d of p.drift)
      ctx.reporter.print(
        yellow(`      ${d.state.padEnd(8)} ${d.type} ${d.id}${d.name ? ` "${d.name}"` : ''}`),
      );
  }
}
