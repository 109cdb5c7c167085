import type { AppOptions } from '../core/create-app.js';
import { defaultRoles } from '../auth/roles.js';
import { userOptionsOf } from '../auth/users/users-resource.js';
import type { Principal } from '../policies/rule.js';
import type { TestApp, TestUser } from '../testing/test-app.js';
import { sampleValue } from './sample-values.js';

/** One column of the matrix: who sends the requests. */
export interface Caller {
  /** The column's name: `anonymous`, `owner`, `other`, a declared role, `admin`. */
  readonly name: string;
  /** Null for anonymous. */
  readonly user: TestUser | null;
  /** What access rules see for this caller. */
  readonly principal: Principal | null;
}

/** The columns in order: anonymous, owner, another user, one user per declared role, admin. */
export async function makeCallers(t: TestApp, options: AppOptions): Promise<Caller[]> {
  const table = { ...defaultRoles, ...options.roles };
  const userFields = userOptionsOf(options.users)?.fields ?? {};
  let made = 0;
  const fieldsFor = () => {
    made++;
    const values: Record<string, unknown> = {};
    for (const [name, f] of Object.entries(userFields)) {
      if (f.flags.presence === 'required') values[name] = sampleValue(f, 1000 + made, `users.${name}`);
    }
    return values;
  };
  const caller = async (name: string, role: string): Promise<Caller> => {
    const user = await t.user({ role, name, fields: fieldsFor() });
    return { name, user, principal: { id: user.id, role, permissions: new Set(table[role] ?? []) } };
  };
  const roles = Object.keys(options.roles ?? {}).filter((role) => role !== 'admin' && role !== 'user');
  return [
    { name: 'anonymous', user: null, principal: null },
    await caller('owner', 'user'),
    await caller('other', 'user'),
    ...(await Promise.all(roles.map((role) => caller(role, role)))),
    await caller('admin', 'admin'),
  ];
}
