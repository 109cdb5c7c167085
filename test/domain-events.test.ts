import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, allow, createApp, field, resource, route, z } from 'rampart';
import { adminEmail, adminPassword, bearer, startAuthApp, type AuthApp } from './support/auth-app.js';

/*
 * Domain events: declared per resource, emitted by hooks and routes into the outbound
 * webhook outbox inside the write's transaction; update events carry the changed
 * fields' previous values; endpoints may subscribe only to what something emits. No
 * worker runs: the deliveries are read from the outbox.
 */
const tasks = resource('tasks', {
  fields: { title: field.string({ max: 50 }), done: field.boolean().default(false) },
  events: { completed: z.object({ title: z.string() }) },
  access: { list: allow.public, read: allow.public, create: allow.public, update: allow.public, delete: allow.public },
  hooks: {
    afterUpdate: async ({ previous, record, events }) => {
      if (!previous.done && record.done) await events.emit('tasks.completed', { title: record.title }, { record: String(record.id) });
      if (record.title === 'roll back') throw new AppError('RAMPART_CONFLICT', 'refused after the event was emitted');
    },
  },
});
const announce = route({
  method: 'POST',
  path: '/api/v1/tasks-announce',
  access: allow.public,
  body: z.strictObject({ title: z.string() }),
  handler: async ({ body, events }) => {
    await events.emit('tasks.completed', { title: body.title });
    return { ok: true };
  },
});

let t: AuthApp;
let admin: Record<string, string>;

const deliveries = async () =>
  (await t.app.database.db.selectFrom('rampart_webhook_deliveries').select(['payload', 'event_type']).execute()).map((row) => ({
    type: String(row.event_type),
    ...(JSON.parse(String(row.payload)) as { sequence?: number; data: Record<string, unknown>; previous?: Record<string, unknown> }),
  }));

beforeAll(async () => {
  t = await startAuthApp({ JOBS_WORKER: 'false' }, { resources: [tasks], routes: [announce] });
  const login = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: adminEmail, password: adminPassword } });
  admin = bearer(login.json().data.accessToken);
  const endpoint = await t.inject({
    method: 'POST',
    url: '/api/v1/admin/webhook-endpoints',
    headers: admin,
    payload: { url: 'https://hooks.example.com/in', eventTypes: ['tasks.completed', 'tasks.updated'] },
  });
  expect(endpoint.statusCode, endpoint.body).toBe(201);
});
afterAll(() => t.close());

describe('domain events', () => {
  it('emits from a hook in the write transaction, with the record sequence; updates carry previous values', async () => {
    const id = (await t.inject({ method: 'POST', url: '/api/v1/tasks', payload: { title: 'ship' } })).json().data.id;
    await t.inject({ method: 'PATCH', url: `/api/v1/tasks/${id}`, payload: { done: true } });
    const events = await deliveries();
    const updated = events.find((e) => e.type === 'tasks.updated');
    const completed = events.find((e) => e.type === 'tasks.completed');
    // One sequence per record across both: the hook's event is taken before the change's
    // own, which is recorded once the hooks are done.
    expect(completed).toMatchObject({ sequence: 1, data: { title: 'ship' } });
    expect(updated).toMatchObject({ sequence: 2, data: { id, done: true } });
    expect(updated?.previous).toEqual({ done: false });
  });

  it('writes nothing when the write rolls back', async () => {
    const before = (await deliveries()).length;
    const id = (await t.inject({ method: 'POST', url: '/api/v1/tasks', payload: { title: 'roll back' } })).json().data.id;
    const refused = await t.inject({ method: 'PATCH', url: `/api/v1/tasks/${id}`, payload: { done: true } });
    expect(refused.statusCode).toBe(409);
    expect((await deliveries()).length).toBe(before);
  });

  it('emits from routes and server code, refusing undeclared types and bad data', async () => {
    expect((await t.inject({ method: 'POST', url: '/api/v1/tasks-announce', payload: { title: 'hello' } })).statusCode).toBe(200);
    const announced = (await deliveries()).filter((e) => e.type === 'tasks.completed' && e.data.title === 'hello');
    expect(announced).toHaveLength(1);
    expect(announced[0]?.sequence).toBeUndefined();
    await expect(t.app.events.emit('tasks.archived', {})).rejects.toThrow('no resource declares the event "tasks.archived"');
    await expect(t.app.events.emit('tasks.completed', { title: 3 })).rejects.toThrow('tasks.completed: the data does not match');
  });

  it('refuses endpoints subscribing to what nothing emits', async () => {
    const res = await t.inject({
      method: 'POST',
      url: '/api/v1/admin/webhook-endpoints',
      headers: admin,
      payload: { url: 'https://hooks.example.com/in', eventTypes: ['tasks.*', 'tasks.archived', 'markets.created'] },
    });
    expect(res.statusCode).toBe(400);
    const messages = res.json().errors.map((e: { path: string; message: string }) => `${e.path}: ${e.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^body\.eventTypes\.1: nothing emits tasks\.archived; event types are tasks\.created, tasks\.updated, tasks\.deleted, tasks\.completed/),
      expect.stringMatching(/^body\.eventTypes\.2: nothing emits markets\.created/),
    ]);
  });

  it('refuses bad declarations at startup', async () => {
    const bad = resource('jobs-done', {
      fields: { title: field.string() },
      events: { created: z.object({}), 'Bad name': z.object({}) },
      access: { list: allow.public },
    });
    const error = await createApp({ resources: [bad], env: { NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:' } }).catch((e: Error) => e);
    expect(String(error)).toContain('jobs-done.events.created: jobs-done.created is emitted by Rampart itself');
    expect(String(error)).toContain('jobs-done.events.Bad name: an event name is a camelCase or kebab-case word');
  });
});
