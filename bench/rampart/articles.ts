/*
 * S7's resources: articles with a relation filter, computed fields over a junction and
 * a capped to-many include, the declared layer issue 16 added (docs/resources.md,
 * "Relations and computed fields", "Relation filters"). Favorites and comments are
 * readable by everyone, as in RealWorld, so a filter through them sees every row and
 * the hand-written baselines need no read rule of their own to match.
 */
import { allow, computed, field, hasMany, resource, through } from 'rampart';

export const articles = resource('articles', {
  fields: { title: field.string({ min: 1, max: 200 }), body: field.string({ max: 5000 }) },
  owner: 'author',
  relations: {
    // bench/baselines/common/articles-query.ts repeats this cap (commentsPerArticle).
    comments: hasMany('comments', { via: 'article', max: 3, sort: '-createdAt' }),
    favoritedBy: through('favorites', { via: 'article', to: 'user' }),
  },
  computed: {
    favoritesCount: computed.count('favoritedBy'),
    favorited: computed.exists('favoritedBy', { where: { user: computed.me } }),
  },
  filters: { favoritedByName: 'favoritedBy.name' },
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});

export const favorites = resource('favorites', {
  fields: { article: field.reference('articles', { onDelete: 'cascade' }) },
  owner: 'user',
  unique: [['user', 'article']],
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.nobody, delete: allow.owner },
});

export const comments = resource('comments', {
  fields: { body: field.string({ min: 1, max: 2000 }), article: field.reference('articles', { onDelete: 'cascade' }) },
  owner: 'author',
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
