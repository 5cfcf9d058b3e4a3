import { uidFromCode } from '../dhis2-model/uid.js';
import { DEFAULT_CATEGORY_MODEL } from '../dhis2-model/rules.js';
import type { MetadataObject } from '../package/types.js';
import type { Languages } from './profile-types.js';
import { sharingFor } from './sharing.js';
import { inLanguage, type Text } from './text.js';

export const uid = (plural: string, code: string): string => uidFromCode(plural, code);
export const ref = (plural: string, code: string): { id: string } => ({ id: uidFromCode(plural, code) });

export interface NameFields {
  name: Text;
  shortName?: Text;
  formName?: Text;
  description?: Text;
}

const PROPERTY: Record<keyof NameFields, string> = {
  name: 'NAME',
  shortName: 'SHORT_NAME',
  formName: 'FORM_NAME',
  description: 'DESCRIPTION',
};

/**
 * Name fields in the profile's language (English where its table lacks a text), plus DHIS2
 * translations into each of the profile's other languages that translates the text.
 */
export function named(languages: Languages, fields: NameFields): MetadataObject {
  const out: MetadataObject = {};
  const translations: Array<{ property: string; locale: string; value: string }> = [];
  for (const key of Object.keys(PROPERTY) as Array<keyof NameFields>) {
    const text = fields[key];
    if (!text) continue;
    out[key] = inLanguage(text, languages.main);
    for (const locale of languages.others) {
      const value = text[locale];
      if (value !== undefined) translations.push({ property: PROPERTY[key], locale, value });
    }
  }
  out.translations = translations;
  return out;
}

/** A shipped object: deterministic id from its code, names, and the HISP sharing matrix. */
export function shipped(
  plural: string,
  code: string,
  language: Languages,
  fields: NameFields,
  rest: Record<string, unknown> = {},
): MetadataObject {
  const sharing = sharingFor(plural);
  return {
    id: uid(plural, code),
    code,
    ...named(language, fields),
    ...(sharing ? { sharing } : {}),
    ...rest,
  };
}

/** DHIS2's built-in default category combo (same UID on every instance). */
export const DEFAULT_COMBO = { id: DEFAULT_CATEGORY_MODEL.categoryCombos } as const;
