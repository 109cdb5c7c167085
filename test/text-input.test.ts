import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, resource } from 'rampart';
import { startAuthApp, type AuthApp } from './support/auth-app.js';
import { everyone, startTestApp, type TestApp } from './support/test-app.js';

/*
 * U+0000 cannot be stored by PostgreSQL (text or jsonb) while SQLite takes it; input
 * holding it is refused with a 400 on both, so the two databases answer alike and a
 * NUL never reaches SQL as a 500.
 */

const notes = resource('notes', {
  fields: { title: field.string().filterable(), meta: field.json().optional() },
  access: everyone,
});

let t: TestApp;
let auth: AuthApp;
beforeAll(async () => {
  t = await startTestApp({ resources: [notes] });
  auth = await startAuthApp();
});
afterAll(async () => {
  await t.close();
  await auth.close();
});

const nul = 'a\u0000b';

describe('the NUL character', () => {
  it('is refused in string and JSON fields with a 400 naming the field, and nothing is stored', async () => {
    for (const [payload, path] of [
      [{ title: nul }, 'body.title'],
      [{ title: 'ok', meta: { note: nul } }, 'body.meta'],
      [{ title: 'ok', meta: { [nul]: 1 } }, 'body.meta'],
    ] as const) {
      const res = await t.app.fastify.inject({ method: 'POST', url: '/api/v1/notes', payload });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'RAMPART_VALIDATION', errors: [{ path, message: expect.stringContaining('NUL') }] });
    }
    const list = await t.app.fastify.inject({ method: 'GET', url: '/api/v1/notes?total=true' });
    expect(list.json().pagination.total).toBe(0);
  });

  it('is refused in filter values with a 400 naming the parameter', async () => {
    const res = await t.app.fastify.inject({ method: 'GET', url: '/api/v1/notes?title=a%00b' });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('title');
  });

  it('is refused in a new user name, and an email holding it simply matches no one', async () => {
    const register = await auth.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'ann@example.com', password: 'a long enough passphrase', name: nul },
    });
    expect(register.statusCode).toBe(400);
    expect(register.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'body.name' })]));
    const login = await auth.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: `ann${nul}@example.com`, password: 'a long enough passphrase' },
    });
    expect([400, 401]).toContain(login.statusCode);
  });
});
