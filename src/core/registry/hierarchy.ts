import { createHash } from 'node:crypto';
import { usageError } from '../../errors/index.js';
import type { CountryProfile } from '../content/profile-types.js';
import { uidFromCode } from '../dhis2-model/uid.js';
import type { MetadataObject } from '../package/types.js';
import { levelOf, parentId, type LiveRegistry } from './live-state.js';
import { slug, type RegistryLayout } from './mapping.js';
import type { RegistrySettings, RowProblem, SchoolRecord } from './types.js';

export interface RegistryRoot {
  id: string;
  code?: string;
  name: string;
  create: boolean;
  geometry?: unknown;
}

export interface NewParent {
  id: string;
  code: string;
  name: string;
  level: number;
  parent: string;
  line: number;
}

/** The national org unit: the profile's registry.root, else the server's only root, else a new one. */
export function resolveRoot(
  live: LiveRegistry,
  profile: CountryProfile,
  settings: RegistrySettings,
): RegistryRoot {
  const roots = [...live.units.values()].filter((u) => parentId(u) === undefined);
  const wanted = settings.root?.code;
  const found = wanted ? live.byCode.get(wanted) : roots.length === 1 ? roots[0] : undefined;
  if (found)
    return {
      id: String(found.id),
      ...codeOf(found),
      name: String(found.name),
      create: false,
      geometry: found.geometry,
    };
  if (!wanted && roots.length > 1)
    throw usageError('REGISTRY.SEVERAL_ROOTS', `the server has ${roots.length} root org units`, {
      fix: 'Name the national one in the profile: registry: { root: { code: ... } }',
    });
  const code = wanted ?? (profile.iso3 ?? profile.code).toUpperCase();
  return {
    id: uidFromCode('organisationUnits', code),
    code,
    name: settings.root?.name ?? profile.country,
    create: true,
  };
}

const codeOf = (unit: MetadataObject) => (typeof unit.code === 'string' ? { code: unit.code } : {});

/** A code for a parent the list names only by name: its parent's code plus its name, bounded to 50. */
export function derivedCode(parentCode: string, name: string): string {
  const code = `${parentCode}_${slug(name).toUpperCase()}`;
  if (code.length <= 50) return code;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 8).toUpperCase();
  return `${code.slice(0, 41)}_${hash}`;
}

/**
 * Finds or plans every parent (regions, districts...) and checks the schools against each other:
 * duplicate codes, two schools of one name under one parent, unknown parents, codes taken by
 * org units of another level. Returns the parent id of each school (by line).
 */
export function resolveHierarchy(
  records: SchoolRecord[],
  live: LiveRegistry,
  layout: RegistryLayout,
  root: RegistryRoot,
  file: string,
): { parentOf: Map<number, string>; newParents: NewParent[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const newParents = new Map<string, NewParent>();
  const newChildren = new Map<string, string>();
  const codeById = new Map<string, string>([[root.id, root.code ?? 'ROOT']]);
  const parentOf = new Map<number, string>();
  const seenCodes = new Map<string, number>();
  const seenNames = new Map<string, number>();

  for (const record of records) {
    const bad = (rule: string, message: string, fix?: string) =>
      problems.push({ file, line: record.line, rule, message, ...(fix ? { fix } : {}) });
    const parent = resolveParent(record, bad);
    if (record.code !== '') {
      const first = seenCodes.get(record.code);
      if (first !== undefined)
        bad('registry.duplicate-code', `duplicate school code "${record.code}" (first on line ${first})`);
      else seenCodes.set(record.code, record.line);
      const taken = live.byCode.get(record.code);
      if (taken && levelOf(taken) !== layout.schoolLevel)
        bad(
          'registry.code-taken',
          `code "${record.code}" belongs to ${String(taken.name)}, an org unit of level ${levelOf(taken)}`,
        );
      if (newParents.has(record.code))
        bad('registry.code-taken', `code "${record.code}" is also a parent's code`);
    }
    if (parent === undefined) continue;
    parentOf.set(record.line, parent);
    const key = `${parent}/${record.name.trim().toLowerCase()}`;
    const first = seenNames.get(key);
    if (first !== undefined && record.name !== '')
      bad(
        'registry.duplicate-name',
        `two schools named "${record.name}" under one parent (first on line ${first})`,
        'Give each school under a parent its own name',
      );
    else seenNames.set(key, record.line);
  }
  return { parentOf, newParents: [...newParents.values()], problems };

  function resolveParent(
    record: SchoolRecord,
    bad: (rule: string, message: string, fix?: string) => void,
  ): string | undefined {
    // The immediate parent by a code the server knows is enough; upper levels need not be repeated.
    const nearest = record.parents.find((p) => p.level === layout.schoolLevel - 1);
    const known = nearest?.code ? live.byCode.get(nearest.code) : undefined;
    if (known && levelOf(known) === nearest!.level) return String(known.id);
    let current = root.id;
    for (const level of layout.parentLevels) {
      const ref = record.parents.find((p) => p.level === level.level);
      if (!ref) {
        bad(
          'registry.unknown-parent',
          `no ${level.name} given`,
          `Fill the ${level.field} (or ${level.field}_code) column`,
        );
        return undefined;
      }
      const byCode = ref.code ? live.byCode.get(ref.code) : undefined;
      const planned = ref.code ? newParents.get(ref.code) : undefined;
      if (byCode) {
        if (levelOf(byCode) !== level.level) {
          bad(
            'registry.unknown-parent',
            `${level.name} code "${ref.code}" is an org unit of level ${levelOf(byCode)}`,
          );
          return undefined;
        }
        current = String(byCode.id);
      } else if (planned) {
        if (ref.name && ref.name !== planned.name) {
          bad(
            'registry.parent-conflict',
            `${level.name} "${ref.code}" is named "${planned.name}" on line ${planned.line}, "${ref.name}" here`,
          );
          return undefined;
        }
        current = planned.id;
      } else if (ref.code && !ref.name) {
        bad(
          'registry.unknown-parent',
          `unknown ${level.name} code "${ref.code}"`,
          `Add the ${level.field} name so it can be created, or fix the code`,
        );
        return undefined;
      } else {
        const name = ref.name!;
        const sibling = live.children.get(current)?.get(name.trim().toLowerCase());
        const plannedId = newChildren.get(`${current}/${name.trim().toLowerCase()}`);
        if (sibling && !ref.code) current = String(sibling.id);
        else if (plannedId) current = plannedId;
        else {
          const code = ref.code ?? derivedCode(codeById.get(current) ?? 'ROOT', name);
          const created: NewParent = {
            id: uidFromCode('organisationUnits', code),
            code,
            name,
            level: level.level,
            parent: current,
            line: record.line,
          };
          newParents.set(code, created);
          newChildren.set(`${current}/${name.trim().toLowerCase()}`, created.id);
          codeById.set(created.id, code);
          current = created.id;
        }
      }
      if (!codeById.has(current)) {
        const unit = live.units.get(current);
        codeById.set(current, typeof unit?.code === 'string' ? unit.code : current);
      }
    }
    return current;
  }
}
