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
    // Trainees on the classroom network type the LAN address; the loopback one only works here.
    ctx.reporter.print(`${c.bold(s.target.padEnd(width))}  ${c.cyan(s.lanUrls[0] ?? s.url)}${training}`);
  }
  const { summary } = result;
  ctx.reporter.print('');
  ctx.reporter.print(
    `${summary.succeeded}/${summary.targets} sandboxes ready in ${(result.durationMs / 1000).toFixed(1)} s (DHIS2 ${result.dhis2Version}; admin signs in with ${result.adminPassword === 'default' ? "the sandbox's default password, see the README" : 'the password you gave'}).`,
  );
  if (result.classSheet)
    ctx.reporter.print(
      `Class sheet (trainees' URLs, usernames, passwords; keep it private): ${result.classSheet.pdf ?? result.classSheet.html}`,
    );
  if (summary.failed) ctx.reporter.error(c.red(`Failed: ${summary.failedTargets.join(', ')}`));
  if (result.detached) {
    ctx.reporter.print(
      `Fleet ${result.fleet} runs in the background. See it with: edupkg sandbox status; stop it with: edupkg sandbox stop --fleet ${result.fleet}`,
    );
  } else {
    ctx.reporter.print(
      `Fleet ${result.fleet} serving until Ctrl-C (or: edupkg sandbox stop --fleet ${result.fleet}).`,
    );
  }
  ctx.reporter.print(
    `Put one sandbox back as prepared: edupkg sandbox reset <sandbox> --fleet ${result.fleet}`,
  );
}
