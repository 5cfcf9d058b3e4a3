import {
  buildPackage,
  languageCodes,
  loadBuiltPackage,
  loadProfile,
  PACKAGE_NAMES,
  type CountryProfile,
} from '../../src/core/content/index.js';
import { draftProfile } from '../../src/core/init/index.js';
import { validatePackages } from '../../src/core/validate/index.js';

const FIELDS = {
  name: 'NAME',
  shortName: 'SHORT_NAME',
  formName: 'FORM_NAME',
  description: 'DESCRIPTION',
} as const;

/** Every [field, object] whose text has no translation into `locale`. */
function untranslated(profile: CountryProfile, locale: string, fields: Array<keyof typeof FIELDS>): string[] {
  const missing: string[] = [];
  for (const name of PACKAGE_NAMES) {
    for (const [type, list] of Object.entries(buildPackage(name, profile).metadata)) {
      for (const object of list) {
        const translations = (object.translations ?? []) as Array<{ property: string; locale: string }>;
        for (const field of fields) {
          if (typeof object[field] !== 'string') continue;
          if (!translations.some((t) => t.locale === locale && t.property === FIELDS[field]))
            missing.push(`${type} ${String(object.code ?? object.id)} ${field}`);
        }
      }
    }
  }
  return missing;
}

describe('translation tables (packages-metadata/profiles/languages)', () => {
  it('ship en (the source), fr and pt, one file per language', () => {
    expect(languageCodes()).toEqual(['en', 'fr', 'pt']);
  });

  it('translate every name, short name, form name and description into French', () => {
    const gm = loadProfile('gm');
    expect(
      untranslated({ ...gm, translations: ['fr'] }, 'fr', ['name', 'shortName', 'formName', 'description']),
    ).toEqual([]);
  });

  it('translate every generated name, short name and form name into Portuguese', () => {
    const ug = loadProfile('ug');
    expect(untranslated({ ...ug, translations: ['pt'] }, 'pt', ['name', 'shortName', 'formName'])).toEqual(
      [],
    );
  });

  it('write DHIS2 translations for each of the profile’s other languages', () => {
    const tg = { ...loadProfile('tg'), translations: ['en', 'pt'] };
    const sex = buildPackage('edu-core', tg).metadata.categoryOptions!.find(
      (o) => o.code === 'EDU_SEX_FEMALE',
    )!;
    expect(sex.name).toBe('Féminin');
    expect(sex.translations).toEqual(
      expect.arrayContaining([
        { property: 'NAME', locale: 'en', value: 'Female' },
        { property: 'NAME', locale: 'pt', value: 'Feminino' },
      ]),
    );
    expect(buildPackage('edu-core', tg).manifest.locales).toEqual(['en', 'fr', 'pt']);
  });

  it('build a Portuguese-language variant (Mozambique, from init) that validates without errors', async () => {
    const { profile } = draftProfile({ iso3: 'MOZ', language: 'pt' });
    const ner = buildPackage('edu-sdg4', profile).metadata.indicators!.find(
      (i) => i.code === 'EDU_ISCED1_NER',
    )!;
    expect(ner.name).toBe('EDU - Taxa líquida de escolarização (Primário)');
    const report = await validatePackages(
      PACKAGE_NAMES.map((name) => loadBuiltPackage(name, profile)),
      { resolveDependency: async () => undefined },
    );
    expect(
      report.findings
        .filter((f) => f.severity === 'error')
        .map((f) => `${f.rule} ${f.objectName}: ${f.message}`),
    ).toEqual([]);
  });
});
