import cliProgress from 'cli-progress';
import type { ProgressListener } from '../core/progress.js';
import type { CommandContext } from './context.js';

export interface ProgressRenderer {
  listener: ProgressListener;
  stop(): void;
}

/**
 * Draws core progress events: a bar on a TTY, one line per phase under --verbose, nothing under
 * --json or --quiet. Only ever writes to stderr.
 */
export function createProgress(ctx: CommandContext): ProgressRenderer {
  const tty = Boolean(process.stderr.isTTY) && !ctx.options.json && !ctx.options.quiet;
  if (!tty) {
    return {
      listener: (event) => {
        if (event.kind === 'phase') ctx.reporter.verbose(event.message);
      },
      stop: () => {},
    };
  }
  let bar: cliProgress.SingleBar | undefined;
  let label = '';
  return {
    listener: (event) => {
      if (event.kind === 'phase') {
        label = event.message;
        if (bar) bar.update({ label });
        else ctx.reporter.verbose(event.message);
        return;
      }
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: ' {bar} {value}/{total} {label}',
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(event.total, event.done, { label });
      }
      bar.setTotal(event.total);
      bar.update(event.done, { label });
    },
    stop: () => bar?.stop(),
  };
}
