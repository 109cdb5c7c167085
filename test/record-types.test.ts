import { describe, expectTypeOf, it } from 'vitest';
import { allow, computed, field, resource, through, type RecordOf } from 'rampart';

// Types only: `npm test` typechecks this file, so a wrong inference fails the suite.
const _articles = resource('articles', {
  fields: { title: field.string({ max: 100 }), subtitle: field.string().optional(), tagList: field.array(field.string({ max: 20 })).default([]) },
  owner: 'author',
  relations: { favoritedBy: through('favorites', { via: 'article', to: 'user' }) },
  computed: {
    favoritesCount: computed.count('favoritedBy'),
    favorited: computed.exists('favoritedBy', { where: { user: computed.me } }),
  },
  access: { list: allow.public, read: allow.public },
});
const _plain = resource('notes', { fields: { text: field.string() }, access: { read: allow.public } });

describe('record types', () => {
  it('infer fields and computed fields', () => {
    type Article = RecordOf<typeof _articles>;
    expectTypeOf<Article['favoritesCount']>().toEqualTypeOf<number>();
    expectTypeOf<Article['favorited']>().toEqualTypeOf<boolean>();
    expectTypeOf<Article['title']>().toEqualTypeOf<string>();
    expectTypeOf<Article['subtitle']>().toEqualTypeOf<string | null>();
    expectTypeOf<Article['tagList']>().toEqualTypeOf<string[]>();
    expectTypeOf<Article['id']>().toEqualTypeOf<string>();
    expectTypeOf<RecordOf<typeof _plain>>().toHaveProperty('text');
    expectTypeOf<RecordOf<typeof _plain>>().not.toHaveProperty('favorited');
  });
});
