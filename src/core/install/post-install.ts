import type { Dhis2Client } from '../../dhis2/client.js';
import { UID_PATTERN, typeRule } from '../dhis2-model/rules.js';
import type { MetadataBundle, MetadataObject, PostInstallStep } from '../package/types.js';
import { unionById } from './merge-live.js';
import { substituteValue } from './parameters.js';
import type { PackageWork } from './plan.js';
import { readOrgUnitIds } from './read-state.js';
import type { SelectedPackage } from './resolve-packages.js';
import type { PostInstallAction } from './types.js';

/**
 * The manifest's post-install steps, folded into the import payload so they are part of the same
 * atomic commit. They configure only objects this install creates: on upgrades the live
 * assignments and sharing are kept as the administrator left them.
 */
export async function planPostInstall(
  client: Dhis2Client,
  selected: SelectedPackage[],
  works: Map<string, PackageWork>,
  payload: MetadataBundle,
  parameterValues: Array<Record<string, string>>,
  serverUserGroups: MetadataObject[],
  warnings: string[],
): Promise<PostInstallAction[]> {
  const actions: PostInstallAction[] = [];
  const created = new Set([...works.values()].flatMap((w) => w.created));
  const findSent = (type: string, ref: string): MetadataObject | undefined =>
    (payload[type] ?? []).find(
      (o) => (o.id === ref || o.code === ref) && created.has(`${type}/${String(o.id)}`),
    );
  const userGroupIds = new Map<string, string>();
  for (const g of serverUserGroups)
    if (typeof g.id === 'string') userGroupIds.set(String(g.code ?? g.id), g.id);
  for (const { pkg } of selected) {
    for (const g of pkg.metadata.userGroups ?? [])
      if (typeof g.id === 'string') userGroupIds.set(String(g.code ?? g.id), g.id);
  }

  for (const [i, { pkg }] of selected.entries()) {
    const name = pkg.manifest.name;
    for (const rawStep of pkg.manifest.postInstall ?? []) {
      const step = substituteValue<PostInstallStep>(rawStep, parameterValues[i] ?? {}, name);
      if ('assignDataSets' in step) {
        const { dataSets, orgUnitLevel, orgUnitGroup, memberGroups } = step.assignDataSets;
        const targets = dataSets
          .map((ref) => findSent('dataSets', ref))
          .filter((o): o is MetadataObject => o !== undefined);
        const level = orgUnitLevel === undefined || orgUnitLevel === '' ? undefined : Number(orgUnitLevel);
        const group = orgUnitGroup === undefined || orgUnitGroup === '' ? undefined : orgUnitGroup;
        if (targets.length === 0) continue;
        if (level === undefined && group === undefined) {
          warnings.push(
            `${name}: assignDataSets skipped: no organisation unit level or group on this server`,
          );
          continue;
        }
        const where = level !== undefined ? { level } : { group: group! };
        const orgUnits = await readOrgUnitIds(client, where);
        for (const dataSet of targets) {
          // A school registry says which schools offer which level: each form goes only to them.
          const onlyGroup = memberGroups?.[String(dataSet.code)] ?? memberGroups?.[String(dataSet.id)];
          const members = onlyGroup ? await readOrgUnitIds(client, { ...where, groupCode: onlyGroup }) : [];
          const assigned = members.length > 0 ? members : orgUnits;
          dataSet.organisationUnits = unionById(
            dataSet.organisationUnits,
            assigned.map((id) => ({ id })),
          );
        }
        actions.push({
          kind: 'assign-data-sets',
          package: name,
          dataSets: targets.map((d) => String(d.id)).sort(),
          ...(level !== undefined ? { orgUnitLevel: level } : { orgUnitGroup: group! }),
          orgUnits: orgUnits.length,
        });
      } else if ('share' in step) {
        const { userGroups, access = 'r-------', types } = step.share;
        const createdHere = works.get(name)?.created ?? [];
        if (createdHere.length === 0) continue;
        const groups = userGroups.map(
          (ref) => userGroupIds.get(ref) ?? (UID_PATTERN.test(ref) ? ref : undefined),
        );
        const missing = userGroups.filter((_, j) => groups[j] === undefined);
        if (missing.length)
          warnings.push(`${name}: share skipped for unknown user groups ${missing.join(', ')}`);
        const ids = groups.filter((g): g is string => g !== undefined);
        if (ids.length === 0) continue;
        let objects = 0;
        for (const key of createdHere) {
          const type = key.slice(0, key.indexOf('/'));
          if (typeRule(type)?.shareable !== true || (types && !types.includes(type))) continue;
          const object = (payload[type] ?? []).find((o) => `${type}/${String(o.id)}` === key);
          if (!object) continue;
          const sharing = { ...((object.sharing as Record<string, unknown> | undefined) ?? {}) };
          const entries = { ...((sharing.userGroups as Record<string, unknown> | undefined) ?? {}) };
          for (const id of ids) entries[id] = { id, access };
          object.sharing = { ...sharing, userGroups: entries };
          objects++;
        }
        actions.push({ kind: 'share', package: name, userGroups: ids.sort(), access, objects });
      }
    }
  }
  return actions;
}
