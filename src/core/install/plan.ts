import { findPrivilegedChanges } from '../package/privileged.js';
import semver from 'semver';
import type { Dhis2Client } from '../../dhis2/client.js';
import { usageError } from '../../errors/index.js';
import { commitOrder, typeRule } from '../dhis2-model/rules.js';
import { dhis2VersionToSemver } from '../package/manifest.js';
import { stableStringify } from '../package/canonical.js';
import { sha256 } from '../package/checksums.js';
import { installedRecord, type Shape } from '../ownership/index.js';
import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { ignoreProgress, type ProgressListener } from '../progress.js';
import { classifyObject } from './classify.js';
import { configPlaceholderConflict, findUniqueConflicts } from './conflicts.js';
import { checkExternalReferences } from './external-references.js';
import { mergeWithLive, snapshotOf } from './merge-live.js';
import {
  assertDeclaredOverrides,
  resolveParameters,
  substituteParameters,
  type ParameterSources,
} from './parameters.js';
import { matchesRecorded } from './verify-live.js';
import { planPostInstall } from './post-install.js';
import { resolveShareSteps, withSharedAccess } from './share-steps.js';
import { readObjects, scanIdentities } from './read-state.js';
import { applyRemaps, findRemaps } from './remaps.js';
import type { SelectedPackage } from './resolve-packages.js';
import {
  PLAN_FORMAT,
  type InstallPlan,
  type LedgerProfile,
  type LedgerRecord,
  type PlanOperation,
  type PlanRemap,
  type PlannedPackage,
  type PlanSummary,
} from './types.js';

export interface PlanRequest {
  selected: SelectedPackage[];
  /** Ledger records on the target, by package name. */
  ledger: Record<string, LedgerRecord>;
  serverVersion: string;
  parameters: ParameterSources;
  overwriteLocal?: boolean;
  prune?: boolean;
  /** Install even when the server's DHIS2 version is outside a package's `dhis2` range. */
  force?: boolean;
  onProgress?: ProgressListener;
}

/** Ledger material for one package, kept beside the plan until apply writes it. */
export interface PackageWork {
  name: string;
  version: string;
  checksum: string;
  parameters: Record<string, string>;
  dependencies: Record<string, string>;
  objects: Record<string, InstalledObject>;
  created: string[];
  overwritten: Record<string, MetadataObject>;
  deleted: Record<string, MetadataObject>;
  deletes: Array<{ type: string; id: string }>;
  remaps: PlanRemap[];
  /** The country profile the package was built from (recorded in the ledger). */
  profile?: LedgerProfile;
  /** Whether anything is sent for this package (a re-install without changes writes no ledger). */
  changed: boolean;
  previous?: LedgerRecord;
}

/** What the ledger records of one installed object: its owned content's hash, shape and field fingerprints. */
export interface InstalledObject {
  hash: string;
  shape: Shape;
  fields?: string;
}

/** A plan plus what applying it needs (the payload is not part of the plan document). */
export interface PreparedInstall {
  plan: InstallPlan;
  payload: MetadataBundle;
  packages: PackageWork[];
  warnings: string[];
  serverVersion: string;
}

/**
 * Plans an install: parameters resolved against the target, UIDs remapped where the server
 * already has the thing, conflicts found before DHIS2 would find them, every object classified.
 * Reads the server in one identity request plus one content request for what matched.
 */
export async function planInstall(client: Dhis2Client, request: PlanRequest): Promise<PreparedInstall> {
  const onProgress = request.onProgress ?? ignoreProgress;
  const { serverVersion } = request;
  const warnings: string[] = [];
  assertDeclaredOverrides(
    request.selected.map(({ pkg }) => pkg.manifest),
    request.parameters.overrides,
  );
  for (const { pkg } of request.selected)
    checkDhis2Range(pkg.manifest.name, pkg.manifest.dhis2, serverVersion, request.force ?? false, warnings);

  onProgress({ kind: 'phase', phase: 'read', message: 'Reading the server state' });
  const types = commitOrder(new Set(request.selected.flatMap(({ pkg }) => Object.keys(pkg.metadata))));
  const scan = await scanIdentities(client, types, serverVersion);
  await checkExternalReferences(client, request.selected);

  // Parameters, then remaps, per package: the desired content exactly as it would be sent.
  const owned = new Set(Object.values(request.ledger).flatMap((r) => Object.keys(r.current.objects)));
  const substituted = request.selected.map(({ pkg }) => {
    const packageGroups = (pkg.metadata.organisationUnitGroups ?? []).map((g) => ({
      id: String(g.id),
      code: g.code,
      name: g.name,
    }));
    const facts = { ...scan.facts, orgUnitGroups: [...scan.facts.orgUnitGroups, ...packageGroups] };
    const resolved = resolveParameters(pkg.manifest, request.parameters, facts);
    warnings.push(...resolved.warnings);
    return {
      values: resolved.values,
      bundle: substituteParameters(pkg.metadata, resolved.values, pkg.manifest.name),
    };
  });
  const allDesired: MetadataBundle = {};
  for (const { bundle } of substituted)
    for (const [type, list] of Object.entries(bundle))
      allDesired[type] = [...(allDesired[type] ?? []), ...list];
  const remaps = findRemaps(allDesired, scan, owned);

  const ownerOf = new Map<string, string>();
  const desired: Array<{ key: string; type: string; object: MetadataObject; package: string }> = [];
  request.selected.forEach(({ pkg }, i) => {
    const bundle = applyRemaps(substituted[i]!.bundle, remaps);
    for (const type of commitOrder(Object.keys(bundle))) {
      for (const object of bundle[type] ?? []) {
        const key = `${type}/${String(object.id)}`;
        if (ownerOf.has(key)) {
          warnings.push(
            `${pkg.manifest.name}: ${key} is also shipped by ${ownerOf.get(key)}; that copy is used`,
          );
          continue;
        }
        ownerOf.set(key, pkg.manifest.name);
        desired.push({ key, type, object, package: pkg.manifest.name });
      }
    }
  });

  // Share steps are part of the desired state, so re-installing the same version changes nothing.
  const shares = resolveShareSteps(
    request.selected,
    substituted.map((s) => s.values),
    scan.identities.userGroups ?? [],
  );
  for (const d of desired) {
    d.object = withSharedAccess(
      d.type,
      d.object,
      [...shares.values()].filter((share) => share.package === d.package),
    );
  }

  // Full content only of what exists: matched by uid, plus what earlier versions installed.
  const serverIds = new Set(
    Object.entries(scan.identities).flatMap(([type, list]) => list.map((o) => `${type}/${String(o.id)}`)),
  );
  const toRead: Record<string, string[]> = {};
  const wantRead = (key: string) => {
    const [type, id] = splitKey(key);
    (toRead[type] ??= []).push(id);
  };
  for (const d of desired) if (serverIds.has(d.key)) wantRead(d.key);
  for (const { pkg } of request.selected) {
    for (const key of Object.keys(request.ledger[pkg.manifest.name]?.current.objects ?? {}))
      if (!ownerOf.has(key)) wantRead(key);
  }
  const liveBundle = await readObjects(client, toRead);
  const live = new Map<string, MetadataObject>();
  for (const [type, list] of Object.entries(liveBundle))
    for (const o of list) live.set(`${type}/${String(o.id)}`, o);

  onProgress({ kind: 'phase', phase: 'plan', message: 'Comparing with the server' });
  const conflicts = findUniqueConflicts(desired, scan.identities, serverVersion);
  const conflicted = new Set(conflicts.map((c) => `${c.type}/${c.id}`));
  const operations: PlanOperation[] = [];
  const payload: MetadataBundle = {};
  const works = new Map<string, PackageWork>();
  request.selected.forEach(({ pkg, checksum }, i) => {
    const previous = request.ledger[pkg.manifest.name];
    works.set(pkg.manifest.name, {
      name: pkg.manifest.name,
      version: pkg.manifest.version,
      checksum,
      parameters: substituted[i]!.values,
      dependencies: pkg.manifest.dependencies ?? {},
      objects: {},
      created: [],
      overwritten: {},
      deleted: {},
      deletes: [],
      remaps: remaps.filter((r) => (pkg.metadata[r.type] ?? []).some((o) => o.id === r.from)),
      changed:
        previous === undefined ||
        previous.current.version !== pkg.manifest.version ||
        previous.current.checksum !== checksum,
      ...(previous ? { previous } : {}),
    });
  });

  for (const d of desired) {
    const work = works.get(d.package)!;
    const liveObject = live.get(d.key);
    const identity = identityOf(d.type, d.object, d.package);
    const placeholder =
      d.type === 'indicators' && liveObject
        ? configPlaceholderConflict(d.package, d.object, liveObject)
        : undefined;
    if (placeholder) conflicts.push(placeholder);
    if (placeholder || conflicted.has(d.key)) {
      operations.push({
        ...identity,
        action: 'conflict',
        reason: conflicts.find((c) => `${c.type}/${c.id}` === d.key)?.message ?? '',
      });
      continue;
    }
    const baseEntry = work.previous?.current.objects[d.key];
    const base = baseEntry
      ? {
          hash: baseEntry.hash,
          shape: work.previous!.current.shapes[baseEntry.shape] ?? {},
          ...(baseEntry.fields === undefined ? {} : { fields: baseEntry.fields }),
        }
      : undefined;
    const decision = classifyObject({
      type: d.type,
      desired: d.object,
      ...(liveObject ? { live: liveObject } : {}),
      ...(base ? { base } : {}),
      overwriteLocal: request.overwriteLocal ?? false,
      dhis2Version: serverVersion,
    });
    operations.push({ ...identity, ...decision });
    if (decision.action === 'keep-local' && base) {
      work.objects[d.key] = base;
      continue;
    }
    work.objects[d.key] = installedRecord(d.type, d.object);
    if (decision.action === 'create') {
      (payload[d.type] ??= []).push(d.object);
      work.created.push(d.key);
      work.changed = true;
    } else if (decision.action === 'update' && liveObject) {
      (payload[d.type] ??= []).push(mergeWithLive(d.type, d.object, liveObject));
      work.overwritten[d.key] = snapshotOf(liveObject);
      work.changed = true;
    }
  }

  // Objects an earlier version installed that the new one no longer ships.
  for (const work of works.values()) {
    for (const key of Object.keys(work.previous?.current.objects ?? {}).sort()) {
      if (ownerOf.has(key) || work.remaps.some((r) => `${r.type}/${r.from}` === key)) continue;
      const liveObject = live.get(key);
      if (!liveObject) continue;
      const [type, id] = splitKey(key);
      const identity = identityOf(type, liveObject, work.name);
      // Pruned only if still as installed and no other installed package owns it too.
      const changed = !matchesRecorded(work.previous!.current, key, liveObject);
      const sharedWith = Object.values(request.ledger).find(
        (r) => r.current.package !== work.name && Object.hasOwn(r.current.objects, key),
      )?.current.package;
      if (request.prune && (changed || sharedWith)) {
        operations.push({
          ...identity,
          action: 'drop',
          reason: changed
            ? 'dropped by the new version; kept because it changed on the server since install'
            : `dropped by the new version; kept because ${sharedWith} also owns it`,
        });
      } else if (request.prune) {
        operations.push({ ...identity, action: 'delete', reason: 'dropped by the new version (--prune)' });
        work.deleted[key] = snapshotOf(liveObject);
        work.deletes.push({ type, id });
        work.changed = true;
      } else {
        operations.push({
          ...identity,
          action: 'drop',
          reason: 'dropped by the new version; kept (use --prune to remove)',
        });
      }
    }
  }

  const postInstall = await planPostInstall(
    client,
    request.selected,
    works,
    payload,
    substituted.map((s) => s.values),
    shares,
    warnings,
  );
  const packages: PlannedPackage[] = request.selected.map(({ pkg, checksum, requestedBy }) => {
    const installed = request.ledger[pkg.manifest.name]?.current.version;
    return {
      name: pkg.manifest.name,
      version: pkg.manifest.version,
      checksum,
      mode: modeOf(installed, pkg.manifest.version),
      ...(installed ? { installedVersion: installed } : {}),
      ...(requestedBy ? { requestedBy } : {}),
      parameters: works.get(pkg.manifest.name)!.parameters,
    };
  });
  const body: Omit<InstallPlan, 'hash'> = {
    format: PLAN_FORMAT,
    target: { url: client.baseUrl, dhis2Version: serverVersion },
    options: { overwriteLocal: request.overwriteLocal ?? false, prune: request.prune ?? false },
    packages,
    remaps,
    conflicts: conflicts.sort((a, b) =>
      `${a.type}/${a.id}/${a.field ?? ''}`.localeCompare(`${b.type}/${b.id}/${b.field ?? ''}`),
    ),
    operations,
    postInstall,
    summary: summarise(operations),
  };
  const privileged = findPrivilegedChanges(payload);
  // Only when there are any, so every other plan keeps its hash.
  if (privileged.length > 0) body.privileged = privileged;
  return {
    plan: { ...body, hash: planHash(body) },
    payload,
    packages: [...works.values()],
    warnings,
    serverVersion,
  };
}

/** sha256 of the plan's canonical JSON: what a user approved, bound to what gets applied. */
export function planHash(plan: Omit<InstallPlan, 'hash'> | InstallPlan): string {
  const { hash: _hash, ...body } = plan as InstallPlan;
  return sha256(stableStringify(body));
}

function checkDhis2Range(
  name: string,
  range: string,
  serverVersion: string,
  force: boolean,
  warnings: string[],
): void {
  if (semver.satisfies(dhis2VersionToSemver(serverVersion), range)) return;
  const message = `${name}: supports DHIS2 ${range}, the server runs ${serverVersion}`;
  if (force) {
    warnings.push(`${message} (installing anyway: --force)`);
    return;
  }
  throw usageError('DHIS2_VERSION', message, {
    fix: 'Use a package built for this DHIS2 version, or pass --force',
  });
}

function modeOf(installed: string | undefined, version: string): PlannedPackage['mode'] {
  if (!installed) return 'install';
  if (semver.eq(installed, version)) return 'reinstall';
  return semver.gt(version, installed) ? 'upgrade' : 'downgrade';
}

function identityOf(
  type: string,
  object: MetadataObject,
  pkg: string,
): Pick<PlanOperation, 'type' | 'id' | 'code' | 'name' | 'package'> {
  return {
    type,
    id: String(object.id),
    ...(typeof object.code === 'string' ? { code: object.code } : {}),
    ...(typeof object.name === 'string' ? { name: object.name } : {}),
    package: pkg,
  };
}

export function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}

function summarise(operations: PlanOperation[]): PlanSummary {
  const summary: PlanSummary = {
    create: 0,
    update: 0,
    unchanged: 0,
    keepLocal: 0,
    conflict: 0,
    drop: 0,
    delete: 0,
  };
  for (const op of operations) {
    if (op.action === 'keep-local') summary.keepLocal++;
    else summary[op.action]++;
  }
  return summary;
}

export const isShareable = (type: string) => typeRule(type)?.shareable === true;
