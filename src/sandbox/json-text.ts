/** A JSON value as text: primitives as String() writes them, objects as JSON, null/undefined as ''. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return value.toString();
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return '';
}
