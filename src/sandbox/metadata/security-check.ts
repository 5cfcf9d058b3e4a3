import { accessOf, canWriteMetadata, identifiersWithName, type MetadataAction } from '../access.js';
import type { SandboxStore } from '../store.js';
import { identifierFor, type Bundle } from './bundle.js';
import { errorReport } from './report.js';

/**
 * The importer's SecurityCheck (dxf2 objectbundle/validation/SecurityCheck.java): every object the
 * user may not create (E3000), update (E3001) or delete (E3002) gets that error report and is
 * removed, so under atomicMode=ALL nothing of the request is written.
 */
export function checkSecurity(store: SandboxStore, bundle: Bundle, userUid: string): void {
  const user = store.getObject('users', userUid);
  // No user (the seed importing before its admin exists) passes, as AclService.haveOverrideAuthority(null) does.
  if (!user) return;
  const access = accessOf(store, {
    uid: userUid,
    username: typeof user.username === 'string' ? user.username : '',
  });
  if (access.superuser) return;
  const userName = identifiersWithName(access.displayName, userUid, 'User');
  const deleting = bundle.params.importStrategy === 'DELETE';
  for (const [plural, entry] of bundle.types) {
    for (const object of entry.objects) {
      if (deleting && !object.persisted) continue;
      const action: MetadataAction = deleting ? 'delete' : object.persisted ? 'update' : 'create';
      if (canWriteMetadata(access, plural, action, object.existing)) continue;
      const code = action === 'create' ? 'E3000' : action === 'update' ? 'E3001' : 'E3002';
      const useCode =
        identifierFor(bundle.params, plural) === 'CODE' && typeof object.input.code === 'string';
      const name = identifiersWithName(
        object.input.name ?? object.existing?.name,
        useCode ? String(object.input.code) : object.uid,
        entry.type.simpleName,
      );
      object.errors.push(
        errorReport(bundle.version, code, [userName, name], { mainKlass: entry.type.klass }),
      );
      object.removed = true;
    }
  }
}
