import type { IscedLevel, Locale } from './profile-types.js';

/** A label in both shipped languages. */
export interface Text {
  en: string;
  fr: string;
}

export const tx = (en: string, fr: string): Text => ({ en, fr });

/** The same label in both languages (grade labels, codes, numbers). */
export const same = (label: string): Text => ({ en: label, fr: label });

/** Joins label pieces language by language. */
export function join(...parts: Array<Text | string>): Text {
  const pick = (locale: Locale) => parts.map((p) => (typeof p === 'string' ? p : p[locale])).join('');
  return { en: pick('en'), fr: pick('fr') };
}

export const LEVEL_NAMES: Readonly<Record<IscedLevel, Text>> = {
  '02': tx('Pre-primary', 'Préprimaire'),
  '1': tx('Primary', 'Primaire'),
  '2': tx('Lower secondary', 'Secondaire 1er cycle'),
  '3': tx('Upper secondary', 'Secondaire 2nd cycle'),
};

/** Short level tags used in short names and codes (kept short: DHIS2 short names are <= 50). */
export const LEVEL_TAGS: Readonly<Record<IscedLevel, Text>> = {
  '02': tx('PPRI', 'PPRI'),
  '1': tx('PRI', 'PRI'),
  '2': tx('LSEC', 'SEC1'),
  '3': tx('USEC', 'SEC2'),
};

/** Code segment for a level: EDU_ISCED1_..., stable across countries. */
export const levelCode = (level: IscedLevel): string => `ISCED${level}`;
