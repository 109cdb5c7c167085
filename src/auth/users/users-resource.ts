import type { Access } from '../../policies/rule.js';
import { allow } from '../../policies/allow.js';
import { string } from '../../resources/fields/kinds.js';
import type { AnyField } from '../../resources/fields/index.js';
import type { Computed } from '../../resources/relations/computed.js';
import type { Relation } from '../../resources/relations/relation.js';
import { Resource } from '../../resources/resource.js';
import type { EnvelopeSpec } from '../../wire/envelopes.js';
import type { UserFieldsOptions } from './user-fields.js';

/** How users are served as profiles: `GET <base>/<path>/:<lookup>`. */
export interface UsersExposure {
  /** The collection segment (default `users`), e.g. `profiles`. */
  path?: string;
  /** A `.unique()` public field addressing a profile instead of its id, e.g. `username`. */
  lookup?: string;
  /** Who may read a profile (default `allow.public`: it holds public fields only). */
  access?: Access;
  /** The profile's envelope over the app's, e.g. `envelope.named({ one: 'profile' })`. */
  envelope?: EnvelopeSpec;
}

/** Users as a resource: the app's user fields plus what resources have. */
export interface UsersResourceOptions extends UserFieldsOptions {
  /** To-many relations of a user, e.g. `followers: through('follows', { via: 'following', to: 'follower' })`. */
  relations?: Readonly<Record<string, Relation>>;
  /** Values derived per user, e.g. `following: computed.exists('followers', { where: { follower: computed.me } })`. */
  computed?: Readonly<Record<string, Computed>>;
  /** Serves profiles (read only); left out, users are reachable only through includes. */
  expose?: UsersExposure;
}

/** The users resource: a {@link Resource} over the auth users table that carries the app's user options. */
export class UsersResource extends Resource {
  constructor(readonly userOptions: UsersResourceOptions) {
    const publicNames = new Set(userOptions.public ?? []);
    const fields: Record<string, AnyField> = { name: string({ max: 200 }).optional().filterable() };
    for (const [name, f] of Object.entries(userOptions.fields ?? {})) {
      // Filterable so that relation filters reach them (`author.username`); private fields are not fields here at all.
      if (publicNames.has(name)) fields[name] = f.filterable();
    }
    const expose = userOptions.expose;
    super('users', {
      fields,
      ...(expose?.path ? { path: expose.path } : {}),
      ...(expose?.lookup ? { lookup: expose.lookup } : {}),
      ...(expose?.envelope ? { envelope: expose.envelope } : {}),
      relations: userOptions.relations,
      computed: userOptions.computed,
      operations: expose ? ['read'] : [],
      access: { read: expose?.access ?? allow.public },
      external: true,
    });
  }
}

/**
 * Declares the app's users as a resource: its public fields, relations and computed
 * fields, and optionally served as profiles. Pass it as `createApp({ users })`; other
 * resources then include, filter and relate to users like any resource, and
 * `route.for(users, ...)` binds routes to a profile (follow, unfollow).
 *
 * @example
 * export const users = usersResource({
 *   fields: { username: field.string({ max: 40 }).unique(), bio: field.string({ max: 2000 }).optional() },
 *   public: ['username', 'bio'],
 *   relations: { followers: through('follows', { via: 'following', to: 'follower' }) },
 *   computed: { following: computed.exists('followers', { where: { follower: computed.me } }) },
 *   expose: { path: 'profiles', lookup: 'username', envelope: envelope.named({ one: 'profile' }) },
 * });
 */
export function usersResource(options: UsersResourceOptions): UsersResource {
  return new UsersResource(options);
}

/** The user options of `createApp({ users })`, whichever form they came in. */
export function userOptionsOf(users: UserFieldsOptions | UsersResource | undefined): UserFieldsOptions | undefined {
  return users instanceof UsersResource ? users.userOptions : users;
}
