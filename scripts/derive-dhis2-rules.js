#!/usr/bin/env node
// Derives schemas/dhis2-rules.json (our compact per-type facts) from DHIS2's own /api/schemas
// responses in ../shared/fixtures/dhis2/schemas. Run when those snapshots change; the output is
// committed, the snapshots are not. 2.38/2.39 facts = 2.40 facts minus the documented HBM changes
// (shared/reference/dhis2-api.md §6.4-6.6).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = process.argv[2] ?? join(root, '..', 'shared', 'fixtures', 'dhis2', 'schemas');
const SNAPSHOTS = { '2.40': 'schemas-2.40.json', 2.41: 'schemas-2.41.json', 2.42: 'schemas-2.42.json' };
const VERSIONS = ['2.38', '2.39', '2.40', '2.41', '2.42'];
// Properties whose not-null constraint arrived in 2.40 (HBM diff 2.39 -> 2.40).
const REQUIRED_FROM_240 = {
  dataSets: ['shortName'],
  categoryOptions: ['shortName'],
  dataElementGroups: ['shortName'],
  organisationUnitGroups: ['shortName'],
};
const UNIQUE_FROM_240 = { dataSets: ['shortName'] };
// Types whose categoryCombo/category references default to the instance's default objects.
const DEFAULTED_REFERENCE_KLASSES = new Set([
  'org.hisp.dhis.category.CategoryCombo',
  'org.hisp.dhis.category.Category',
  'org.hisp.dhis.category.CategoryOption',
  'org.hisp.dhis.category.CategoryOptionCombo',
]);

// What Jackson writes for fields an object never set, where that is not false or []: booleans Java
// initialises to true and DataSet's `int`s (0). From the dhis2-core 2.40–2.42 entity classes
// (BaseDimensionalObject#dataDimension, ProgramStage, Program, EventReport, EventChart, DataSet);
// /api/schemas has no defaultValue to derive them from.
const INITIAL_VALUES = {
  categories: { dataDimension: true },
  categoryOptionGroupSets: { dataDimension: true },
  dataElementGroupSets: { dataDimension: true },
  optionGroupSets: { dataDimension: true },
  organisationUnitGroupSets: { dataDimension: true },
  programStages: { autoGenerateEvent: true, displayGenerateEventBox: true },
  programs: { displayIncidentDate: true },
  eventReports: { legacy: true },
  eventCharts: { legacy: true },
  dataSets: { version: 0, openFuturePeriods: 0, openPeriodsAfterCoEndDate: 0 },
};

if (!existsSync(join(sourceDir, SNAPSHOTS['2.41']))) {
  console.error(`derive-dhis2-rules: no schema snapshots in ${sourceDir}; keeping the committed rules file`);
  process.exit(0);
}

const byVersion = {};
for (const [version, file] of Object.entries(SNAPSHOTS)) {
  byVersion[version] = JSON.parse(readFileSync(join(sourceDir, file), 'utf8')).schemas;
}

const klassToPlural = {};
for (const schemas of Object.values(byVersion)) {
  for (const s of schemas) if (s.metadata && s.plural) klassToPlural[s.klass] = s.plural;
}

function jsonKey(p) {
  return p.collection ? (p.collectionName ?? p.fieldName ?? p.name) : p.name;
}

function propertyFacts(p) {
  const fact = {};
  const itemKlass = p.collection ? p.itemKlass : p.klass;
  const target = klassToPlural[itemKlass];
  if (p.collection) {
    fact.kind = 'collection';
    fact.item = (p.itemPropertyType ?? 'COMPLEX').toLowerCase();
    if (p.ordered) fact.ordered = true;
  } else {
    fact.kind = p.propertyType.toLowerCase();
  }
  if (target && (p.propertyType === 'REFERENCE' || p.itemPropertyType === 'REFERENCE')) fact.target = target;
  if (p.embeddedObject) fact.embedded = true;
  if (!p.collection && p.propertyType === 'COMPLEX' && itemKlass) fact.klass = itemKlass;
  if (p.collection && p.itemPropertyType === 'COMPLEX' && itemKlass) fact.klass = itemKlass;
  if (p.owner) fact.owner = true;
  if (!p.persisted) fact.transient = true;
  if (!p.writable) fact.readOnly = true;
  // Import-time "required": a not-null owner column that the importer does not fill in itself.
  // Java primitives (booleans) always have a value; category-model references fall back to defaults.
  if (
    p.required &&
    p.persisted &&
    p.owner &&
    !p.collection &&
    p.propertyType !== 'BOOLEAN' &&
    p.name !== 'id' &&
    !DEFAULTED_REFERENCE_KLASSES.has(p.klass)
  ) {
    fact.required = true;
  }
  if (p.unique && p.persisted) fact.unique = true;
  if (p.propertyType === 'TEXT' || p.propertyType === 'IDENTIFIER') {
    if (p.length && p.length < 2147483647 && p.persisted) fact.maxLength = p.length;
  }
  if (p.constants) fact.values = p.constants;
  return fact;
}

function typeFacts(schema) {
  const properties = {};
  for (const p of schema.properties) {
    const key = jsonKey(p);
    if (!key || properties[key]) continue;
    properties[key] = propertyFacts(p);
  }
  return {
    klass: schema.klass,
    singular: schema.singular,
    order: schema.order,
    identifiable: schema.identifiableObject,
    nameable: schema.nameableObject,
    shareable: schema.shareable,
    translatable: schema.translatable,
    properties,
  };
}

// Merge the three real snapshots; a fact that differs by version becomes {version: value}.
const types = {};
const plurals = new Set();
for (const schemas of Object.values(byVersion))
  for (const s of schemas) if (s.metadata) plurals.add(s.plural);

function perVersion(valuesByVersion) {
  const distinct = new Set(Object.values(valuesByVersion).map((v) => JSON.stringify(v)));
  return distinct.size === 1 ? Object.values(valuesByVersion)[0] : valuesByVersion;
}

for (const plural of [...plurals].sort()) {
  const facts = {};
  for (const v of ['2.40', '2.41', '2.42']) {
    const schema = byVersion[v].find((s) => s.plural === plural && s.metadata);
    if (schema) facts[v] = typeFacts(schema);
  }
  const present = Object.keys(facts);
  const latest = facts[present[present.length - 1]];
  const out = { ...latest, since: present[0] === '2.40' ? '2.38' : present[0] };
  const propNames = new Set(present.flatMap((v) => Object.keys(facts[v].properties)));
  out.properties = {};
  for (const name of [...propNames].sort()) {
    const merged = {};
    const fields = new Set(present.flatMap((v) => Object.keys(facts[v].properties[name] ?? {})));
    for (const field of fields) {
      const values = {};
      for (const v of VERSIONS) {
        const source = facts[v] ?? facts['2.40'];
        if (!source) continue;
        let value = source.properties[name]?.[field];
        if (v === '2.38' || v === '2.39') {
          if (field === 'required' && REQUIRED_FROM_240[plural]?.includes(name)) value = undefined;
          if (field === 'unique' && UNIQUE_FROM_240[plural]?.includes(name)) value = undefined;
        }
        values[v] = value ?? null;
      }
      const folded = perVersion(values);
      if (folded !== null) merged[field] = folded;
    }
    const introduced = VERSIONS.filter((v) => (facts[v] ?? facts['2.40'])?.properties[name]);
    if (introduced.length < VERSIONS.length) merged.versions = introduced;
    const initial = INITIAL_VALUES[plural]?.[name];
    if (initial !== undefined) merged.initial = initial;
    out.properties[name] = merged;
  }
  types[plural] = out;
}

const rules = {
  $comment:
    'Generated by scripts/derive-dhis2-rules.js from DHIS2 /api/schemas (2.40.11, 2.41.8, 2.42.4) plus documented 2.38/2.39 differences. Do not edit by hand.',
  versions: VERSIONS,
  uidPattern: '^[a-zA-Z][a-zA-Z0-9]{10}$',
  defaults: {
    categoryCombos: 'bjDvmb4bfuf',
    categories: 'GLevLNI9wkl',
    categoryOptions: 'xYerKDKCefk',
    categoryOptionCombos: 'HllvX50cXC0',
  },
  types,
};
writeFileSync(join(root, 'schemas', 'dhis2-rules.json'), JSON.stringify(rules) + '\n');
console.error(`derive-dhis2-rules: wrote ${Object.keys(types).length} types to schemas/dhis2-rules.json`);
