import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, createJobs, defineApp, field, resource, verify, webhook, z } from 'rampart';
import { sampleRecord, standardWebhookHeaders, testApp, type TestApp } from 'rampart/testing';
import { testDialect, testPostgresUrl } from '../src/db/test-database-url.js';

// rampart/testing as an app author uses it: the app's own definition, its real rules.
const notes = resource('notes', {
  fields: { title: field.string({ min: 1, max: 80 }), done: field.boolean().default(false) },
  owner: 'author',
  access: { list: allow.owner, read: allow.owner, create: allow.authenticated, update: allow.owner, delete: allow.role('admin') },
});
const app = defineApp({ resources: [notes], users: { fields: { handle: field.string({ max: 20 }).optional() } } });
const database = testDialect() === 'postgres' ? testPostgresUrl : 'sqlite';

let t: TestApp;
beforeAll(async () => {
  t = await testApp(app, { database });
});
afterAll(() => t?.close());

describe('rampart/testing', () => {
  it('makes signed-in users whose requests go through the rules', async () => {
    const ann = await t.user({ name: 'Ann', fields: { handle: 'ann' } });
    const ben = await t.user();
    expect(ann).toMatchObject({ name: 'Ann', role: 'user', handle: 'ann' });
    expect(ann.email).not.toBe(ben.email);

    const created = await t.post('/api/v1/notes', { title: 'Milk' }, { as: ann });
    expect(created.statusCode).toBe(201);
    const id = created.json().data.id;
    expect(created.json().data.author).toBe(ann.id);

    expect((await t.get(`/api/v1/notes/${id}`, { as: ann })).statusCode).toBe(200);
    expect((await t.get(`/api/v1/notes/${id}`, { as: ben })).statusCode).toBe(404);
    expect((await t.get(`/api/v1/notes/${id}`)).statusCode).toBe(401);
    expect((await t.patch(`/api/v1/notes/${id}`, { done: true }, { as: ben })).statusCode).toBe(404);
    expect((await t.delete(`/api/v1/notes/${id}`, { as: ann })).statusCode).toBe(403);

    const admin = await t.admin();
    expect(admin.role).toBe('admin');
    expect((await t.delete(`/api/v1/notes/${id}`, { as: admin })).statusCode).toBe(204);
  });

  it('sends bad input to the validation the app declares', async () => {
    const ann = await t.user();
    const res = await t.post('/api/v1/notes', { title: '' }, { as: ann });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(res.json())).toContain('title');
  });

  it('users sign in with the password they were made with', async () => {
    const made = await t.user({ email: 'Cy@Example.com' });
    const login = await t.post('/api/v1/auth/login', { email: 'cy@example.com', password: made.password });
    expect(login.statusCode).toBe(200);
    expect(login.json().data.user.id).toBe(made.id);
    const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', as: made });
    expect(me.json().data.email).toBe('cy@example.com');
  });

  it('refuses roles the app does not declare, and weak passwords, as the app would', async () => {
    // The error names the field and why, not only "the user is not valid".
    await expect(t.user({ role: 'superuser' })).rejects.toThrow(/role: .*admin/);
    await expect(t.user({ password: 'password' })).rejects.toThrow(/password: /);
    await expect(t.user({ fields: { handle: 'x'.repeat(21) } })).rejects.toThrow(/handle: /);
  });

  it('gives every test app a database of its own and throws it away on close', async () => {
    const other = await testApp(app, { database });
    const mine = await t.user();
    expect(await other.app.users.findUserByEmail(mine.email)).toBeNull();
    expect(await t.app.users.findUserByEmail(mine.email)).not.toBeNull();
    const url = other.databaseUrl;
    expect(url).not.toBe(t.databaseUrl);
    await other.close();
    if (url.startsWith('sqlite:')) expect(existsSync(url.slice('sqlite:'.length))).toBe(false);
  });

  it('names a database option it cannot use', async () => {
    await expect(testApp(app, { database: 'mysql://localhost/app' })).rejects.toThrow(/'sqlite' or a postgres:\/\/ URL/);
  });
});

// sampleRecord, refs, url, waitForJob and webhookUrl over every field kind, as the
// generated tests use them.
const projects = resource('projects', {
  fields: { name: field.string({ max: 200 }).unique(), budget: field.decimal({ min: '0', max: '5' }).optional() },
  owner: 'owner',
  access: { list: allow.owner, read: allow.owner, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
const tasks = resource('tasks', {
  fields: {
    title: field.string({ min: 12, max: 14 }),
    body: field.string({ max: 10_000 }).optional(),
    done: field.boolean().default(false),
    points: field.integer({ min: 3, max: 100 }),
    ratio: field.number({ max: 0.25 }).optional(),
    status: field.enum(['todo', 'doing']),
    due: field.timestamp(),
    meta: field.json(),
    tags: field.array(field.string({ max: 100 })),
    sizes: field.array(field.integer()).optional(),
    project: field.reference('projects'),
    assignee: field.reference('users').optional(),
    contact: field.string({ max: 200, format: 'email' }).optional(),
  },
  owner: 'owner',
  access: { list: allow.owner, read: allow.owner, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
const coded = resource('coded', {
  fields: { code: field.string({ pattern: /^[A-Z]{3}$/ }) },
  access: { list: allow.public, read: allow.public, create: allow.public, update: allow.public, delete: allow.public },
});
let release = () => {};
const digests = createJobs()
  .define('send-digest', {
    payload: z.object({ userId: z.string() }),
    handler: async () => {},
  })
  .define('slow', {
    payload: z.object({}),
    handler: () => new Promise<void>((resolve) => (release = resolve)),
  });
const payments = webhook('payments', {
  verify: verify.standard({ env: 'PAYMENTS_WEBHOOK_SECRET' }),
  events: { 'invoice.paid': z.looseObject({ data: z.looseObject({}) }) },
  handler: async () => {},
});
const kinds = defineApp({ resources: [projects, tasks, coded], jobs: digests, webhooks: [payments] });

describe('rampart/testing: sample records, references, jobs and webhooks', () => {
  const secret = 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0';
  let k: TestApp;
  beforeAll(async () => {
    k = await testApp(kinds, { database, env: { PAYMENTS_WEBHOOK_SECRET: secret } });
  });
  afterAll(() => k?.close());

  it('fills every field kind with values the API accepts, within each bound, with references made for it', async () => {
    const ann = await k.user();
    const refs = await k.refs(tasks, ann);
    expect(Object.keys(refs).sort()).toEqual(['assignee', 'project']);
    expect(refs.assignee).toBe(ann.id);
    // The project was made for the task, owned by the user.
    const project = await k.get(k.url(projects, refs.project), { as: ann });
    expect(project.statusCode, project.body).toBe(200);

    const required = sampleRecord(tasks, { refs });
    expect(Object.keys(required).sort()).toEqual(['assignee', 'due', 'meta', 'points', 'project', 'status', 'tags', 'title']);
    const all = sampleRecord(tasks, { refs, all: true });
    expect(Object.keys(all)).toEqual(expect.arrayContaining(['body', 'done', 'ratio', 'sizes', 'contact']));
    expect(all).not.toHaveProperty('owner');
    expect((all.title as string).length).toBeGreaterThanOrEqual(12);
    expect((all.title as string).length).toBeLessThanOrEqual(14);
    expect(all.points as number).toBeGreaterThanOrEqual(3);
    expect(all.ratio as number).toBeLessThanOrEqual(0.25);
    expect(all.contact).toMatch(/^contact\d+@example\.com$/);

    for (const body of [required, all]) {
      const created = await k.post(k.url(tasks), body, { as: ann });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().data.owner).toBe(ann.id);
    }
    // Unique fields differ from call to call.
    for (let i = 0; i < 3; i++) expect((await k.post(k.url(projects), sampleRecord(projects, { all: true }), { as: ann })).statusCode).toBe(201);
    expect(k.url(tasks, 'a/b')).toBe('/api/v1/tasks/a%2Fb');
  });

  it('names what it cannot fill: a required reference without its id, a pattern', () => {
    expect(() => sampleRecord(tasks)).toThrow(/tasks\.project references projects; pass its id in refs\.project/);
    expect(() => sampleRecord(coded)).toThrow(/code has a pattern/);
  });

  it('waits for a job to finish, and gives up after its timeout', async () => {
    const job = await k.app.jobs.enqueue('send-digest', { userId: 'u1' });
    const finished = await k.waitForJob(String(job.id));
    expect(finished.status).toBe('done');
    expect(finished.attempts).toBe(1);
    const missing = randomUUID();
    await expect(k.waitForJob(missing, 200)).rejects.toThrow(new RegExp(`waitForJob ${missing}: 404`));
    const slow = await k.app.jobs.enqueue('slow', {});
    await expect(k.waitForJob(String(slow.id), 300)).rejects.toThrow(/still (queued|running) after 300 ms/);
    release();
    expect((await k.waitForJob(String(slow.id))).status).toBe('done');
  });

  it('signs webhook bodies as a Standard Webhooks sender, at the webhook\'s URL', async () => {
    expect(k.webhookUrl(payments)).toBe('/api/v1/webhooks/payments');
    const body = JSON.stringify({ type: 'invoice.paid', timestamp: new Date().toISOString(), data: { id: 1 } });
    const signed = standardWebhookHeaders(secret, body, { id: 'msg_7' });
    expect(signed).toMatchObject({ 'webhook-id': 'msg_7', 'webhook-signature': expect.stringMatching(/^v1,/) });
    const headers = { ...signed, 'content-type': 'application/json' };
    const first = await k.request({ method: 'POST', url: k.webhookUrl(payments), headers, body });
    expect(first.statusCode, first.body).toBeLessThan(300);
    const forged = { ...standardWebhookHeaders('whsec_b3RoZXItb3RoZXItb3RoZXItb3RoZXItb3RoZXI=', body), 'content-type': 'application/json' };
    expect((await k.request({ method: 'POST', url: k.webhookUrl(payments), headers: forged, body })).statusCode).toBeGreaterThanOrEqual(400);
  });
});
