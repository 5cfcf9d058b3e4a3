import type { FleetEvent, FleetListener } from '../../core/fleet/index.js';
import { redact } from '../../output/redact.js';
import type { CommandContext } from '../context.js';

export interface FleetProgressView {
  listener: FleetListener;
  stop(): void;
}

interface Row {
  state: 'queued' | 'running' | 'retrying' | 'done' | 'failed';
  text: string;
}

const ICON: Record<Row['state'], string> = {
  queued: '·',
  running: '…',
  retrying: '↻',
  done: '✔',
  failed: '✖',
};

function describe(event: FleetEvent): Row | undefined {
  switch (event.kind) {
    case 'queued':
      return { state: 'queued', text: 'waiting' };
    case 'started':
      return { state: 'running', text: event.attempt > 1 ? `attempt ${event.attempt}` : 'connecting' };
    case 'progress':
      return {
        state: 'running',
        text: event.total ? `${event.message} ${event.done ?? 0}/${event.total}` : event.message,
      };
    case 'retrying':
      return {
        state: 'retrying',
        text: `retrying in ${(event.delayMs / 1000).toFixed(1)} s: ${event.reason}`,
      };
    case 'finished': {
      const o = event.outcome;
      if (o.status === 'failed')
        return { state: 'failed', text: `failed: ${o.error?.message ?? 'unknown error'}` };
      const counts = o.counts ? ` (+${o.counts.create} ~${o.counts.update} =${o.counts.unchanged})` : '';
      return { state: 'done', text: `${o.status}${counts}` };
    }
  }
}

/**
 * The live fleet view: on a TTY one line per target, redrawn in place as events arrive; without a
 * TTY one plain line per start, retry and result (progress steps only under --verbose); nothing
 * under --json or --quiet. Always stderr.
 */
export function createFleetProgress(ctx: CommandContext, targets: string[]): FleetProgressView {
  if (ctx.options.json || ctx.options.quiet) return { listener: () => {}, stop: () => {} };
  const c = ctx.colors;
  const width = Math.max(...targets.map((t) => t.length), 6);
  const paint = (row: Row) =>
    row.state === 'failed'
      ? c.red(ICON[row.state])
      : row.state === 'done'
        ? c.green(ICON[row.state])
        : row.state === 'retrying'
          ? c.yellow(ICON[row.state])
          : c.dim(ICON[row.state]);

  if (!process.stderr.isTTY) {
    return {
      listener: (event) => {
        const row = describe(event);
        if (!row || event.kind === 'queued') return;
        const line = `${ICON[row.state]} ${event.target.padEnd(width)}  ${row.text}`;
        if (event.kind === 'progress') ctx.reporter.verbose(line);
        else ctx.reporter.info(line);
      },
      stop: () => {},
    };
  }

  const rows = new Map<string, Row>(targets.map((t) => [t, { state: 'queued', text: 'waiting' }]));
  const columns = () => process.stderr.columns || 100;
  let drawn = 0;
  const draw = () => {
    // Move up over the previous frame and clear it before writing the new one.
    let frame = drawn > 0 ? `\x1b[${drawn}A` : '';
    for (const [target, row] of rows) {
      const text = `${paint(row)} ${c.bold(target.padEnd(width))}  ${row.text}`.slice(0, columns() + 20);
      frame += `\x1b[2K${text}\n`;
    }
    drawn = rows.size;
    process.stderr.write(redact(frame));
  };
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    // Events can arrive hundreds per second; the screen needs ten.
    timer ??= setTimeout(() => {
      timer = undefined;
      draw();
    }, 100);
  };
  draw();
  return {
    listener: (event) => {
      const row = describe(event);
      if (!row) return;
      const previous = rows.get(event.target);
      // A late progress line must not overwrite a finished target.
      if (previous && (previous.state === 'done' || previous.state === 'failed') && event.kind !== 'finished')
        return;
      rows.set(event.target, row);
      schedule();
    },
    stop: () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      draw();
    },
  };
}
