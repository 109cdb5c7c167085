import { aggregate, allow, computed, envelope, field, resource, slugOf, through, usersResource, view } from 'rampart';

/** Users with RealWorld's profile fields, served read-only as `/api/profiles/:username`. */
export const users = usersResource({
  fields: {
    username: field.string({ min: 1, max: 40 }).unique(),
    bio: field.string({ max: 2000 }).optional(),
    image: field.string({ max: 2000 }).optional(),
  },
  public: ['username', 'bio', 'image'],
  relations: { followers: through('follows', { via: 'following', to: 'follower' }) },
  computed: { following: computed.exists('followers', { where: { follower: computed.me } }) },
  expose: { path: 'profiles', lookup: 'username', envelope: envelope.named({ one: 'profile' }) },
});

/** Who follows whom: written by the follow routes only; public, as profiles show it. */
export const follows = resource('follows', {
  fields: { following: field.reference('users', { onDelete: 'cascade' }) },
  owner: 'follower',
  unique: [['follower', 'following']],
  operations: [],
  access: { read: allow.public },
});

/** Who favorited which article: written by the favorite routes only; public, as `?favorited=jake` shows it. */
export const favorites = resource('favorites', {
  fields: { article: field.reference('articles', { onDelete: 'cascade' }) },
  owner: 'user',
  unique: [['user', 'article']],
  operations: [],
  access: { read: allow.public },
});

// RealWorld clients, and its API tests, expect an article's tags in alphabetical order.
const sortTags = ({ data }: { data: Record<string, unknown> }) => {
  if (Array.isArray(data.tagList)) data.tagList = [...(data.tagList as string[])].sort();
};

export const articles = resource('articles', {
  fields: {
    slug: field.string({ max: 120 }).unique().derive(slugOf('title')),
    title: field.string({ min: 1, max: 200 }),
    description: field.string({ min: 1, max: 1000 }),
    body: field.string({ min: 1, max: 100_000 }),
    tagList: field.array(field.string({ min: 1, max: 40 }), { max: 20 }).default([]).filterable(),
  },
  owner: 'author',
  lookup: 'slug',
  embed: ['author'],
  defaultSort: '-createdAt',
  put: 'merge',
  statuses: { delete: 200 },
  hooks: { beforeCreate: sortTags, beforeUpdate: sortTags },
  relations: { favoritedBy: through('favorites', { via: 'article', to: 'user' }) },
  computed: {
    favorited: computed.exists('favoritedBy', { where: { user: computed.me } }),
    favoritesCount: computed.count('favoritedBy'),
  },
  filters: { tag: 'tagList', author: 'author.username', favorited: 'favoritedBy.username' },
  views: {
    // GET /api/articles/feed: articles by the authors the caller follows, newest first.
    feed: view({
      access: allow.authenticated,
      dependsOn: ['follows'],
      sort: '-createdAt',
      where: ({ user }) => (eb) =>
        eb('articles.author', 'in', eb.selectFrom('follows').select('follows.following').where('follows.follower', '=', user!.id)),
    }),
  },
  aggregates: { tags: aggregate.distinct('tagList', { route: '/tags', access: allow.public, max: 1000 }) },
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});

export const comments = resource('comments', {
  fields: {
    body: field.string({ min: 1, max: 10_000 }),
    article: field.reference('articles', { onDelete: 'cascade' }),
  },
  owner: 'author',
  parent: 'article',
  embed: ['author'],
  envelope: envelope.named({ count: false }),
  statuses: { create: 200, delete: 200 },
  operations: ['list', 'create', 'delete'],
  access: { list: allow.public, create: allow.authenticated, delete: allow.owner },
});
