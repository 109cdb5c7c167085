import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, field, resource } from 'rampart';
import { startTestApp, type TestApp } from './support/test-app.js';

// An owner, and a plain reference to users: both embed the user's public profile.
const tasks = resource('tasks', {
  fields: { title: field.string({ max: 100 }), reviewer: field.reference('users').optional() },
  owner: 'creator',
  cache: { ttl: 60 },
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});

let t: TestApp;
const users: Record<string, { id: string; token: string }> = {};

beforeAll(async () => {
  t = await startTestApp({ resources: [tasks] });
  for (const [email, name] of [
    ['ann@example.com', 'Ann'],
    ['ben@example.com', null],
  ] as const) {
    const res = await t.app.fastify.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email, password: `${email} long passphrase`, ...(name ? { name } : {}) },
    });
    const data = res.json().data;
    users[email] = { id: data.user.id, token: data.accessToken };
  }
  const ann = users['ann@example.com']!;
  for (const title of ['one', 'two', 'three']) {
    const res = await t.app.fastify.inject({
      method: 'POST',
      url: '/api/v1/tasks',
      headers: { authorization: `Bearer ${ann.token}` },
      payload: { title, reviewer: users['ben@example.com']!.id },
    });
    expect(res.statusCode).toBe(201);
  }
});
afterAll(() => t.close());

const get = (url: string) => t.app.fastify.inject({ method: 'GET', url });

describe('?include= of a reference to users', () => {
  it("embeds the owner's public profile (id and name only) in lists and single reads", async () => {
    const ann = users['ann@example.com']!;
    const list = await get('/api/v1/tasks?include=creator,reviewer');
    expect(list.statusCode).toBe(200);
    const rows = list.json().data as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.creator).toEqual({ id: ann.id, name: 'Ann' });
      expect(row.reviewer).toEqual({ id: users['ben@example.com']!.id, name: null });
    }
    const one = await get(`/api/v1/tasks/${rows[0]!.id as string}?include=creator`);
    expect(one.json().data.creator).toEqual({ id: ann.id, name: 'Ann' });
    // Nothing private of the user leaves through someone else's record.
    expect(list.body).not.toMatch(/example\.com|passwordHash|password_hash|"role"/);
  });

  it('leaves the id when the include is not asked for, and keeps it cached apart', async () => {
    const plain = await get('/api/v1/tasks');
    expect(typeof plain.json().data[0].creator).toBe('string');
    const embedded = await get('/api/v1/tasks?include=creator');
    expect(typeof embedded.json().data[0].creator).toBe('object');
  });

  it('documents the embedded profile in OpenAPI', async () => {
    const doc = (await get('/openapi.json')).json();
    const text = JSON.stringify(doc);
    expect(text).toContain("A user's public profile");
  });
});
