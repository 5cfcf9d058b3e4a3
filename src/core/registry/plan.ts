import { createHash } from 'node:crypto';
import type { Dhis2Client } from '../../dhis2/client.js';
import { buildCore } from '../content/edu-core.js';
import { censusDataSetCode } from '../content/census-spec.js';
import { ISCED_LEVELS, type CountryProfile } from '../content/profile-types.js';
import { uidFromCode } from '../dhis2-model/uid.js';
import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { ignoreProgress, type ProgressListener } from '../progress.js';
import { resolveHierarchy, resolveRoot } from './hierarchy.js';
import {
  memberIds,
  readLiveRegistry,
  REGISTRY_GROUP_CODES,
  REGISTRY_GROUPS,
  type LiveRegistry,
} from './live-state.js';
import { registryLayout, resolveColumns } from './mapping.js';
import { toSchoolRecords, vertices } from './records.js';
import { DEFAULT_OPENING_DATE, diffSchool, sendable } from './school-diff.js';
import { summarise } from './summary.js';
import type { RegistryPlan, RegistrySettings, SchoolPlanEntry, SchoolRecord, SourceTable } from './types.js';

export interface RegistryPlanOptions {
  profile: CountryProfile;
  settings: RegistrySettings;
  /** `--map` pairs, already parsed: field -> column header. */
  columns: Record<string, string>;
  onProgress?: ProgressListener;
}

export interface PreparedRegistry {
  plan: RegistryPlan;
  /** What apply sends in one atomic import; empty when nothing changes or a row is bad. */
  payload: MetadataBundle;
}

/** Reads the server once and turns the list into a plan: pure after that one request. */
export async function planRegistry(
  client: Dhis2Client,
  table: SourceTable,
  options: RegistryPlanOptions,
): Promise<PreparedRegistry> {
  const onProgress = options.onProgress ?? ignoreProgress;
  const { version } = await client.systemInfo();
  onProgress({ kind: 'phase', phase: 'read', message: 'Reading org units, levels, groups and census forms' });
  const live = await readLiveRegistry(client);
  onProgress({ kind: 'phase', phase: 'plan', message: `Comparing ${table.rows.length} schools` });
  const prepared = compareRegistry(table, live, options);
  prepared.plan.target = { url: client.baseUrl, dhis2Version: version };
  return prepared;
}

export function compareRegistry(
  table: SourceTable,
  live: LiveRegistry,
  options: RegistryPlanOptions,
): PreparedRegistry {
  const { profile, settings } = options;
  const layout = registryLayout(profile);
  const columns = resolveColumns(table.headers, layout, settings, options.columns, table.file);
  const root = resolveRoot(live, profile, settings);
  const bbox = settings.bbox ?? boundsOf(root.geometry);
  const read = toSchoolRecords({ table, columns, layout, profile, settings, bbox });
  const tree = resolveHierarchy(read.records, live, layout, root, table.file);
  const problems = [...table.problems, ...read.problems, ...tree.problems].sort(
    (a, b) => a.line - b.line || a.rule.localeCompare(b.rule),
  );
  const payload: MetadataBundle = {};
  const push = (type: string, object: MetadataObject) => (payload[type] ??= []).push(object);

  const levels = { create: [] as string[], rename: [] as string[] };
  for (const wanted of profile.orgUnitLevels) {
    const existing = live.levels.find((l) => Number(l.level) === wanted.level);
    if (!existing) {
      levels.create.push(wanted.name);
      push('organisationUnitLevels', {
        id: uidFromCode('organisationUnitLevels', `EDU_LEVEL_${wanted.level}`),
        name: wanted.name,
        level: wanted.level,
      });
    } else if (existing.name !== wanted.name) {
      levels.rename.push(`${String(existing.name)} -> ${wanted.name}`);
      push('organisationUnitLevels', { ...sendable(existing), name: wanted.name });
    }
  }
  const opening = settings.openingDate ?? DEFAULT_OPENING_DATE;
  if (root.create)
    push('organisationUnits', {
      id: root.id,
      code: root.code,
      name: root.name,
      shortName: root.name.slice(0, 50),
      openingDate: opening,
    });
  for (const p of tree.newParents)
    push('organisationUnits', {
      id: p.id,
      code: p.code,
      name: p.name,
      shortName: p.name.slice(0, 50),
      parent: { id: p.parent },
      openingDate: opening,
    });

  const members = new Map<string, Set<string>>();
  for (const code of REGISTRY_GROUP_CODES) members.set(code, memberIds(live.groups.get(code)));
  const forms = new Map<string, Set<string>>();
  for (const [code, dataSet] of live.dataSets) forms.set(code, memberIds(dataSet));

  const schools: SchoolPlanEntry[] = [];
  const listed = new Set<string>();
  for (const record of read.records) {
    const parent = tree.parentOf.get(record.line);
    if (parent === undefined || record.code === '') continue;
    const existing = live.byCode.get(record.code);
    const diff = diffSchool(record, parent, existing, opening);
    const id = String(existing?.id ?? diff.object?.id);
    listed.add(id);
    const regrouped = applyMembership(record, id, members, forms);
    const changes =
      regrouped && diff.changes[0] !== 'create' ? [...diff.changes, 'regroup' as const] : diff.changes;
    if (diff.object) push('organisationUnits', diff.object);
    schools.push({
      code: record.code,
      line: record.line,
      name: record.name,
      changes,
      ...(diff.before ? { before: diff.before } : {}),
    });
  }

  const groups = { create: [] as string[], update: [] as string[] };
  const definitions = new Map(
    (buildCore(profile).organisationUnitGroups ?? []).map((g) => [String(g.code), g]),
  );
  for (const [code, ids] of members) {
    const existing = live.groups.get(code);
    const organisationUnits = [...ids].sort().map((id) => ({ id }));
    if (!existing && ids.size > 0) {
      // Created as edu-core defines it (same UID), so installing edu-core later adopts it; the
      // sharing waits for edu-core's user groups.
      const { sharing: _sharing, ...definition } = definitions.get(code)!;
      groups.create.push(code);
      push('organisationUnitGroups', { ...definition, organisationUnits });
    } else if (existing && !sameSet(ids, memberIds(existing))) {
      groups.update.push(code);
      push('organisationUnitGroups', { ...sendable(existing), organisationUnits });
    }
  }
  const dataSets = { update: [] as string[] };
  for (const [code, ids] of forms) {
    const existing = live.dataSets.get(code)!;
    if (sameSet(ids, memberIds(existing))) continue;
    dataSets.update.push(code);
    push('dataSets', { ...sendable(existing), organisationUnits: [...ids].sort().map((id) => ({ id })) });
  }
  // Code-point order: deterministic and, unlike localeCompare, cheap for 50,000 ids.
  for (const list of Object.values(payload)) list.sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1));

  const schoolLevelUnits = [...live.units.values()].filter(
    (u) => typeof u.path === 'string' && u.path.split('/').filter(Boolean).length === layout.schoolLevel,
  );
  const summary = summarise(schools, schoolLevelUnits.filter((u) => !listed.has(String(u.id))).length);
  const bad = problems.length > 0;
  const plan: RegistryPlan = {
    file: table.file,
    format: table.format,
    profile: profile.code,
    target: { url: '', dhis2Version: '' },
    root: { id: root.id, ...(root.code ? { code: root.code } : {}), name: root.name, create: root.create },
    levels,
    parents: { create: tree.newParents.map((p) => ({ level: p.level, code: p.code, name: p.name })) },
    summary: summary.counts,
    summaryText: summary.text,
    groups,
    dataSets,
    schools: schools.filter((s) => s.changes.length > 0),
    problems,
    hash: createHash('sha256')
      .update(JSON.stringify(bad ? { problems } : payload))
      .digest('hex'),
  };
  return { plan, payload: bad ? {} : payload };
}

/**
 * Puts the school in exactly the groups its row names (columns the list lacks leave membership
 * alone) and gives it the census form of each level it offers. True when anything changed.
 */
function applyMembership(
  record: SchoolRecord,
  id: string,
  members: Map<string, Set<string>>,
  forms: Map<string, Set<string>>,
): boolean {
  let changed = false;
  const set = (target: Set<string> | undefined, wanted: boolean) => {
    if (!target || target.has(id) === wanted) return;
    if (wanted) target.add(id);
    else target.delete(id);
    changed = true;
  };
  set(members.get(REGISTRY_GROUPS.master), true);
  if (record.ownership !== undefined)
    for (const [value, code] of Object.entries(REGISTRY_GROUPS.ownership))
      set(members.get(code), record.ownership === value);
  if (record.location !== undefined)
    for (const [value, code] of Object.entries(REGISTRY_GROUPS.location))
      set(members.get(code), record.location === value);
  if (record.levels !== undefined)
    for (const level of ISCED_LEVELS) {
      const offers = record.levels.includes(level);
      set(members.get(REGISTRY_GROUPS.levels[level]!), offers);
      set(forms.get(censusDataSetCode(level)), offers);
    }
  return changed;
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/** Bounding box of the root's own geometry, when it has one. */
function boundsOf(geometry: unknown): [number, number, number, number] | undefined {
  const points = vertices((geometry as { coordinates?: unknown } | undefined)?.coordinates);
  if (points.length < 3) return undefined;
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
