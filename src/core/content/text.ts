import type { IscedLevel } from './profile-types.js';
import { languageCodes, translate } from './languages.js';

/**
 * A label in every language that has it: `en` (the source text) always, other languages where
 * their translation table (packages-metadata/profiles/languages/<lang>.json) has the text.
 */
export type Text = Readonly<Record<string, string>> & { readonly en: string };

/**
 * The label for an English source text, in every language with a translation. `{name}` in the
 * text is filled from `values` after translation; a leading `[context] ` tells apart two uses of
 * the same English text that other languages translate differently.
 */
export function t(source: string, values: Record<string, string | number> = {}): Text {
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (m, name: string) => String(values[name] ?? m));
  const out: Record<string, string> = {};
  for (const [language, value] of Object.entries(translate(source))) out[language] = fill(value);
  return out as Text;
}

/** The same label in every language (grade labels, codes, numbers). */
export const same = (label: string): Text =>
  Object.fromEntries(languageCodes().map((l) => [l, label])) as Text;

/** Joins label pieces language by language; a language some piece lacks is left out. */
export function join(...parts: Array<Text | string>): Text {
  const languages = new Set<string>(['en']);
  for (const part of parts) if (typeof part !== 'string') for (const l of Object.keys(part)) languages.add(l);
  const out: Record<string, string> = {};
  for (const language of languages) {
    const pieces = parts.map((p) => (typeof p === 'string' ? p : p[language]));
    if (pieces.every((p) => p !== undefined)) out[language] = pieces.join('');
  }
  return out as Text;
}

/** The label in `language`, or in English when the table has no translation for it. */
export const inLanguage = (text: Text, language: string): string => text[language] ?? text.en;

export const LEVEL_NAMES: Readonly<Record<IscedLevel, Text>> = {
  '02': t('Pre-primary'),
  '1': t('Primary'),
  '2': t('Lower secondary'),
  '3': t('Upper secondary'),
};

/** Short level tags used in short names and codes (kept short: DHIS2 short names are <= 50). */
export const LEVEL_TAGS: Readonly<Record<IscedLevel, Text>> = {
  '02': t('PPRI'),
  '1': t('PRI'),
  '2': t('LSEC'),
  '3': t('USEC'),
};

/** Code segment for a level: EDU_ISCED1_..., stable across countries. */
export const levelCode = (level: IscedLevel): string => `ISCED${level}`;
