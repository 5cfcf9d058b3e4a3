import type { MetadataBundle, MetadataObject } from './types.js';

/** One object whose import changes who may do what on the server (issue 12, item 5). */
export interface PrivilegedChange {
  type: string;
  id: string;
  name?: string;
  reason: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const writes = (access: unknown) => typeof access === 'string' && access[1] === 'w';
const entries = (value: unknown): MetadataObject[] =>
  value && typeof value === 'object' ? (Object.values(value) as MetadataObject[]) : [];

/**
 * What counts (docs/security.md): every user, every user role (its authorities named, ALL
 * first), every SQL view (SQL that runs on the database), and a user group that lists members
 * or whose own sharing lets someone outside the package edit it (public write, a user, or a
 * group the package does not define): editing a group means choosing who gets what it is shared.
 * User groups that only share with each other (edu-core's matrix) are not privileged.
 */
export function findPrivilegedChanges(bundle: MetadataBundle): PrivilegedChange[] {
  const changes: PrivilegedChange[] = [];
  const add = (type: string, object: MetadataObject, reason: string) =>
    changes.push({
      type,
      id: text(object.id) ?? text(object.code) ?? '?',
      ...(text(object.name) ? { name: text(object.name)! } : {}),
      reason,
    });
  for (const user of bundle.users ?? []) add('users', user, 'creates or changes a user account');
  for (const role of bundle.userRoles ?? []) {
    const authorities = Array.isArray(role.authorities) ? role.authorities.map(String) : [];
    const named = [...authorities.filter((a) => a === 'ALL'), ...authorities.filter((a) => a !== 'ALL')];
    add(
      'userRoles',
      role,
      named.includes('ALL')
        ? `grants ALL (superuser)${named.length > 1 ? ` and ${named.length - 1} more authorities` : ''}`
        : `grants authorities: ${named.join(', ') || 'none'}`,
    );
  }
  for (const view of bundle.sqlViews ?? [])
    add('sqlViews', view, 'adds or changes SQL that runs on the database');
  const ownGroups = new Set((bundle.userGroups ?? []).map((g) => text(g.id)));
  for (const group of bundle.userGroups ?? []) {
    const members = Array.isArray(group.users) ? group.users.length : 0;
    const sharing = (group.sharing ?? {}) as MetadataObject;
    const reasons = [
      ...(members > 0 ? [`adds ${members} member(s)`] : []),
      ...(writes(sharing.public) || writes(group.publicAccess) ? ['lets everyone edit it'] : []),
      ...(entries(sharing.users).some((u) => writes(u.access)) ? ['lets individual users edit it'] : []),
      ...(entries(sharing.userGroups).some((g) => writes(g.access) && !ownGroups.has(text(g.id)))
        ? ['lets a user group outside the package edit it']
        : []),
    ];
    if (reasons.length) add('userGroups', group, `user group sharing: ${reasons.join('; ')}`);
  }
  return changes;
}
