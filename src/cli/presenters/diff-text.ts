import type { ChalkInstance } from 'chalk';
import type { BundleDiff, ChangeKind } from '../../core/diff/index.js';
import {
  countsLine,
  describeField,
  describeLocalConfiguration,
  describeObject,
  KIND_SYMBOL,
  type DiffLabels,
} from './diff-common.js';

/** The terminal rendering: grouped by type, one line per object and per field, a summary line. */
export function renderDiffText(diff: BundleDiff, labels: DiffLabels, colors: ChalkInstance): string {
  const paint = (kind: ChangeKind, text: string) =>
    kind === 'added' ? colors.green(text) : kind === 'removed' ? colors.red(text) : colors.yellow(text);
  const lines: string[] = [colors.dim(`--- ${labels.before}`), colors.dim(`+++ ${labels.after}`)];
  let currentType = '';
  for (const change of diff.changes) {
    if (change.type !== currentType) {
      currentType = change.type;
      const counts = diff.summary[currentType];
      lines.push('', `${colors.bold(currentType)}${counts ? colors.dim(`  (${countsLine(counts)})`) : ''}`);
    }
    lines.push(paint(change.kind, `  ${KIND_SYMBOL[change.kind]} ${describeObject(change)}`));
    for (const field of change.fields)
      lines.push(paint(field.kind, `      ${KIND_SYMBOL[field.kind]} ${describeField(field)}`));
  }
  const types = Object.keys(diff.summary).length;
  lines.push(
    '',
    diff.identical
      ? colors.green(`No differences (${diff.totals.unchanged} objects in ${types} types compared).`)
      : `${colors.bold('Summary:')} ${countsLine(diff.totals)} objects in ${types} types.`,
  );
  const local = describeLocalConfiguration(diff, labels);
  if (local.length > 0) lines.push('', ...local.map((line) => colors.dim(line)));
  return `${lines.join('\n')}\n`;
}
