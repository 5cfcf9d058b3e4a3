import { findPrivilegedChanges } from '../package/privileged.js';
import type { PackageCheck, PackageCheckContext } from './check-context.js';
import type { FindingSink } from './finding-sink.js';

/** Flags what `install` would refuse without --allow-privileged (one definition: package/privileged.ts). */
export function createPrivilegedCheck(ctx: PackageCheckContext, sink: FindingSink): PackageCheck {
  return {
    finish() {
      for (const change of findPrivilegedChanges(ctx.pkg.metadata)) {
        const objects = ctx.pkg.metadata[change.type] ?? [];
        const index = objects.findIndex((o) => o.id === change.id || o.code === change.id);
        sink.add('security.privileged', ctx.scopeOf(change.type, objects[index], index), {
          message: `${change.type} ${change.id}${change.name ? ` "${change.name}"` : ''}: ${change.reason}; install needs --allow-privileged`,
        });
      }
    },
  };
}
