import { UID_PATTERN, typeRule } from '../dhis2-model/rules.js';
import { grantToGroups } from '../ownership/index.js';
import type { MetadataObject, PostInstallStep } from '../package/types.js';
import { substituteValue } from './parameters.js';
import type { SelectedPackage } from './resolve-packages.js';

/** One manifest `share` step with its user groups resolved to uids. */
export interface ResolvedShare {
  package: string;
  userGroups: string[];
  /** Group references no package and not the server knows. */
  missing: string[];
  access: string;
  types?: string[];
}

/** Where a share step sits: its package and index among that package's post-install steps. */
export const shareStepKey = (name: string, index: number) => `${name}#${index}`;

/**
 * Every `share` step of the selected packages, its user groups (codes or uids) resolved against
 * the packages being installed and the server.
 */
export function resolveShareSteps(
  selected: SelectedPackage[],
  parameterValues: Array<Record<string, string>>,
  serverUserGroups: MetadataObject[],
): Map<string, ResolvedShare> {
  const userGroupIds = new Map<string, string>();
  for (const g of serverUserGroups)
    if (typeof g.id === 'string') userGroupIds.set(String(g.code ?? g.id), g.id);
  for (const { pkg } of selected) {
    for (const g of pkg.metadata.userGroups ?? [])
      if (typeof g.id === 'string') userGroupIds.set(String(g.code ?? g.id), g.id);
  }
  const shares = new Map<string, ResolvedShare>();
  for (const [i, { pkg }] of selected.entries()) {
    const name = pkg.manifest.name;
    (pkg.manifest.postInstall ?? []).forEach((rawStep, index) => {
      const step = substituteValue<PostInstallStep>(rawStep, parameterValues[i] ?? {}, name);
      if (!('share' in step)) return;
      const { userGroups, access = 'r-------', types } = step.share;
      const ids = userGroups.map((ref) => userGroupIds.get(ref) ?? (UID_PATTERN.test(ref) ? ref : undefined));
      shares.set(shareStepKey(name, index), {
        package: name,
        userGroups: ids.filter((g): g is string => g !== undefined).sort(),
        missing: userGroups.filter((_, j) => ids[j] === undefined),
        access,
        ...(types ? { types } : {}),
      });
    });
  }
  return shares;
}

/** Whether a share step applies to objects of `type`. */
export const sharesType = (share: ResolvedShare, type: string): boolean =>
  typeRule(type)?.shareable === true && (!share.types || share.types.includes(type));

/**
 * A package object as its share steps leave it. Merged, never replaced: the stronger access wins
 * per position, so a step never takes away what the package itself grants. This is the object
 * that is sent, hashed into the ledger and compared on later upgrades.
 */
export function withSharedAccess(
  type: string,
  object: MetadataObject,
  shares: Iterable<ResolvedShare>,
): MetadataObject {
  let sharing = object.sharing;
  for (const share of shares) {
    if (share.userGroups.length === 0 || !sharesType(share, type)) continue;
    sharing = grantToGroups(sharing, share.userGroups, share.access);
  }
  return sharing === object.sharing ? object : { ...object, sharing };
}
