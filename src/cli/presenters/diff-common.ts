import type { BundleDiff, FieldChange, ObjectChange, TypeCounts } from '../../core/diff/index.js';
import type { LocalConfigurationSummary } from '../../core/ownership/index.js';

/** The two sides as the user named them, shown in headings. */
export interface DiffLabels {
  before: string;
  after: string;
}

/** A value shown on one line: its JSON, cut at `max` characters. */
export function shortValue(value: unknown, max = 80): string {
  const text = value === undefined ? '' : (JSON.stringify(value) ?? '');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function describeObject(change: ObjectChange): string {
  const parts = [
    change.id ?? '',
    change.code ? `(${change.code})` : '',
    change.name ? `"${change.name}"` : '',
  ];
  return parts.filter(Boolean).join(' ') || '(no identifier)';
}

export function describeField(field: FieldChange): string {
  if (field.kind === 'added') return `${field.pointer}: ${shortValue(field.after)}`;
  if (field.kind === 'removed') return `${field.pointer}: ${shortValue(field.before)}`;
  return `${field.pointer}: ${shortValue(field.before)} → ${shortValue(field.after)}`;
}

export function countsLine(counts: TypeCounts): string {
  return `${counts.added} added, ${counts.removed} removed, ${counts.changed} changed, ${counts.unchanged} unchanged`;
}

/** Types with at least one difference, in the diff's (alphabetical) order. */
export function changedTypes(diff: BundleDiff): string[] {
  return Object.entries(diff.summary)
    .filter(([, c]) => c.added + c.removed + c.changed > 0)
    .map(([type]) => type);
}

export const KIND_SYMBOL = { added: '+', removed: '-', changed: '~' } as const;

const count = (n: number) => n.toLocaleString('en-US');

/** "4 data sets" from ("dataSets", 4): a type plural in words, singular for one. */
function objectsOf(type: string, n: number): string {
  const words = type.replace(/([A-Z])/g, ' $1').toLowerCase();
  return `${count(n)} ${n === 1 ? words.replace(/s$/, '') : words}`;
}

/**
 * One line per kind of local configuration ("4 data sets assigned to 1,204 org units"), with a
 * heading saying whether it was compared: what diff shows beside the differences.
 */
export function describeLocalConfiguration(diff: BundleDiff, labels: DiffLabels): string[] {
  const lines: string[] = [];
  for (const local of diff.local ?? []) {
    lines.push(`Local configuration on ${labels[local.side]} (${compareNote(local)}):`);
    for (const a of local.assignments)
      lines.push(`  ${objectsOf(a.type, a.objects)} assigned to ${count(a.orgUnits)} org units`);
    for (const s of local.sharing) {
      const whom = [
        s.users > 0 ? `${count(s.users)} user${s.users === 1 ? '' : 's'}` : '',
        s.userGroups > 0 ? `${count(s.userGroups)} other user group${s.userGroups === 1 ? '' : 's'}` : '',
      ].filter(Boolean);
      lines.push(`  ${objectsOf(s.type, s.objects)} shared with ${whom.join(' and ')}`);
    }
  }
  return lines;
}

const compareNote = (local: LocalConfigurationSummary) =>
  local.compared ? 'compared: --include-local' : 'not drift; --include-local compares it';
