import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, computed, envelope, field, resource, route, through, usersResource } from 'rampart';
import { apiClient } from './support/api-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// RealWorld's profiles and follows, declared.
const users = usersResource({
  fields: { username: field.string({ min: 1, max: 40 }).unique(), bio: field.string({ max: 500 }).optional(), phone: field.string({ max: 20 }).optional() },
  public: ['username', 'bio'],
  relations: { followers: through('follows', { via: 'following', to: 'follower' }) },
  computed: { following: computed.exists('followers', { where: { follower: computed.me } }) },
  expose: { path: 'profiles', lookup: 'username', envelope: envelope.named({ one: 'profile' }) },
});
const follows = resource('follows', {
  fields: { following: field.reference('users', { onDelete: 'cascade' }) },
  owner: 'follower',
  unique: [['follower', 'following']],
  operations: [],
  access: {},
});
const articles = resource('articles', {
  fields: { title: field.string({ max: 100 }) },
  owner: 'author',
  embed: ['author'],
  filters: { author: 'author.username' },
  cache: { ttl: 60 },
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
const follow = route.for(users, {
  method: 'POST',
  path: '/follow',
  load: 'read',
  access: allow.authenticated,
  errors: ['RAMPART_CONFLICT'],
  handler: async ({ record, user, records, reload }) => {
    await records(follows).create({ following: record!.id }, { owner: user!.id });
    return reload();
  },
});
const unfollow = route.for(users, {
  method: 'DELETE',
  path: '/follow',
  load: 'read',
  access: allow.authenticated,
  handler: async ({ record, user, db, records, reload }) => {
    const found = await db.selectFrom('follows').select('id').where('follower', '=', user!.id).where('following', '=', record!.id as string).executeTakeFirst();
    // Through records(), so the read cache hears of it.
    if (found) await records(follows).remove(String(found.id));
    return reload();
  },
});

let t: TestApp;
let api: ReturnType<typeof apiClient>;
const register = async (name: string) => {
  const res = await t.app.fastify.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { email: `${name}@example.com`, password: `${name} long passphrase`, name, username: name, bio: `I am ${name}`, phone: '555-0100' },
  });
  expect(res.statusCode).toBe(201);
  return res.json().data as { user: { id: string }; accessToken: string };
};
const as = (session: { accessToken: string } | undefined, method: string, url: string, payload?: object) =>
  t.app.fastify.inject({ method: method as 'GET', url, headers: session ? { authorization: `Bearer ${session.accessToken}` } : {}, ...(payload ? { payload } : {}) });
let ann: Awaited<ReturnType<typeof register>>;
let jake: Awaited<ReturnType<typeof register>>;

beforeAll(async () => {
  t = await startTestApp({ resources: [follows, articles], users, routes: [follow, unfollow] });
  api = apiClient(t.app);
  ann = await register('ann');
  jake = await register('jake');
});
afterAll(() => t.close());

describe('users as a resource', () => {
  it('serves public profiles by username, with nothing private', async () => {
    const res = await as(undefined, 'GET', '/api/v1/profiles/jake');
    expect(res.statusCode).toBe(200);
    expect(res.json().profile).toMatchObject({ id: jake.user.id, name: 'jake', username: 'jake', bio: 'I am jake', following: false });
    expect(res.body).not.toMatch(/example\.com|555-0100|phone|role|password/);
    expect((await as(undefined, 'GET', '/api/v1/profiles/nobody')).statusCode).toBe(404);
    // Read only: users are written through the auth routes and service.
    expect((await as(ann, 'POST', '/api/v1/profiles', { username: 'x' })).statusCode).toBe(404);
    expect((await as(ann, 'PATCH', '/api/v1/profiles/ann', { bio: 'x' })).statusCode).toBe(405);
    await expect(t.app.records(users).create({ name: 'x' })).rejects.toThrow(/auth service/);
  });

  it('follows and unfollows through bound routes; following is per caller', async () => {
    const followed = await as(ann, 'POST', '/api/v1/profiles/jake/follow');
    expect(followed.statusCode).toBe(200);
    expect(followed.json().profile).toMatchObject({ username: 'jake', following: true });
    expect((await as(ann, 'POST', '/api/v1/profiles/jake/follow')).statusCode).toBe(409);
    expect((await as(ann, 'GET', '/api/v1/profiles/jake')).json().profile.following).toBe(true);
    expect((await as(jake, 'GET', '/api/v1/profiles/jake')).json().profile.following).toBe(false);
    expect((await as(undefined, 'GET', '/api/v1/profiles/jake')).json().profile.following).toBe(false);
    expect((await as(undefined, 'POST', '/api/v1/profiles/jake/follow')).statusCode).toBe(401);
  });

  it("embeds an author's profile with the caller's following, kept fresh in the cache", async () => {
    const created = await as(jake, 'POST', '/api/v1/articles', { title: 'Dragons' });
    expect(created.json().data.author).toMatchObject({ username: 'jake', bio: 'I am jake', following: false });
    expect(created.body).not.toMatch(/555-0100|example\.com/);
    const id = created.json().data.id as string;
    expect((await as(ann, 'GET', `/api/v1/articles/${id}`)).json().data.author.following).toBe(true);
    expect((await as(undefined, 'GET', `/api/v1/articles/${id}`)).json().data.author.following).toBe(false);
    expect((await as(ann, 'GET', '/api/v1/articles?author=jake')).json().data.map((a: { title: string }) => a.title)).toEqual(['Dragons']);
    expect((await as(ann, 'GET', '/api/v1/articles?author=ann')).json().data).toEqual([]);
    // Unfollowing changes what the cached list says at once.
    expect((await as(ann, 'DELETE', '/api/v1/profiles/jake/follow')).json().profile.following).toBe(false);
    expect((await as(ann, 'GET', '/api/v1/articles?author=jake&limit=7')).json().data[0].author.following).toBe(false);
    expect((await as(ann, 'GET', '/api/v1/articles?author=jake')).json().data[0].author.following).toBe(false);
  });

  it('documents profiles and the embedded author', async () => {
    const doc = (await as(undefined, 'GET', '/openapi.json')).json();
    expect(doc.paths['/api/v1/profiles/{username}'].get).toBeDefined();
    expect(doc.paths['/api/v1/profiles/{username}/follow'].post).toBeDefined();
    expect(doc.paths['/api/v1/profiles']).toBeUndefined();
    const profile = doc.components.schemas.User;
    expect(Object.keys(profile.properties)).toEqual(expect.arrayContaining(['username', 'bio', 'following']));
    expect(Object.keys(profile.properties)).not.toContain('phone');
    expect(doc.components.schemas.Article.properties.author.properties.following.type).toBe('boolean');
    void api;
  });
});
