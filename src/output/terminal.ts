/**
 * Text from servers and packages (names, messages, file contents) reaches the terminal. Control
 * characters in it could move the cursor, rewrite earlier lines, change the window title or hide
 * text, so every printed line passes through here: C0/C1 controls and DEL become visible escapes
 * (`\x1b`, `\u009b`). Newlines and tabs stay; so do plain colour codes (what chalk itself writes),
 * which can only colour text, never hide or move it.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /\x1b\[[0-9;]*m|[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const COLOUR_CODE = /^\x1b\[(?:0|1|2|3|4|22|23|24|2[2-9]|3[0-9]|4[0-9]|9[0-7]|10[0-7])m$/;

export function neutraliseControls(text: string): string {
  return text.replace(CONTROL, (match) => {
    if (match.length > 1 && COLOUR_CODE.test(match)) return match;
    if (match.length > 1) return `\\x1b${match.slice(1)}`;
    const code = match.charCodeAt(0);
    return code < 0x80
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * For a JSON document on stdout: JSON.stringify already escapes C0 controls, but not DEL or the
 * C1 range (U+0080–U+009F, e.g. the one-byte CSI U+009B); those can only occur inside strings,
 * where a \u escape keeps the document equal.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(/[\x7f-\x9f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
