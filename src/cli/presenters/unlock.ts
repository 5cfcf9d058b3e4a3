import type { UnlockResult } from '../../core/install/index.js';
import type { CommandContext } from '../context.js';

export function renderUnlock(ctx: CommandContext, result: UnlockResult): void {
  const pending = result.pendingKept
    ? '; an unfinished run left a journal: the next install or rollback checks what reached the server'
    : '';
  if (!result.cleared) {
    ctx.reporter.print(`${ctx.colors.green('✔')} the install lock of ${result.target.url} is free${pending}`);
    return;
  }
  ctx.reporter.print(
    `${ctx.colors.green('✔')} cleared the install lock of ${result.target.url}, held by ${result.holder}${pending}`,
  );
}
