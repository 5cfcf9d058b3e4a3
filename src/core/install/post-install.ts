import type { Dhis2Client } from '../../dhis2/client.js';
import { unionById } from '../ownership/index.js';
import type { MetadataBundle, MetadataObject, PostInstallStep } from '../package/types.js';
import { substituteValue } from './parameters.js';
import type { PackageWork } from './plan.js';
import { readOrgUnitIds } from './read-state.js';
import type { SelectedPackage } from './resolve-packages.js';
import { shareStepKey, sharesType, type ResolvedShare } from './share-steps.js';
import type { PostInstallAction } from './types.js';

/**
 * The manifest's post-install steps, folded into the import payload so they are part of the same
 * atomic commit. Data sets are assigned only when this install creates them: on upgrades the live
 * assignments (local configuration) are kept as the administrator left them. Shared access is
 * part of what the package owns, merged into its objects before planning (share-steps.ts).
 */
export async function planPostInstall(
  client: Dhis2Client,
  selected: SelectedPackage[],
  works: Map<string, PackageWork>,
  payload: MetadataBundle,
  parameterValues: Array<Record<string, string>>,
  shares: ReadonlyMap<string, ResolvedShare>,
  warnings: string[],
): Promise<PostInstallAction[]> {
  const actions: PostInstallAction[] = [];
  const created = new Set([...works.values()].flatMap((w) => w.created));
  const findSent = (type: string, ref: string): MetadataObject | undefined =>
    (payload[type] ?? []).find(
      (o) => (o.id === ref || o.code === ref) && created.has(`${type}/${String(o.id)}`),
    );

  for (const [i, { pkg }] of selected.entries()) {
    const name = pkg.manifest.name;
    for (const [index, rawStep] of (pkg.manifest.postInstall ?? []).entries()) {
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
        // The access itself is already in the objects (withSharedAccess): this reports it.
        const share = shares.get(shareStepKey(name, index));
        const createdHere = works.get(name)?.created ?? [];
        if (!share || createdHere.length === 0) continue;
        if (share.missing.length)
          warnings.push(`${name}: share skipped for unknown user groups ${share.missing.join(', ')}`);
        if (share.userGroups.length === 0) continue;
        const objects = createdHere.filter((key) => sharesType(share, key.slice(0, key.indexOf('/')))).length;
        actions.push({
          kind: 'share',
          package: name,
          userGroups: share.userGroups,
          access: share.access,
          objects,
        });
      }
    }
  }
  return actions;
}
