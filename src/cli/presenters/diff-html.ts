import type { BundleDiff, TypeCounts } from '../../core/diff/index.js';
import {
  changedTypes,
  countsLine,
  describeField,
  describeObject,
  KIND_SYMBOL,
  type DiffLabels,
} from './diff-common.js';
import { escapeMarkup } from '../../output/markup.js';

const COLORS = { added: '#2e7d32', removed: '#c62828', changed: '#f9a825' } as const;

/**
 * One horizontal stacked bar per changed type (added, removed, changed), scaled to the largest
 * total, as inline SVG so the page needs nothing from outside itself.
 */
function summaryChart(diff: BundleDiff): string {
  const types = changedTypes(diff);
  const rowHeight = 24;
  const labelWidth = 220;
  const barWidth = 420;
  const height = Math.max(1, types.length) * rowHeight + 30;
  const changedOf = (c: TypeCounts) => c.added + c.removed + c.changed;
  const max = Math.max(1, ...types.map((t) => changedOf(diff.summary[t]!)));
  const rows = types.map((type, i) => {
    const counts = diff.summary[type]!;
    const y = i * rowHeight + 4;
    let x = labelWidth;
    const segments = (['added', 'removed', 'changed'] as const).map((kind) => {
      const width = (counts[kind] / max) * barWidth;
      const rect =
        counts[kind] === 0
          ? ''
          : `<rect class="bar bar-${kind}" data-type="${escapeMarkup(type)}" data-count="${counts[kind]}" x="${x.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${rowHeight - 8}" fill="${COLORS[kind]}"><title>${escapeMarkup(`${type}: ${counts[kind]} ${kind}`)}</title></rect>`;
      x += width;
      return rect;
    });
    return `<text x="${labelWidth - 8}" y="${y + rowHeight / 2}" text-anchor="end" class="bar-label">${escapeMarkup(type)}</text>${segments.join('')}<text x="${(x + 6).toFixed(1)}" y="${y + rowHeight / 2}" class="bar-total">${changedOf(counts)}</text>`;
  });
  const legend = (['added', 'removed', 'changed'] as const)
    .map(
      (kind, i) =>
        `<rect x="${labelWidth + i * 110}" y="${height - 18}" width="12" height="12" fill="${COLORS[kind]}"/><text x="${labelWidth + i * 110 + 18}" y="${height - 8}">${kind}</text>`,
    )
    .join('');
  return `<svg id="summary-chart" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Changed objects by type" width="${labelWidth + barWidth + 60}" height="${height}" viewBox="0 0 ${labelWidth + barWidth + 60} ${height}">${rows.join('')}${legend}</svg>`;
}

function summaryTable(diff: BundleDiff): string {
  const rows = Object.entries(diff.summary).map(
    ([type, c]) =>
      `<tr><th scope="row">${escapeMarkup(type)}</th><td>${c.added}</td><td>${c.removed}</td><td>${c.changed}</td><td>${c.unchanged}</td></tr>`,
  );
  return `<table class="summary"><thead><tr><th>Type</th><th>Added</th><th>Removed</th><th>Changed</th><th>Unchanged</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function details(diff: BundleDiff): string {
  return changedTypes(diff)
    .map((type) => {
      const items = diff.changes
        .filter((c) => c.type === type)
        .map((change) => {
          const fields = change.fields
            .map(
              (f) =>
                `<li class="${f.kind}"><code>${escapeMarkup(`${KIND_SYMBOL[f.kind]} ${describeField(f)}`)}</code></li>`,
            )
            .join('');
          return `<li class="${change.kind}"><span class="kind">${change.kind}</span> <code>${escapeMarkup(describeObject(change))}</code>${fields ? `<ul>${fields}</ul>` : ''}</li>`;
        })
        .join('');
      return `<details class="type" data-type="${escapeMarkup(type)}"><summary><b>${escapeMarkup(type)}</b> — ${escapeMarkup(countsLine(diff.summary[type]!))}</summary><ul>${items}</ul></details>`;
    })
    .join('\n');
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}code{font:12px ui-monospace,monospace}
table.summary{border-collapse:collapse;margin:1em 0}table.summary td,table.summary th{border:1px solid #ccc;padding:2px 8px;text-align:right}
table.summary th[scope=row]{text-align:left}li.added{color:${COLORS.added}}li.removed{color:${COLORS.removed}}li.changed{color:#8d6e00}
.kind{font-weight:bold;text-transform:uppercase;font-size:11px}svg text{font:12px system-ui,sans-serif;fill:#222;dominant-baseline:middle}details{margin:.4em 0}`;

/** One self-contained page (no scripts, no external resources): summary, chart, details. */
export function renderDiffHtml(diff: BundleDiff, labels: DiffLabels): string {
  const title = `edupkg diff: ${labels.before} → ${labels.after}`;
  const summaryLine = diff.identical
    ? `No differences (${diff.totals.unchanged} objects compared).`
    : `${countsLine(diff.totals)}.`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeMarkup(title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeMarkup(title)}</h1>
<section id="summary"><p id="summary-line">${escapeMarkup(summaryLine)}</p>${diff.identical ? '' : summaryChart(diff)}${summaryTable(diff)}</section>
<section id="details">${details(diff)}</section>
</body></html>
`;
}
