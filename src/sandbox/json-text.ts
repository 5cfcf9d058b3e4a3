/** A JSON value as text: primitives as String() writes them, objects as JSON, null/undefined as ''. */
export function textOf(value: unknown): string {
  if (value === undefined || value === null || typeof value === 'function') return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
