/**
 * The app's role table: which permissions each role grants. `*` grants every
 * permission. Apps extend it through `defineApp({ roles: { moderator: ['posts:delete'] } })`;
 * a role given there replaces the default entry of the same name.
 */
export type RoleTable = Record<string, readonly string[]>;

/** The roles every app has. */
export const defaultRoles: RoleTable = {
  admin: ['*'],
  user: [],
};

/** Resolves each role's permissions once, at startup. */
export function resolveRoles(custom: RoleTable = {}): ReadonlyMap<string, ReadonlySet<string>> {
  const table = { ...defaultRoles, ...custom };
  for (const [role, permissions] of Object.entries(table)) {
    if (!/^[a-z][a-z0-9_-]{0,39}$/.test(role)) throw new TypeError(`role "${role}": use lower-case letters, digits, - and _`);
    for (const p of permissions) {
      if (p !== '*' && !/^[a-z][a-z0-9_-]*(:[a-z0-9_*-]+)*$/.test(p)) throw new TypeError(`role ${role}: permission "${p}" is not like "resource:action"`);
    }
  }
  return new Map(Object.entries(table).map(([role, permissions]) => [role, new Set(permissions)]));
}
