import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from 'rampart';
import { startTestApp, type TestApp } from './support/test-app.js';

let withToken: TestApp;
let plain: TestApp;
let token: string;

beforeAll(async () => {
  withToken = await startTestApp({ authSchemes: ['Token'] });
  plain = await startTestApp();
  const res = await withToken.app.fastify.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { email: 'ann@example.com', password: 'a long passphrase' },
  });
  token = res.json().data.accessToken;
});
afterAll(async () => {
  await withToken.close();
  await plain.close();
});

const me = (t: TestApp, authorization: string) => t.app.fastify.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization } });

describe('Authorization schemes', () => {
  it('accepts the declared scheme in any case, beside Bearer, and nothing else', async () => {
    for (const header of [`Token ${token}`, `token ${token}`, `TOKEN  ${token}`, `Bearer ${token}`]) {
      expect((await me(withToken, header)).statusCode, header).toBe(200);
    }
    for (const header of [`Basic ${token}`, `Tokens ${token}`, `Token\t${token}`, `Token ${token} extra`]) {
      expect((await me(withToken, header)).statusCode, header).toBe(401);
    }
  });

  it('is an app-level choice: an app that does not declare it refuses the header', async () => {
    expect((await me(plain, 'Token abc.def.ghi')).statusCode).toBe(401);
    expect((await me(plain, 'Token abc.def.ghi')).json().code).toBe('RAMPART_UNAUTHENTICATED');
  });

  it('documents the scheme as an API key in the Authorization header, wherever bearer is', async () => {
    const doc = (await withToken.app.fastify.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.components.securitySchemes.tokenAuth).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
    expect(doc.paths['/api/v1/auth/me'].get.security).toEqual([{ bearerAuth: [] }, { tokenAuth: [] }]);
    const plainDoc = (await plain.app.fastify.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(plainDoc.components.securitySchemes.tokenAuth).toBeUndefined();
  });

  it('refuses a scheme name that is not an HTTP token', async () => {
    await expect(createApp({ authSchemes: ['To ken'], env: { NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:' } })).rejects.toThrow(
      'authSchemes: "To ken" is not an HTTP auth scheme name',
    );
  });
});
