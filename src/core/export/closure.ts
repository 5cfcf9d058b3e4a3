import { inputError } from '../../errors/index.js';
import { DEFAULT_CATEGORY_MODEL, UID_PATTERN } from '../dhis2-model/rules.js';
import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { readOwned } from '../dhis2-model/implicit-defaults.js';
import { fetchByIdentifiers, type MetadataSource } from './metadata-source.js';
import { collectReferences } from './references.js';

/** What to export: roots by uid or code, and/or every object whose code starts with a prefix. */
export interface ExportRoots {
  dataSets?: string[];
  dashboards?: string[];
  indicatorGroups?: string[];
  /** Any other root objects: `{ type: "attributes", value: "UIS_CODE" }` (a uid or a code). */
  objects?: Array<{ type: string; value: string }>;
  codePrefix?: string;
}

export interface DanglingReference {
  from: { type: string; id: string };
  pointer: string;
  type: string;
  id: string;
}

export interface ClosureOptions {
  dhis2Version?: string;
  /** Uids provided by dependency packages: referenced freely, never exported again. */
  exclude?: ReadonlySet<string>;
}

export interface Closure {
  bundle: MetadataBundle;
  dangling: DanglingReference[];
  /** Instance uid of a default category object -> the standard uid packages ship. */
  defaultRemap: Map<string, string>;
  warnings: string[];
  rounds: number;
}

/** Types where the trail stops: the hierarchy and people belong to the instance, not the package. */
const STOP_TYPES = new Set(['organisationUnits', 'organisationUnitLevels', 'users', 'userRoles']);

/** Types a `--code-prefix` export looks through for roots. */
const PREFIX_TYPES = [
  'attributes',
  'categoryOptions',
  'categories',
  'categoryCombos',
  'categoryOptionGroups',
  'categoryOptionGroupSets',
  'constants',
  'dataElements',
  'dataElementGroups',
  'dataElementGroupSets',
  'dataSets',
  'indicatorTypes',
  'indicators',
  'indicatorGroups',
  'indicatorGroupSets',
  'legendSets',
  'optionSets',
  'organisationUnitGroups',
  'organisationUnitGroupSets',
  'predictors',
  'predictorGroups',
  'userGroups',
  'validationRules',
  'validationRuleGroups',
  'visualizations',
  'maps',
  'dashboards',
];

/** Objects that belong to another object but are not in its `:owner` fields: fetched by their parent. */
const CHILDREN: ReadonlyArray<{ type: string; parentType: string; parentProperty: string }> = [
  { type: 'sections', parentType: 'dataSets', parentProperty: 'dataSet.id' },
  { type: 'categoryOptionCombos', parentType: 'categoryCombos', parentProperty: 'categoryCombo.id' },
];

const ROOT_FLAGS: Record<string, string> = {
  dataSets: '--data-set',
  dashboards: '--dashboard',
  indicatorGroups: '--indicator-group',
};
const DEFAULT_TYPES = new Set(Object.keys(DEFAULT_CATEGORY_MODEL));

const keyOf = (type: string, id: string) => `${type}/${id}`;

function addTo(map: Map<string, Set<string>>, type: string, id: string): void {
  const set = map.get(type) ?? new Set<string>();
  set.add(id);
  map.set(type, set);
}

const asLists = (map: Map<string, Set<string>>) =>
  new Map([...map].map(([type, ids]) => [type, [...ids]] as const));

/**
 * The dependency closure of the roots, fetched round by round: each round asks, in batched
 * `id:in:[…]` requests, for everything the previous round referenced and has not been seen.
 * Stops at org units, users and the default category model; references that the server cannot
 * answer are reported as dangling rather than failing the export.
 */
export async function computeClosure(
  source: MetadataSource,
  roots: ExportRoots,
  options: ClosureOptions = {},
): Promise<Closure> {
  const exclude = options.exclude ?? new Set<string>();
  const included = new Map<string, Map<string, MetadataObject>>();
  const referrers = new Map<string, Array<{ from: { type: string; id: string }; pointer: string }>>();
  const seen = new Set<string>();
  const defaultRemap = new Map<string, string>();
  const warnings: string[] = [];
  let frontier = new Map<string, Set<string>>();
  let children = new Map<string, Set<string>>();

  const accept = (type: string, object: MetadataObject) => {
    const id = object.id;
    if (typeof id !== 'string' || included.get(type)?.has(id) || exclude.has(id)) return;
    seen.add(keyOf(type, id));
    if (DEFAULT_TYPES.has(type) && object.name === 'default') {
      const standard = DEFAULT_CATEGORY_MODEL[type]!;
      if (id !== standard) defaultRemap.set(id, standard);
      return;
    }
    const map = included.get(type) ?? new Map<string, MetadataObject>();
    map.set(id, object);
    included.set(type, map);
    for (const child of CHILDREN) if (child.parentType === type) addTo(children, child.type, id);
    const { references, expressionErrors } = collectReferences(type, object, options.dhis2Version);
    warnings.push(...expressionErrors.map((e) => `expression not followed: ${e}`));
    for (const ref of references) {
      if (STOP_TYPES.has(ref.type) || exclude.has(ref.id) || DEFAULT_CATEGORY_MODEL[ref.type] === ref.id)
        continue;
      const key = keyOf(ref.type, ref.id);
      if (seen.has(key)) continue;
      const list = referrers.get(key) ?? [];
      list.push({ from: { type, id }, pointer: ref.pointer });
      referrers.set(key, list);
      addTo(frontier, ref.type, ref.id);
    }
  };

  for (const object of await fetchRoots(source, roots)) accept(object.type, object.object);

  let rounds = 0;
  const dangling: DanglingReference[] = [];
  while (frontier.size > 0 || children.size > 0) {
    rounds++;
    const asked = frontier;
    const parents = children;
    frontier = new Map();
    children = new Map();
    for (const [type, ids] of asked) for (const id of ids) seen.add(keyOf(type, id));
    const answer = asked.size > 0 ? await fetchByIdentifiers(source, asLists(asked)) : {};
    for (const child of CHILDREN) {
      const parentIds = parents.get(child.type);
      if (!parentIds) continue;
      const found = await fetchByIdentifiers(
        source,
        new Map([[child.type, [...parentIds]]]),
        child.parentProperty,
      );
      answer[child.type] = [...(answer[child.type] ?? []), ...(found[child.type] ?? [])];
    }
    const returned = new Set<string>();
    for (const [type, objects] of Object.entries(answer)) {
      for (const object of objects) {
        if (typeof object.id === 'string') returned.add(keyOf(type, object.id));
        accept(type, object);
      }
    }
    for (const [type, ids] of asked) {
      for (const id of ids) {
        if (returned.has(keyOf(type, id))) continue;
        for (const r of referrers.get(keyOf(type, id)) ?? []) dangling.push({ ...r, type, id });
      }
    }
  }

  const bundle: MetadataBundle = {};
  for (const [type, objects] of [...included].sort(([a], [b]) => a.localeCompare(b)))
    bundle[type] = [...objects.values()];
  dangling.sort((a, b) =>
    `${a.type}/${a.id}/${a.from.id}${a.pointer}`.localeCompare(`${b.type}/${b.id}/${b.from.id}${b.pointer}`),
  );
  return { bundle, dangling, defaultRemap, warnings, rounds };
}

async function fetchRoots(
  source: MetadataSource,
  roots: ExportRoots,
): Promise<Array<{ type: string; object: MetadataObject }>> {
  const wanted: Array<{ type: string; value: string; flag: string }> = [
    ...Object.entries(ROOT_FLAGS).flatMap(([type, flag]) =>
      ((roots[type as keyof ExportRoots] as string[] | undefined) ?? []).map((value) => ({
        type,
        value,
        flag,
      })),
    ),
    ...(roots.objects ?? []).map(({ type, value }) => ({ type, value, flag: `--include ${type}:` })),
  ];
  const ids = new Map<string, string[]>();
  const codes = new Map<string, string[]>();
  for (const { type, value } of wanted) {
    const target = UID_PATTERN.test(value) ? ids : codes;
    target.set(type, [...(target.get(type) ?? []), value]);
  }
  const byId = ids.size > 0 ? await fetchByIdentifiers(source, ids, 'id') : {};
  const byCode = codes.size > 0 ? await fetchByIdentifiers(source, codes, 'code') : {};
  const found: Array<{ type: string; object: MetadataObject }> = [];
  for (const { type, value, flag } of wanted) {
    const object =
      (byId[type] ?? []).find((o) => o.id === value) ?? (byCode[type] ?? []).find((o) => o.code === value);
    if (!object) {
      const separator = flag.endsWith(':') ? '' : ' ';
      throw inputError(
        'EXPORT_ROOT_NOT_FOUND',
        `${flag}${separator}${value}: no such object in ${type} on the server (looked up by ${UID_PATTERN.test(value) ? 'uid' : 'code'})`,
        {
          objectType: type,
          fix: 'Check the uid or code, and that the user may read it',
        },
      );
    }
    found.push({ type, object });
  }
  if (roots.codePrefix) {
    const prefix = roots.codePrefix;
    const params: Array<[string, string]> = [['fields', ':owner']];
    for (const type of PREFIX_TYPES) params.push([`${type}:filter`, `code:$like:${prefix}`]);
    const answer = await readOwned(source, params);
    for (const type of PREFIX_TYPES) {
      // Filtered again here: `$like` is case-insensitive and matches anywhere on some versions.
      for (const object of answer[type] ?? [])
        if (typeof object.code === 'string' && object.code.startsWith(prefix)) found.push({ type, object });
    }
  }
  return found;
}
