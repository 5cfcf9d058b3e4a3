import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { named, ref, shipped, uid } from './builders.js';
import { categoryObject, categoryOptionObject, comboCellObjects, comboObject } from './category-model.js';
import { allCategories, allCombos, buildDimensions } from './dimensions.js';
import type { CountryProfile, IscedLevel, Languages, SchoolGroupSet } from './profile-types.js';
import { ISCED_LEVELS, languagesOf } from './profile-types.js';
import { USER_GROUP_CODES } from './sharing.js';
import { join, LEVEL_NAMES, LEVEL_TAGS, levelCode, same, t, type Text } from './text.js';

export const MASTER_SCHOOL_LIST = 'EDU_MASTER_SCHOOL_LIST';
export const schoolsOfLevelGroup = (level: IscedLevel): string => `EDU_SCHOOLS_${levelCode(level)}`;
export const INDICATOR_TYPES = { percent: 'EDU_PERCENT', ratio: 'EDU_RATIO', number: 'EDU_NUMBER' } as const;
export const ATTRIBUTES = { uisCode: 'UIS_CODE', sdg4: 'SDG4_INDICATOR' } as const;
export const LEGEND_SETS = {
  coverage: 'EDU_LEGEND_COVERAGE',
  exclusion: 'EDU_LEGEND_EXCLUSION',
  ptr: 'EDU_LEGEND_PTR',
  parity: 'EDU_LEGEND_PARITY',
  parityExclusion: 'EDU_LEGEND_PARITY_EXCLUSION',
} as const;

const RED = '#d7191c';
const AMBER = '#fdae61';
const GREEN = '#1a9641';

type Band = [number, number, string, Text];
const LEGENDS: Record<keyof typeof LEGEND_SETS, { name: Text; bands: Band[] }> = {
  coverage: {
    name: t('Coverage (higher is better)'),
    bands: [
      [0, 50, RED, t('Low (under 50 %)')],
      [50, 80, AMBER, t('Medium (50-80 %)')],
      [80, 1000, GREEN, t('High (80 % and over)')],
    ],
  },
  exclusion: {
    name: t('Exclusion (lower is better)'),
    bands: [
      [0, 10, GREEN, t('Low (under 10 %)')],
      [10, 25, AMBER, t('Medium (10-25 %)')],
      [25, 100, RED, t('High (25 % and over)')],
    ],
  },
  ptr: {
    name: t('Learners per teacher'),
    bands: [
      [0, 40, GREEN, t('Up to 40')],
      [40, 60, AMBER, t('40 to 60')],
      [60, 10000, RED, t('Over 60')],
    ],
  },
  // UIS reads an adjusted parity index between 0.97 and 1.03 as parity.
  parity: {
    name: t('Gender parity (GPIA)'),
    bands: [
      [0, 0.97, RED, t('Disparity against girls')],
      [0.97, 1.03, GREEN, t('Parity')],
      [1.03, 2, AMBER, t('Disparity against boys')],
    ],
  },
  // Parity of a rate where lower is better (out of school, repetition): above 1 means more girls
  // out of school, so the bands read the other way round (#13.7).
  parityExclusion: {
    name: t('Gender parity of an exclusion rate (GPIA)'),
    bands: [
      [0, 0.97, AMBER, t('Disparity against boys')],
      [0.97, 1.03, GREEN, t('Parity')],
      [1.03, 2, RED, t('Disparity against girls')],
    ],
  },
};

function orgUnitGroups(
  language: Languages,
  profile: CountryProfile,
): { groups: MetadataObject[]; sets: MetadataObject[] } {
  const groups: MetadataObject[] = [];
  // A profile's national groupings (named in its language) replace the default groups of a set.
  const national = (set: SchoolGroupSet) =>
    profile.orgUnitGroupSets?.[set]?.map((g) =>
      group(`EDU_${set.toUpperCase()}_${g.code}`, same(g.name), same(g.shortName ?? g.name.slice(0, 24))),
    );
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
    set(
      'EDU_OWNERSHIP',
      t('School ownership'),
      t('Ownership'),
      national('ownership') ?? [
        group('EDU_OWNERSHIP_PUBLIC', t('Public schools'), t('Public')),
        group('EDU_OWNERSHIP_PRIVATE', t('Private schools'), t('Private')),
        group('EDU_OWNERSHIP_COMMUNITY', t('Community schools'), t('Community')),
        group('EDU_OWNERSHIP_FAITH', t('Faith-based schools'), t('Faith-based')),
      ],
    ),
    set(
      'EDU_LOCATION',
      t('School location'),
      t('Location'),
      national('location') ?? [
        group('EDU_LOCATION_URBAN', t('Urban schools'), t('Urban')),
        group('EDU_LOCATION_RURAL', t('Rural schools'), t('Rural')),
      ],
    ),
    set(
      'EDU_LEVELS_OFFERED',
      t('ISCED levels offered'),
      t('Levels offered'),
      ISCED_LEVELS.map((l) =>
        group(
          schoolsOfLevelGroup(l),
          join(t('Schools - '), LEVEL_NAMES[l]),
          join(t('Schools '), LEVEL_TAGS[l]),
        ),
      ),
    ),
  ];
  group(MASTER_SCHOOL_LIST, t('Master school list'), t('[short] Master school list'));
  return { groups, sets };
}

export function buildCore(profile: CountryProfile): MetadataBundle {
  const lang = languagesOf(profile);
  const dims = buildDimensions(profile);
  const options = new Map<string, MetadataObject>();
  for (const category of allCategories(dims)) {
    for (const option of category.options) options.set(option.code, categoryOptionObject(option, lang));
  }
  const combos = allCombos(dims);
  const { groups, sets } = orgUnitGroups(lang, profile);
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
      userGroup(USER_GROUP_CODES.admin, t('Admin')),
      userGroup(USER_GROUP_CODES.access, t('Access')),
      userGroup(USER_GROUP_CODES.capture, t('Data capture')),
    ],
    indicatorTypes: [
      shipped(
        'indicatorTypes',
        INDICATOR_TYPES.percent,
        lang,
        { name: t('EDU - Percent (x 100)') },
        { factor: 100, number: false },
      ),
      shipped(
        'indicatorTypes',
        INDICATOR_TYPES.ratio,
        lang,
        { name: t('EDU - Ratio (x 1)') },
        { factor: 1, number: false },
      ),
      shipped(
        'indicatorTypes',
        INDICATOR_TYPES.number,
        lang,
        { name: t('EDU - Number (x 1)') },
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
        { name: t('UIS indicator code'), shortName: t('UIS code') },
        attributeFlags(),
      ),
      shipped(
        'attributes',
        ATTRIBUTES.sdg4,
        lang,
        {
          name: t('SDG 4 indicator number'),
          shortName: t('SDG 4 indicator'),
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
