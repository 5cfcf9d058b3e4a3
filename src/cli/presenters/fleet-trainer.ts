import type { SandboxFleetResult } from '../commands/sandbox-fleet.js';
import type { CommandContext } from '../context.js';

/** The trainer's sheet: one line per sandbox with its URL and accounts file, then how to stop them. */
export function renderTrainerFleet(ctx: CommandContext, result: SandboxFleetResult): void {
  const c = ctx.colors;
  const width = Math.max(...result.sandboxes.map((s) => s.target.length));
  ctx.reporter.print('');
  for (const s of result.sandboxes) {
    if (s.status === 'failed') {
      ctx.reporter.print(
        c.red(`${s.target.padEnd(width)}  ${s.url}  FAILED: ${s.error?.message ?? 'unknown error'}`),
      );
      continue;
    }
    const training = s.training
      ? `  ${s.training.users} trainees${s.training.usersFile ? ` (${s.training.usersFile})` : ''}, ${s.training.dataValues} data values`
      : '';
    ctx.reporter.print(`${c.bold(s.target.padEnd(width))}  ${c.cyan(s.url)}${training}`);
  }
  const { summary } = result;
  ctx.reporter.print('');
  ctx.reporter.print(
    `${summary.succeeded}/${summary.targets} sandboxes ready in ${(result.durationMs / 1000).toFixed(1)} s (DHIS2 ${result.dhis2Version}; admin / district).`,
  );
  if (summary.failed) ctx.reporter.error(c.red(`Failed: ${summary.failedTargets.join(', ')}`));
  if (result.detached) {
    ctx.reporter.print(
      `Running in the background. Stop each with: edupkg sandbox stop --data-dir ${result.out}/<sandbox>`,
    );
  } else {
    ctx.reporter.print('Serving until Ctrl-C.');
  }
}
