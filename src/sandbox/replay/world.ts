import { createHash } from 'node:crypto';
import type { JsonObject } from '../types.js';
import type { CapturedCall } from './captures.js';

/**
 * The metadata a capture reveals, as a /api/metadata import payload: the Data Entry app's
 * /api/dataEntry/metadata answer (data sets, sections, data elements, indicators, the category
 * model, option sets), the custom forms it fetched, and every organisation unit any answer names.
 */
export interface CaptureWorld {
  metadata: Record<string, JsonObject[]>;
  /** System settings the captured server had (POSTed before the replay). */
  settings: Record<string, string>;
  /** The configured offline org unit level (uid), when the capture shows one. */
  offlineLevel?: string;
  /** The capture user's data capture org units (from /api/me?fields=organisationUnits[...]). */
  userOrgUnits: string[];
}

const ref = (id: unknown) => ({ id: String(id) });
const refs = (ids: unknown) =>
  Array.isArray(ids) ? ids.map((v) => ref(typeof v === 'object' ? (v as JsonObject).id : v)) : [];
const idOf = (v: unknown) =>
  v && typeof v === 'object' ? ((v as JsonObject).id as string | undefined) : undefined;
const pathOf = (call: CapturedCall) => call.path.replace(/^\/api\/\d{2}\//, '/api/');

/**
 * Scalar fields of an answer object, without the ones DHIS2 computes on read. displayOptions is
 * stored (a jsonb column, '{}' by migration default: V2_41_46 for sections, V2_42_8 for data sets).
 */
function scalars(o: JsonObject, drop: string[] = []): JsonObject {
  const computed =
    /^(display(?!Options)|dimension|favorite|formType|href|access|externalAccess|publicAccess|created|lastUpdated|isDefault|allItems|explodedN|explodedD)/;
  return Object.fromEntries(
    Object.entries(o).filter(
      ([k, v]) => !computed.test(k) && !drop.includes(k) && (v === null || typeof v !== 'object'),
    ),
  );
}

/** A stable made-up uid (DHIS2's shape: a letter, then 10 letters or digits). */
function madeUpUid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let uid = 'r';
  for (let i = 0; uid.length < 11; i += 2)
    uid += alphabet[parseInt(hex.slice(i, i + 2), 16) % alphabet.length];
  return uid;
}

function orgUnitsOf(calls: CapturedCall[]): JsonObject[] {
  const units = new Map<string, JsonObject>();
  const visit = (o: unknown) => {
    if (Array.isArray(o)) return o.forEach(visit);
    if (!o || typeof o !== 'object') return;
    const unit = o as JsonObject;
    if (typeof unit.path === 'string' && typeof unit.displayName === 'string') {
      const id = unit.path.split('/').pop()!;
      units.set(id, { ...units.get(id), ...unit, id });
    }
    for (const v of Object.values(unit)) if (typeof v === 'object') visit(v);
  };
  for (const call of calls) if (/^\/api\/(organisationUnits|me)\b/.test(pathOf(call))) visit(call.body);
  // A `children::size` count names children no answer lists: made-up ones keep the counts true.
  const parentOf = (u: JsonObject) => String(u.path).split('/').slice(-2, -1)[0];
  for (const unit of [...units.values()]) {
    if (typeof unit.children !== 'number') continue;
    const known = [...units.values()].filter((u) => parentOf(u) === unit.id).length;
    for (let i = known; i < unit.children; i++) {
      const id = madeUpUid(`orgUnit:${String(unit.id)}:${i}`);
      units.set(id, {
        id,
        displayName: `Unit ${i + 1} under ${String(unit.id)}`,
        path: `${String(unit.path)}/${id}`,
      });
    }
  }
  return [...units.values()].map((u) => {
    const chain = String(u.path)
      .split('/')
      .filter((s) => s !== '');
    return {
      id: u.id,
      name: u.displayName,
      shortName: String(u.displayName).slice(0, 50),
      openingDate: typeof u.openingDate === 'string' ? u.openingDate : '1970-01-01T00:00:00.000',
      ...(chain.length > 1 ? { parent: ref(chain[chain.length - 2]) } : {}),
    };
  });
}

/**
 * The answer lists option combos only for data element combos; DHIS2 generates those of data set
 * (attribute) combos the same way: one per element of the categories' options' cartesian product.
 */
function generatedCombos(combo: JsonObject, categories: JsonObject[]): JsonObject[] {
  const optionsOf = (id: string) =>
    ((categories.find((c) => c.id === id)?.categoryOptions as string[] | undefined) ?? []).map(String);
  let product: string[][] = [[]];
  for (const category of (combo.categories as string[] | undefined) ?? [])
    product = product.flatMap((prefix) => optionsOf(String(category)).map((o) => [...prefix, o]));
  return product.map((options) => ({
    id: madeUpUid(`coc:${String(combo.id)}:${options.join(',')}`),
    name: options.join(', '),
    categoryCombo: ref(combo.id),
    categoryOptions: options.map(ref),
  }));
}

export function captureWorld(calls: CapturedCall[]): CaptureWorld {
  const body = (pattern: RegExp) =>
    calls.find((c) => pattern.test(pathOf(c)) && c.status === 200)?.body as JsonObject | undefined;
  const meta = body(/^\/api\/dataEntry\/metadata$/) ?? {};
  // 2.40 lists the default category twice (data element and data set categories): one per id.
  const list = (key: string) => [
    ...new Map(((meta[key] as JsonObject[] | undefined) ?? []).map((o) => [String(o.id), o])).values(),
  ];
  const organisationUnits = orgUnitsOf(calls);
  const unitIds = new Set(organisationUnits.map((u) => String(u.id)));
  const forms = calls
    .filter((c) => /^\/api\/dataEntryForms\/\w+\?fields=htmlCode$/.test(pathOf(c)) && c.status === 200)
    .map((c) => {
      const id = /dataEntryForms\/(\w+)/.exec(c.path)![1]!;
      return {
        id,
        name: `Form ${id}`,
        style: 'NORMAL',
        format: 2,
        htmlCode: (c.body as JsonObject).htmlCode,
      };
    });
  const formIds = new Set(forms.map((f) => f.id));
  const factors = new Map<number, string>();
  const indicatorTypeOf = (factor: unknown) => {
    const f = Number(factor ?? 1);
    if (!factors.has(f)) factors.set(f, madeUpUid(`indicatorType:${f}`));
    return ref(factors.get(f));
  };
  const indicators = list('indicators').map((i) => ({
    ...scalars(i),
    indicatorType: indicatorTypeOf((i.indicatorType as JsonObject | undefined)?.factor),
  }));
  const combos = list('categoryCombos');
  const optionSets = list('optionSets');
  const dataSets = list('dataSets');
  const metadata: Record<string, JsonObject[]> = {
    organisationUnits,
    categoryOptions: list('categoryOptions').map((o) => ({
      ...scalars(o),
      organisationUnits: refs(o.organisationUnits).filter((u) => unitIds.has(u.id)),
    })),
    categories: list('categories').map((c) => ({ ...scalars(c), categoryOptions: refs(c.categoryOptions) })),
    categoryCombos: combos.map((c) => ({ ...scalars(c), categories: refs(c.categories) })),
    categoryOptionCombos: combos.flatMap((c) =>
      c.categoryOptionCombos
        ? (c.categoryOptionCombos as JsonObject[]).map((coc) => ({
            ...scalars(coc),
            categoryCombo: ref(c.id),
            categoryOptions: refs(coc.categoryOptions),
          }))
        : generatedCombos(c, list('categories')),
    ),
    options: optionSets.flatMap((s) =>
      ((s.options as JsonObject[] | undefined) ?? []).map((o, i) => ({
        id: o.id,
        code: o.code,
        name: o.displayName,
        sortOrder: i + 1,
        optionSet: ref(s.id),
      })),
    ),
    optionSets: optionSets.map((s) => ({ ...scalars(s), options: refs(s.options) })),
    dataElements: list('dataElements').map((d) => ({
      ...scalars(d),
      shortName: d.displayShortName,
      ...(d.displayFormName !== d.displayName ? { formName: d.displayFormName } : {}),
      domainType: 'AGGREGATE',
      categoryCombo: ref(idOf(d.categoryCombo)),
      ...(idOf(d.optionSet) ? { optionSet: ref(idOf(d.optionSet)) } : {}),
      ...(idOf(d.commentOptionSet) ? { commentOptionSet: ref(idOf(d.commentOptionSet)) } : {}),
    })),
    indicatorTypes: [...factors].map(([factor, id]) => ({ id, name: `Factor ${factor}`, factor })),
    indicators,
    dataEntryForms: forms,
    dataSets: dataSets.map((d) => ({
      ...scalars(d),
      categoryCombo: ref(idOf(d.categoryCombo)),
      ...(formIds.has(idOf(d.dataEntryForm) ?? '') ? { dataEntryForm: ref(idOf(d.dataEntryForm)) } : {}),
      indicators: refs(d.indicators),
      organisationUnits: refs(d.organisationUnits).filter((u) => unitIds.has(u.id)),
      dataSetElements: ((d.dataSetElements as JsonObject[] | undefined) ?? []).map((e) => ({
        dataElement: ref(idOf(e.dataElement)),
        dataSet: ref(d.id),
        ...(idOf(e.categoryCombo) ? { categoryCombo: ref(idOf(e.categoryCombo)) } : {}),
      })),
    })),
    sections: dataSets.flatMap((d) =>
      ((d.sections as JsonObject[] | undefined) ?? []).map((s) => ({
        ...scalars(s),
        dataSet: ref(d.id),
        dataElements: refs(s.dataElements),
        indicators: refs(s.indicators),
      })),
    ),
  };
  const level = body(/^\/api\/configuration\/offlineOrganisationUnitLevel$/);
  if (level?.id) metadata.organisationUnitLevels = [{ id: level.id, name: level.name, level: level.level }];
  const settings: Record<string, string> = {};
  for (const call of calls) {
    const m = /^\/api\/systemSettings\/(\w+)$/.exec(pathOf(call));
    const value = m && (call.body as JsonObject | undefined)?.[m[1]!];
    if (m && typeof value === 'string') settings[m[1]!] = value;
  }
  const me = body(/^\/api\/me\?fields=organisationUnits/);
  const userOrgUnits = ((me?.organisationUnits as JsonObject[] | undefined) ?? []).map((u) => String(u.id));
  return {
    metadata,
    settings,
    userOrgUnits,
    ...(typeof level?.id === 'string' ? { offlineLevel: level.id } : {}),
  };
}
