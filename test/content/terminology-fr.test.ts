import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES_DIR } from '../../src/core/content/languages.js';
import { PACKAGE_NAMES } from '../../src/core/content/index.js';
import { bundleOf, VARIANTS } from './helpers.js';

/** One row of fr.terminology.csv: an English term, UIS's French for it, French to avoid. */
interface Term {
  en: string;
  fr: string;
  avoid?: RegExp;
  why: string;
}

function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  return [...cells, cell];
}

const TERMS: Term[] = readFileSync(join(LANGUAGES_DIR, 'fr.terminology.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [en, fr, avoid, why] = parseCsvLine(line);
    return { en: en!, fr: fr!, avoid: avoid ? new RegExp(avoid, 'u') : undefined, why: why ?? '' };
  });

/** Acronyms match as whole upper-case words; other terms as case-insensitive words. */
const mentions = (english: string, term: string) =>
  term === term.toUpperCase()
    ? new RegExp(`\\b${term}\\b`).test(english)
    : new RegExp(`\\b${term.replace(/[-]/g, '\\-')}`, 'i').test(english);

const FIELDS: Array<[string, string]> = [
  ['NAME', 'name'],
  ['SHORT_NAME', 'shortName'],
  ['FORM_NAME', 'formName'],
  ['DESCRIPTION', 'description'],
];

/** Every (English, French) pair of names, short names, form names and descriptions of a variant. */
function pairs(variant: string): Array<{ where: string; en?: string; fr: string }> {
  const out: Array<{ where: string; en?: string; fr: string }> = [];
  for (const name of PACKAGE_NAMES) {
    for (const [plural, objects] of Object.entries(bundleOf(name, variant))) {
      for (const o of objects) {
        const translations = (o.translations ?? []) as Array<{
          property: string;
          locale: string;
          value: string;
        }>;
        for (const [property, field] of FIELDS) {
          const main = o[field] as string | undefined;
          const where = `${name} ${plural} ${(o.code as string) ?? o.id} ${field}`;
          const fr = translations.find((t) => t.locale === 'fr' && t.property === property)?.value;
          const en = translations.find((t) => t.locale === 'en' && t.property === property)?.value;
          // Generic variants are English with French translations; Togo is French first.
          if (fr !== undefined) out.push({ where, en: main, fr });
          else if (variant === 'tg' && main !== undefined) out.push({ where, en, fr: main });
        }
      }
    }
  }
  return out;
}

describe('the French terminology table (UIS French)', () => {
  it('has a French term or a pattern to avoid on every row', () => {
    expect(TERMS.length).toBeGreaterThan(20);
    for (const term of TERMS) expect([term.en, Boolean(term.fr || term.avoid)]).toEqual([term.en, true]);
  });

  describe.each(VARIANTS.filter((v) => v === 'generic' || v === 'tg'))('the %s variant', (variant) => {
    const all = pairs(variant);

    it('has French for the names it checks', () => {
      expect(all.length).toBeGreaterThan(1000);
    });

    it('uses UIS French for every English term and none of the French to avoid', () => {
      const problems: string[] = [];
      for (const { where, en, fr } of all) {
        // A longer term that also matches wins: "Total net enrolment rate" is not checked as "Net enrolment rate".
        const matching = TERMS.filter((t) => t.en && en !== undefined && mentions(en, t.en));
        const shadowed = (term: Term) =>
          matching.some((t) => t !== term && t.en.toLowerCase().includes(term.en.toLowerCase()));
        for (const term of TERMS) {
          if (term.avoid?.test(fr))
            problems.push(`${where}: "${fr}" (avoid ${term.avoid.source}: ${term.why})`);
          if (
            term.en &&
            term.fr &&
            en !== undefined &&
            mentions(en, term.en) &&
            !shadowed(term) &&
            !fr.toLowerCase().includes(term.fr.toLowerCase())
          )
            problems.push(`${where}: "${en}" -> "${fr}" lacks "${term.fr}"`);
        }
      }
      expect(problems).toEqual([]);
    });
  });
});
