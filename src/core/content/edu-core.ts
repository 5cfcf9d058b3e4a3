import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { named, ref, shipped, uid } from './builders.js';
import { categoryObject, categoryOptionObject, comboCellObjects, comboObject } from './category-model.js';
import { allCategories, allCombos, buildDimensions } from './dimensions.js';
import type { CountryProfile, IscedLevel, Locale } from './profile-types.js';
import { ISCED_LEVELS } from './profile-types.js';
import { USER_GROUP_CODES } from './sharing.js';
import { join, LEVEL_NAMES, LEVEL_TAGS, levelCode, tx, type Text } from './text.js';

export const MASTER_SCHOOL_LIST = 'EDU_MASTER_SCHOOL_LIST';
export const schoolsOfLevelGroup = (level: IscedLevel): string => `EDU_SCHOOLS_${levelCode(level)}`;
export const INDICATOR_TYPES = { percent: 'EDU_PERCENT', ratio: 'EDU_RATIO', number: 'EDU_NUMBER' } as const;
export const ATTRIBUTES = { uisCode: 'UIS_CODE', sdg4: 'SDG4_INDICATOR' } as const;
export const LEGEND_SETS = {
  coverage: 'EDU_LEGEND_COVERAGE',
  exclusion: 'EDU_LEGEND_EXCLUSION',
  ptr: 'EDU_LEGEND_PTR',
  parity: 'EDU_LEGEND_PARITY',
} as const;

const RED = '#d7191c';
const AMBER = '#fdae61';
const GREEN = '#1a9641';

type Band = [number, number, string, Text];
const LEGENDS: Record<keyof typeof LEGEND_SETS, { name: Text; bands: Band[] }> = {
  coverage: {
    name: tx('Coverage (higher is better)', 'Couverture (plus haut = mieux)'),
    bands: [
      [0, 50, RED, tx('Low (under 50 %)', 'Faible (moins de 50 %)')],
      [50, 80, AMBER, tx('Medium (50-80 %)', 'Moyen (50-80 %)')],
      [80, 1000, GREEN, tx('High (80 % and over)', 'Élevé (80 % et plus)')],
    ],
  },
  exclusion: {
    name: tx('Exclusion (lower is better)', 'Exclusion (plus bas = mieux)'),
    bands: [
      [0, 10, GREEN, tx('Low (under 10 %)', 'Faible (moins de 10 %)')],
      [10, 25, AMBER, tx('Medium (10-25 %)', 'Moyen (10-25 %)')],
      [25, 100, RED, tx('High (25 % and over)', 'Élevé (25 % et plus)')],
    ],
  },
  ptr: {
    name: tx('Learners per teacher', 'Élèves par enseignant'),
    bands: [
      [0, 40, GREEN, tx('Up to 40', "Jusqu'à 40")],
      [40, 60, AMBER, tx('40 to 60', '40 à 60')],
      [60, 10000, RED, tx('Over 60', 'Plus de 60')],
    ],
  },
  // UIS reads an adjusted parity index between 0.97 and 1.03 as parity.
  parity: {
    name: tx('Gender parity (GPIA)', 'Parité entre les sexes (IPSA)'),
    bands: [
      [0, 0.97, RED, tx('Disparity against girls', 'Disparité au détriment des filles')],
      [0.97, 1.03, GREEN, tx('Parity', 'Parité')],
      [1.03, 2, AMBER, tx('Disparity against boys', 'Disparité au détriment des garçons')],
    ],
  },
};

function orgUnitGroups(language: Locale): { groups: MetadataObject[]; sets: MetadataObject[] } {
  const groups: MetadataObject[] = [];
  const group = (code: string, name: Text, shortName: Text) => {
    groups.push(
      shipped('organisationUnitGroups', code, language, {
        name: join('EDU - ', name),
        shortName: join(shortName, ' (EDU)'),
      }),
    );
    return ref('organisationUnitGroups', code);
  };
  const set = (code: string, name: Text, shortName: Text, members: Array<{ id: string }>) =>
    shipped(
      'organisationUnitGroupSets',
      code,
      language,
      { name: join('EDU - ', name), shortName: join(shortName, ' (EDU)') },
      {
        compulsory: false,
        dataDimension: true,
        includeSubhierarchyInAnalytics: false,
        organisationUnitGroups: members,
      },
    );
  const sets = [
    set('EDU_OWNERSHIP', tx('School ownership', "Statut de l'école"), tx('Ownership', 'Statut'), [
      group('EDU_OWNERSHIP_PUBLIC', tx('Public schools', 'Écoles publiques'), tx('Public', 'Publique')),
      group('EDU_OWNERSHIP_PRIVATE', tx('Private schools', 'Écoles privées'), tx('Private', 'Privée')),
      group(
        'EDU_OWNERSHIP_COMMUNITY',
        tx('Community schools', 'Écoles communautaires'),
        tx('Community', 'Communautaire'),
      ),
      group(
        'EDU_OWNERSHIP_FAITH',
        tx('Faith-based schools', 'Écoles confessionnelles'),
        tx('Faith-based', 'Confessionnelle'),
      ),
    ]),
    set('EDU_LOCATION', tx('School location', "Milieu de l'école"), tx('Location', 'Milieu'), [
      group('EDU_LOCATION_URBAN', tx('Urban schools', 'Écoles urbaines'), tx('Urban', 'Urbain')),
      group('EDU_LOCATION_RURAL', tx('Rural schools', 'Écoles rurales'), tx('Rural', 'Rural')),
    ]),
    set(
      'EDU_LEVELS_OFFERED',
      tx('ISCED levels offered', 'Niveaux CITE offerts'),
      tx('Levels offered', 'Niveaux offerts'),
      ISCED_LEVELS.map((l) =>
        group(
          schoolsOfLevelGroup(l),
          join(tx('Schools - ', 'Écoles - '), LEVEL_NAMES[l]),
          join(tx('Schools ', 'Écoles '), LEVEL_TAGS[l]),
        ),
      ),
    ),
  ];
  group(
    MASTER_SCHOOL_LIST,
    tx('Master school list', 'Liste de référence des écoles'),
    tx('Master school list', 'Liste des écoles'),
  );
  return { groups, sets };
}

export function buildCore(profile: CountryProfile): MetadataBundle {
  const lang = profile.language;
  const dims = buildDimensions(profile);
  const options = new Map<string, MetadataObject>();
  for (const category of allCategories(dims)) {
    for (const option of category.options) options.set(option.code, categoryOptionObject(option, lang));
  }
  const combos = allCombos(dims);
  const { groups, sets } = orgUnitGroups(lang);
  const userGroup = (code: string, name: Text) =>
    shipped('userGroups', code, lang, { name: join('EDU - ', name) });
  return {
    categoryOptions: [...options.values()],
    categories: allCategories(dims).map((c) => categoryObject(c, lang)),
    categoryCombos: combos.map((c) => comboObject(c, lang)),
    categoryOptionCombos: combos.flatMap((c) => comboCellObjects(c, lang)),
    organisationUnitGroups: groups,
    organisationUnitGroupSets: sets,
    userGroups: [
      userGroup(USER_GROUP_CODES.admin, tx('Admin', 'Administration')),
      userGroup(USER_GROUP_CODES.access, tx('Access', 'Accès')),
      userGroup(USER_GROUP_CODES.capture, tx('Data capture', 'Saisie des données')),
    ],
    indicatorTypes: [
      shipped(
        'indicatorTypes',
        INDICATOR_TYPES.percent,
        lang,
        { name: tx('EDU - Percent (x 100)', 'EDU - Pourcentage (x 100)') },
        { factor: 100, number: false },
      ),
      shipped(
        'indicatorTypes',
        INDICATOR_TYPES.ratio,
        lang,
        { name: tx('EDU - Ratio (x 1)', 'EDU - Ratio (x 1)') },
        { factor: 1, number: false },
      ),
      shipped(
        'indicatorTypes',
        INDICATOR_TYPES.number,
        lang,
        { name: tx('EDU - Number (x 1)', 'EDU - Nombre (x 1)') },
        { factor: 1, number: true },
      ),
    ],
    legendSets: (Object.keys(LEGEND_SETS) as Array<keyof typeof LEGEND_SETS>).map((key) =>
      shipped(
        'legendSets',
        LEGEND_SETS[key],
        lang,
        { name: join('EDU - ', LEGENDS[key].name) },
        {
          legends: LEGENDS[key].bands.map(([startValue, endValue, color, name], i) => ({
            id: uid('legends', `${LEGEND_SETS[key]}_${i + 1}`),
            ...named(lang, { name }),
            startValue,
            endValue,
            color,
          })),
        },
      ),
    ),
    attributes: [
      shipped(
        'attributes',
        ATTRIBUTES.uisCode,
        lang,
        { name: tx('UIS indicator code', 'Code indicateur ISU'), shortName: tx('UIS code', 'Code ISU') },
        attributeFlags(),
      ),
      shipped(
        'attributes',
        ATTRIBUTES.sdg4,
        lang,
        {
          name: tx('SDG 4 indicator number', 'Numéro indicateur ODD 4'),
          shortName: tx('SDG 4 indicator', 'Indicateur ODD 4'),
        },
        attributeFlags(),
      ),
    ],
  };
}

const attributeFlags = () => ({
  valueType: 'TEXT',
  indicatorAttribute: true,
  mandatory: false,
  unique: false,
});
