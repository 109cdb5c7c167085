import type { OpenAPIV3_1 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { signInTarget } from './sign-in-target.js';

const credentials = { type: 'object', properties: { email: { type: 'string' }, password: { type: 'string' } } };
const documentWith = (path: string, schema: unknown, extra: Partial<OpenAPIV3_1.Document> = {}) =>
  ({
    openapi: '3.1.0',
    info: { title: 'x', version: '1' },
    paths: { [path]: { post: { requestBody: { content: { 'application/json': { schema } } }, responses: {} } } },
    components: { schemas: { Login: credentials, Wrapped: { type: 'object', properties: { user: { $ref: '#/components/schemas/Login' } } } } },
    ...extra,
  }) as unknown as OpenAPIV3_1.Document;

describe('signInTarget', () => {
  it('finds the login operation wherever the auth routes are mounted', () => {
    expect(signInTarget(documentWith('/api/v1/auth/login', credentials))).toEqual({ url: '/api/v1/auth/login' });
    expect(signInTarget(documentWith('/auth/login', { $ref: '#/components/schemas/Login' }))).toEqual({ url: '/auth/login' });
    expect(signInTarget(documentWith('/api/account/login', credentials), '/api/account/login')).toEqual({ url: '/api/account/login' });
  });

  it('puts the credentials under the envelope key the body declares', () => {
    expect(signInTarget(documentWith('/api/auth/login', { $ref: '#/components/schemas/Wrapped' }))).toEqual({ url: '/api/auth/login', wrap: 'user' });
  });

  it('prefixes the first server, on this origin only', () => {
    expect(signInTarget(documentWith('/auth/login', credentials, { servers: [{ url: '/v2/' }] }))).toEqual({ url: '/v2/auth/login' });
    expect(signInTarget(documentWith('/auth/login', credentials, { servers: [{ url: 'https://api.example.com/base' }] }))).toEqual({ url: '/base/auth/login' });
  });

  it('offers no form without a login that takes an email and a password', () => {
    expect(signInTarget(documentWith('/api/v1/session', credentials))).toBeUndefined();
    expect(signInTarget(documentWith('/api/v1/auth/login', { type: 'object', properties: { token: { type: 'string' } } }))).toBeUndefined();
    expect(signInTarget(documentWith('/api/v1/auth/login', credentials), '/elsewhere/login')).toBeUndefined();
  });
});
