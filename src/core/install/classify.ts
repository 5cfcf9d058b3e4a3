import { classifyRelations, createObjectDiffer, type FieldChange } from '../diff/index.js';
import type { MetadataObject } from '../package/types.js';
import { contentHash, liveHash, ownedContent, ownedView, shapeOf, type Shape } from '../ownership/index.js';
import type { OperationAction } from './types.js';

export interface ObjectDecision {
  action: Extract<OperationAction, 'create' | 'update' | 'unchanged' | 'keep-local'>;
  changes?: FieldChange[];
  reason?: string;
  liveHash?: string;
}

export interface ClassifyInput {
  type: string;
  desired: MetadataObject;
  live?: MetadataObject;
  /** From the ledger of the installed version, when there is one. */
  base?: { hash: string; shape: Shape };
  overwriteLocal: boolean;
  dhis2Version: string;
}

/**
 * One object's fate, three-way: the installed version (ledger hash), the server now, the new
 * version. Changed on the server since install = a local customisation, kept unless overwriteLocal.
 */
export function classifyObject(input: ClassifyInput): ObjectDecision {
  const { type, desired, live, base } = input;
  const nextShape = shapeOf(ownedContent(type, desired));
  const nextHash = contentHash(type, desired);
  if (!live) {
    if (base && !input.overwriteLocal)
      return { action: 'keep-local', reason: 'deleted on the server since install' };
    return { action: 'create' };
  }
  const liveNow = liveHash(type, live, nextShape);
  const changes = () =>
    createObjectDiffer({ dhis2Version: input.dhis2Version })(
      type,
      ownedView(type, live, desired),
      ownedContent(type, desired),
    ) ?? [];
  if (!base)
    return liveNow === nextHash
      ? { action: 'unchanged', liveHash: liveNow }
      : { action: 'update', changes: changes(), liveHash: liveNow };
  const relations = classifyRelations({
    base: true,
    live: true,
    next: true,
    liveEqualsBase: liveHash(type, live, base.shape) === base.hash,
    nextEqualsBase: nextHash === base.hash,
    liveEqualsNext: liveNow === nextHash,
  });
  switch (relations.classification) {
    case 'unchanged':
      return { action: 'unchanged', liveHash: liveNow };
    case 'changed-upstream':
      return { action: 'update', changes: changes(), liveHash: liveNow };
    case 'customised-locally':
    case 'conflict':
      if (input.overwriteLocal)
        return {
          action: 'update',
          changes: changes(),
          liveHash: liveNow,
          reason: 'local changes overwritten',
        };
      return {
        action: 'keep-local',
        changes: changes(),
        liveHash: liveNow,
        reason:
          relations.classification === 'conflict'
            ? 'changed on the server and in the new version'
            : 'changed on the server since install',
      };
  }
}
