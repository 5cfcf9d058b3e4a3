import type { TrainingUser } from '../../core/training/index.js';
import type { CommandContext } from '../context.js';

/**
 * Training accounts with their passwords, on stdout: only ever called for --show-passwords.
 * Everywhere else the passwords live in the 0600 CSV files alone.
 */
export function renderTrainingAccounts(ctx: CommandContext, accounts: Record<string, TrainingUser[]>): void {
  const lines = Object.entries(accounts).flatMap(([target, users]) =>
    users.map((u) => `${target}\t${u.username}\t${u.password}`),
  );
  if (lines.length) ctx.writeStdout(`${['target\tusername\tpassword', ...lines].join('\n')}\n`);
}

/** The accounts as `--show-passwords --json` prints them: username and password only, per target. */
export function shownAccounts(
  accounts: Record<string, TrainingUser[]>,
): Record<string, Array<Pick<TrainingUser, 'username' | 'password'>>> {
  return Object.fromEntries(
    Object.entries(accounts).map(([target, list]) => [
      target,
      list.map(({ username, password }) => ({ username, password })),
    ]),
  );
}
