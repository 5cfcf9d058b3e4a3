const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * Text made safe for HTML or XML, as element content or inside a double-quoted attribute (the only
 * kind we write). Apostrophes stay as they are: French names are full of them, and the census
 * form's HTML is package content that must not change with this escaping.
 */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ENTITIES[c]!);
}
