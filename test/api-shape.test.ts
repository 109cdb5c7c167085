import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, envelope, errorFormat, field, resource, z } from 'rampart';
import { startTestApp, type TestApp } from './support/test-app.js';

/*
 * Issue 17's second check: an app with its own base path, bare envelope and error format,
 * whose OpenAPI document must describe its real answers, errors included.
 */
const items = resource('items', {
  fields: { name: field.string({ min: 1, max: 40 }).filterable(), size: field.integer({ min: 0 }).default(0) },
  owner: 'maker',
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
const errors = errorFormat({
  status: (e) => (e.code === 'RAMPART_VALIDATION' ? 422 : e.status),
  schema: z.object({ error: z.object({ code: z.string(), message: z.string(), fields: z.array(z.string()).optional() }) }),
  name: 'ApiError',
  body: (e) => ({ error: { code: e.code, message: e.detail, ...(e.errors ? { fields: e.errors.map((i) => i.path) } : {}) } }),
});

let t: TestApp;
let token: string;
let doc: { paths: Record<string, Record<string, { responses: Record<string, { $ref?: string; content?: Record<string, { schema: object }> }> }>>; components: { responses: Record<string, { content: Record<string, { schema: object }> }> } & Record<string, unknown> };
const ajv = new Ajv2020({ strict: false });

beforeAll(async () => {
  t = await startTestApp({ resources: [items], api: { basePath: '/v2', envelope: envelope.bare(), builtIn: { auth: '/session' } }, errors });
  const res = await t.app.fastify.inject({ method: 'POST', url: '/v2/session/register', payload: { email: 'al@example.com', password: 'al long passphrase' } });
  token = res.json().data.accessToken;
  doc = (await t.app.fastify.inject({ method: 'GET', url: '/openapi.json' })).json();
  ajv.addSchema({ $id: 'doc', components: doc.components });
});
afterAll(() => t.close());

/** The documented schema of an answer, `$ref`s resolved against the document. */
function documented(path: string, method: string, status: number, contentType: string) {
  let response = doc.paths[path]![method]!.responses[String(status)]!;
  if (response.$ref) response = doc.components.responses[response.$ref.split('/').at(-1)!]!;
  const schema = response.content![contentType]!.schema;
  return ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components', '"doc#/components')));
}

describe('an app with its own path, envelope and error format', () => {
  it('answers as its OpenAPI document says, successes and errors alike', async () => {
    const send = (method: string, url: string, payload?: object, auth = true) =>
      t.app.fastify.inject({ method: method as 'GET', url, headers: auth ? { authorization: `Bearer ${token}` } : {}, ...(payload ? { payload } : {}) });
    const cases: [string, string, string, object | undefined, boolean, number][] = [
      ['post', '/v2/items', '/v2/items', { name: 'cup', size: 2 }, true, 201],
      ['get', '/v2/items', '/v2/items?total=true', undefined, false, 200],
      ['post', '/v2/items', '/v2/items', { size: -1 }, true, 422],
      ['post', '/v2/items', '/v2/items', { name: 'x' }, false, 401],
      ['get', '/v2/items', '/v2/items?colour=red', undefined, false, 400],
      ['get', '/v2/items/{id}', '/v2/items/0190a000-0000-7000-8000-000000000000', undefined, false, 404],
    ];
    for (const [method, path, url, payload, auth, status] of cases) {
      const res = await send(method.toUpperCase(), url, payload, auth);
      expect(res.statusCode, `${method} ${url}`).toBe(status);
      const type = String(res.headers['content-type']).split(';')[0]!;
      const validate = documented(path, method, status, type);
      expect(validate(res.json()), `${method} ${url}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    const created = await send('GET', '/v2/items?name=cup', undefined, false);
    expect(created.json()).toEqual([expect.objectContaining({ name: 'cup', size: 2 })]);
    expect((await send('POST', '/v2/items', { size: -1 })).json()).toEqual({ error: { code: 'RAMPART_VALIDATION', message: expect.any(String), fields: ['body.name', 'body.size'] } });
  });
});
