import { DEFAULT_CATEGORY_MODEL } from '../dhis2-model/rules.js';
import type { MetadataBundle, MetadataObject } from '../package/types.js';
import type { IdentityScan } from './read-state.js';
import type { PlanRemap } from './types.js';

const isDefaultObject = (type: string, object: MetadataObject) =>
  Object.hasOwn(DEFAULT_CATEGORY_MODEL, type) &&
  (object.id === DEFAULT_CATEGORY_MODEL[type] || object.code === 'default' || object.name === 'default');

/**
 * UIDs the package uses that must point at something else on this server:
 * - the default category model, which older instances have under other UIDs (trap 4);
 * - indicator types the server already has with the same factor, reused rather than duplicated (trap 5).
 * Objects whose uid already exists on the server, or that an earlier install of ours owns, are not remapped.
 */
export function findRemaps(
  desired: MetadataBundle,
  scan: IdentityScan,
  owned: ReadonlySet<string>,
): PlanRemap[] {
  const remaps: PlanRemap[] = [];
  for (const [type, standard] of Object.entries(DEFAULT_CATEGORY_MODEL)) {
    const onServer = scan.defaults[type];
    if (onServer && onServer !== standard)
      remaps.push({ type, from: standard, to: onServer, reason: 'default-category-model' });
  }
  const serverTypes = (scan.identities.indicatorTypes ?? []).filter(
    (t) => typeof t.id === 'string' && typeof t.factor === 'number',
  );
  const serverIds = new Set(serverTypes.map((t) => t.id));
  for (const type of desired.indicatorTypes ?? []) {
    if (typeof type.id !== 'string' || serverIds.has(type.id) || owned.has(`indicatorTypes/${type.id}`))
      continue;
    const same = serverTypes
      .filter((t) => t.factor === type.factor)
      .sort(
        (a, b) =>
          Number(b.name === type.name) - Number(a.name === type.name) ||
          String(a.id).localeCompare(String(b.id)),
      )[0];
    if (same?.id)
      remaps.push({ type: 'indicatorTypes', from: type.id, to: same.id, reason: 'indicator-type-factor' });
  }
  return remaps;
}

/**
 * Rewrites every occurrence of a remapped UID (references, and expressions such as `#{uid.coc}`)
 * and leaves out the remapped objects and the default category model, which every server has.
 */
export function applyRemaps(bundle: MetadataBundle, remaps: readonly PlanRemap[]): MetadataBundle {
  const dropped = new Set(remaps.map((r) => `${r.type}/${r.from}`));
  const out: MetadataBundle = {};
  for (const [type, objects] of Object.entries(bundle)) {
    const kept = objects.filter((o) => !dropped.has(`${type}/${String(o.id)}`) && !isDefaultObject(type, o));
    if (kept.length === 0) continue;
    out[type] =
      remaps.length === 0
        ? kept
        : (JSON.parse(replaceUids(JSON.stringify(kept), remaps)) as MetadataObject[]);
  }
  return out;
}

// UIDs are 11 characters drawn at random, so a word-bounded textual replacement cannot hit anything else.
function replaceUids(text: string, remaps: readonly PlanRemap[]): string {
  let out = text;
  for (const { from, to } of remaps)
    out = out.replace(new RegExp(`(?<![A-Za-z0-9])${from}(?![A-Za-z0-9])`, 'g'), to);
  return out;
}
