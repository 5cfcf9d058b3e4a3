import type { BundleDiff, FieldChange, ObjectChange, TypeCounts } from '../../core/diff/index.js';

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
