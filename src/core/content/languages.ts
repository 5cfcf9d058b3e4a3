import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inputError } from '../../errors/index.js';
import { SHIPPED_PACKAGES_DIR } from '../project-paths.js';

/** One translation file per language: English source text -> translation. */
export const LANGUAGES_DIR = join(SHIPPED_PACKAGES_DIR, 'profiles', 'languages');

export interface LanguageTable {
  language: string;
  /** The language's own name ("Français"). */
  name: string;
  texts: Record<string, string>;
}

let tables: Map<string, LanguageTable> | undefined;

/** The shipped tables, read once; English is the source language and has no file. */
function loadTables(): Map<string, LanguageTable> {
  if (tables) return tables;
  tables = new Map();
  const files = existsSync(LANGUAGES_DIR)
    ? readdirSync(LANGUAGES_DIR).filter((f) => f.endsWith('.json'))
    : [];
  for (const file of files.sort()) {
    const path = join(LANGUAGES_DIR, file);
    const table = JSON.parse(readFileSync(path, 'utf8')) as Partial<LanguageTable>;
    if (typeof table.language !== 'string' || !table.texts || typeof table.texts !== 'object') {
      throw inputError('LANGUAGE.INVALID', `${path}: expected { language, name, texts }`, {
        file: path,
        fix: 'Copy the structure of fr.json',
      });
    }
    tables.set(table.language, {
      language: table.language,
      name: table.name ?? table.language,
      texts: table.texts,
    });
  }
  return tables;
}

/** Languages names can be generated in: en plus one per table. */
export function languageCodes(): string[] {
  return ['en', ...loadTables().keys()];
}

export function languageTable(language: string): LanguageTable | undefined {
  return loadTables().get(language);
}

/** A source text in English and in every language whose table translates it. */
export function translate(source: string): Record<string, string> {
  const out: Record<string, string> = { en: source.replace(/^\[[\w-]+\] /, '') };
  for (const [language, table] of loadTables()) {
    const value = table.texts[source];
    if (value !== undefined) out[language] = value;
  }
  return out;
}
