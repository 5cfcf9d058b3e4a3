import type { Dhis2Client } from '../../dhis2/client.js';
import { importRejectedError } from '../../errors/index.js';
import type { QueryParams } from '../../dhis2/client.js';
import type { SelectedPackage } from './resolve-packages.js';

/**
 * The objects packages declare in `externalReferences` must already be on the server: DHIS2
 * would reject the whole import (E5002) otherwise. Checked while planning, in one request, so
 * `plan` fails (exit 6) instead of `install` failing after the lock is taken.
 */
export async function checkExternalReferences(
  client: Dhis2Client,
  selected: readonly SelectedPackage[],
): Promise<void> {
  const shipped = new Set(
    selected.flatMap(({ pkg }) =>
      Object.entries(pkg.metadata).flatMap(([type, list]) => list.map((o) => `${type}/${String(o.id)}`)),
    ),
  );
  const wanted = selected.flatMap(({ pkg }) =>
    (pkg.manifest.externalReferences ?? [])
      .filter((ref) => !shipped.has(`${ref.type}/${ref.id}`))
      .map((ref) => ({ ...ref, package: pkg.manifest.name })),
  );
  if (wanted.length === 0) return;
  const byType = new Map<string, string[]>();
  for (const ref of wanted) byType.set(ref.type, [...(byType.get(ref.type) ?? []), ref.id]);
  const params: QueryParams = [...byType].flatMap(([type, ids]): Array<[string, string]> => [
    [`${type}:fields`, 'id'],
    [`${type}:filter`, `id:in:[${[...new Set(ids)].join(',')}]`],
  ]);
  const found = await client.getMetadata(params);
  const present = new Set(
    Object.entries(found).flatMap(([type, list]) => list.map((o) => `${type}/${String(o.id)}`)),
  );
  const missing = wanted.filter((ref) => !present.has(`${ref.type}/${ref.id}`));
  const first = missing[0];
  if (!first) return;
  const list = missing.map((m) => `${m.type} ${m.id}`).join(', ');
  throw importRejectedError(
    'MISSING_EXTERNAL_REFERENCE',
    `${first.package}: externalReferences: ${list} ${missing.length === 1 ? 'is' : 'are'} not on ${client.baseUrl}${first.reason ? ` (${first.reason})` : ''}; DHIS2 would reject the import`,
    {
      fix: 'Create the object on the server (or install the package that ships it) first, or correct the id in package.yaml',
      details: { missing },
    },
  );
}
