import { EXIT } from '../errors/index.js';
import type { CommandContext } from './context.js';

/**
 * Ctrl-C / SIGTERM while a command holds a server's install lock: the first signal aborts — core
 * starts no further request, releases the lock (journal kept) and fails with exit 130; a second
 * one ends the process at once with 130 (the next run takes the dead lock over).
 */
export function interruptSignal(ctx: CommandContext): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(EXIT.INTERRUPTED);
    controller.abort();
    ctx.reporter.warn(
      `${name}: stopping after the request in flight and releasing the install lock (again to quit at once)`,
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
