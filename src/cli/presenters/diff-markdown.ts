import type { BundleDiff } from '../../core/diff/index.js';
import {
  changedTypes,
  countsLine,
  describeField,
  describeLocalConfiguration,
  describeObject,
  KIND_SYMBOL,
  type DiffLabels,
} from './diff-common.js';

/** GitHub refuses comments over 65,536 characters; details stop well before that. */
const MAX_COMMENT_CHARS = 60_000;

/** Markdown inline code that survives backticks in the text (CommonMark: a longer fence). */
function code(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\n/g, ' ')}${pad}${fence}`;
}

/** Text outside code spans: Markdown and HTML specials escaped so names cannot inject markup. */
function plain(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}

/** A pull-request comment: summary table, then one collapsible section per changed type. */
export function renderDiffMarkdown(diff: BundleDiff, labels: DiffLabels): string {
  const out: string[] = [`### edupkg diff: ${code(labels.before)} → ${code(labels.after)}`, ''];
  const local = describeLocalConfiguration(diff, labels).map((line) =>
    line.startsWith('  ') ? `- ${plain(line.trim())}` : `_${plain(line)}_`,
  );
  if (diff.identical) {
    out.push(`**No differences** — ${diff.totals.unchanged} objects compared.`, '', ...local);
    return out.join('\n');
  }
  if (local.length > 0) out.push(...local, '');
  out.push(
    `**${countsLine(diff.totals)}**`,
    '',
    '| Type | Added | Removed | Changed | Unchanged |',
    '|---|---:|---:|---:|---:|',
  );
  for (const [type, c] of Object.entries(diff.summary))
    out.push(`| ${plain(type)} | ${c.added} | ${c.removed} | ${c.changed} | ${c.unchanged} |`);
  out.push('');
  let length = out.join('\n').length;
  for (const type of changedTypes(diff)) {
    const section: string[] = [
      '<details>',
      `<summary><b>${plain(type)}</b> — ${countsLine(diff.summary[type]!)}</summary>`,
      '',
    ];
    for (const change of diff.changes.filter((c) => c.type === type)) {
      section.push(`- **${change.kind}** ${code(describeObject(change))}`);
      for (const field of change.fields)
        section.push(`  - ${KIND_SYMBOL[field.kind]} ${code(describeField(field))}`);
    }
    section.push('', '</details>', '');
    const text = section.join('\n');
    if (length + text.length > MAX_COMMENT_CHARS) {
      out.push(
        `_Details truncated to fit a comment; run \`edupkg diff --format html\` for all of them._`,
        '',
      );
      break;
    }
    out.push(text);
    length += text.length;
  }
  return out.join('\n');
}
