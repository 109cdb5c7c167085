import { allow, route, type AnyResource } from 'rampart';
import { articles, favorites, follows, users } from './resources.js';

/**
 * A route that adds or removes the caller's row in a junction (a favorite, a follow)
 * for the record the path names, answering with that record as it now is: `favorited`
 * or `following` true or false, counts updated. Adding twice or removing what is not
 * there changes nothing, as RealWorld clients expect.
 */
function toggle(target: AnyResource, method: 'POST' | 'DELETE', path: string, junction: AnyResource, fields: { mine: string; other: string }) {
  return route.for(target, {
    method,
    path,
    load: 'read',
    access: allow.authenticated,
    // RealWorld's favorite and follow carry no body; the handler reads only the path and the caller.
    ...(method === 'POST' ? { audit: { waive: { RA003: 'takes no body: the handler reads only the record the path names and the caller' } } } : {}),
    handler: async ({ record, user, db, records, reload }) => {
      const found = await db
        .selectFrom(junction.table)
        .select('id')
        .where(fields.mine, '=', user!.id)
        .where(fields.other, '=', record!.id as string)
        .executeTakeFirst();
      // Through records(), so the read cache hears of it.
      if (method === 'POST' && !found) await records(junction).create({ [fields.other]: record!.id }, { owner: user!.id });
      if (method === 'DELETE' && found) await records(junction).remove(String(found.id));
      return reload();
    },
  });
}

export const favorite = toggle(articles, 'POST', '/favorite', favorites, { mine: 'user', other: 'article' });
export const unfavorite = toggle(articles, 'DELETE', '/favorite', favorites, { mine: 'user', other: 'article' });
export const follow = toggle(users, 'POST', '/follow', follows, { mine: 'follower', other: 'following' });
export const unfollow = toggle(users, 'DELETE', '/follow', follows, { mine: 'follower', other: 'following' });
