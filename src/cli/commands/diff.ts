import { existsSync } from 'node:fs';
import { writeFileAtomic } from '../../core/fleet/write-file-atomic.js';
import type { BundleDiff } from '../../core/diff/index.js';
import { compareSides, type DiffSide } from '../../core/export/compare-sides.js';
import { createDhis2Client, resolveTarget, type ConnectionFlags } from '../../dhis2/index.js';
import { EXIT } from '../../errors/index.js';
import { createColors } from '../../output/color.js';
import { redact } from '../../output/redact.js';
import type { CommandContext, CommandOutcome } from '../context.js';
import type { DiffLabels } from '../presenters/diff-common.js';
import { renderDiffHtml } from '../presenters/diff-html.js';
import { renderDiffMarkdown } from '../presenters/diff-markdown.js';
import { renderDiffText } from '../presenters/diff-text.js';

export interface DiffCommandOptions extends ConnectionFlags {
  format: 'text' | 'json' | 'md' | 'html';
  exitCode?: boolean;
  ignore: string[];
  all?: boolean;
  includeLocal?: boolean;
  out?: string;
  dhis2Version?: string;
}

const isUrl = (ref: string) => /^https?:\/\//i.test(ref);

async function resolveSide(
  ctx: CommandContext,
  ref: string,
  flags: ConnectionFlags,
): Promise<{ side: DiffSide; label: string }> {
  const targets = isUrl(ref) || existsSync(ref) ? undefined : ctx.config().targets;
  if (!isUrl(ref) && !targets?.[ref]) return { side: { kind: 'package', ref }, label: ref };
  const target = await resolveTarget(
    isUrl(ref) ? { ...flags, server: ref } : { ...flags, target: ref },
    ctx.config(),
    process.env,
  );
  const client = createDhis2Client({ ...target.client, log: (line) => ctx.reporter.verbose(line) });
  const label = target.name ?? client.baseUrl;
  return { side: { kind: 'server', label, source: client }, label };
}

function render(
  diff: BundleDiff,
  format: DiffCommandOptions['format'],
  labels: DiffLabels,
  color: boolean,
): string {
  if (format === 'json') return `${JSON.stringify(diff, null, 2)}\n`;
  if (format === 'md') return renderDiffMarkdown(diff, labels);
  if (format === 'html') return renderDiffHtml(diff, labels);
  return renderDiffText(diff, labels, createColors(color));
}

export async function handler(
  ctx: CommandContext,
  a: string,
  b: string,
  options: DiffCommandOptions,
): Promise<CommandOutcome<BundleDiff>> {
  const sideA = await resolveSide(ctx, a, options);
  const sideB = await resolveSide(ctx, b, options);
  const ignore = [...(ctx.config().diff?.ignore ?? []), ...options.ignore];
  const diff = await compareSides(sideA.side, sideB.side, {
    ignore,
    ...(options.all ? { all: true } : {}),
    ...(options.includeLocal ? { includeLocal: true } : {}),
    ...(options.dhis2Version ? { dhis2Version: options.dhis2Version } : {}),
  });
  const labels = { before: redact(sideA.label), after: redact(sideB.label) };
  if (options.out) writeFileAtomic(options.out, render(diff, options.format, labels, false));
  const outcome: CommandOutcome<BundleDiff> = {
    result: diff,
    ok: true,
    exitCode: options.exitCode && !diff.identical ? EXIT.DIFFERENCES : EXIT.OK,
  };
  if (options.out) {
    outcome.render = (c) =>
      c.reporter.print(
        `${options.out}: ${diff.identical ? 'no differences' : `${diff.changes.length} objects differ`}`,
      );
  } else if (options.format === 'text') {
    outcome.render = (c) => c.reporter.print(renderDiffText(diff, labels, c.colors).trimEnd());
  } else {
    outcome.stdout = render(diff, options.format, labels, false);
  }
  return outcome;
}
