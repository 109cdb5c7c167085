import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, field, resource } from 'rampart';
import { apiClient } from './support/api-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// The projects app: leads own projects; a task is the lead's to delete, and readable by
// the lead and its assignee; a comment is readable by whoever may read its task.
const projects = resource('projects', {
  fields: { name: field.string({ max: 50 }) },
  owner: 'lead',
  access: { list: allow.owner, read: allow.owner, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
const leadOrAssignee = allow.any(allow.via('project', allow.owner), allow.where('assignee', allow.me));
const tasks = resource('tasks', {
  fields: {
    title: field.string({ max: 50 }).sortable(),
    project: field.reference('projects', { onDelete: 'cascade' }),
    assignee: field.reference('users').optional(),
  },
  defaultSort: 'title',
  access: {
    list: leadOrAssignee,
    read: leadOrAssignee,
    create: allow.authenticated,
    update: leadOrAssignee,
    delete: allow.via('project', allow.owner),
  },
});
const notes = resource('notes', {
  fields: { body: field.string({ max: 50 }).sortable(), task: field.reference('tasks', { onDelete: 'cascade' }) },
  defaultSort: 'body',
  access: { list: allow.via('task', 'read'), read: allow.via('task', 'read'), create: allow.authenticated, update: allow.nobody, delete: allow.nobody },
});

let t: TestApp;
let api: ReturnType<typeof apiClient>;
const ids: Record<string, string> = {};
const titles = async (url: string, who?: string) => {
  const res = await api.call('GET', url, who);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data.map((r: { title?: string; body?: string }) => r.title ?? r.body);
};

beforeAll(async () => {
  t = await startTestApp({ resources: [projects, tasks, notes] });
  api = apiClient(t.app);
  for (const name of ['lead', 'ava', 'eve']) await api.register(name);
  ids.apollo = (await api.call('POST', '/api/v1/projects', 'lead', { name: 'apollo' })).json().data.id;
  // Written by server code: creating tasks in another's project is not what is tested here.
  const store = t.app.records(tasks);
  ids.plan = (await store.create({ title: 'plan', project: ids.apollo, assignee: api.user('ava').id })).id as string;
  ids.build = (await store.create({ title: 'build', project: ids.apollo })).id as string;
  await t.app.records(notes).create({ body: 'on plan', task: ids.plan });
  ids.onBuild = (await t.app.records(notes).create({ body: 'on build', task: ids.build })).id as string;
});
afterAll(() => t.close());

describe('rules that follow references', () => {
  it("lists each caller's tasks: the lead's project's, the assignee's own, nobody else's", async () => {
    expect(await titles('/api/v1/tasks', 'lead')).toEqual(['build', 'plan']);
    expect(await titles('/api/v1/tasks', 'ava')).toEqual(['plan']);
    expect(await titles('/api/v1/tasks', 'eve')).toEqual([]);
    expect((await api.call('GET', '/api/v1/tasks?total=true', 'ava')).json().pagination.total).toBe(1);
  });

  it('decides single records the same way', async () => {
    expect((await api.call('GET', `/api/v1/tasks/${ids.plan}`, 'ava')).statusCode).toBe(200);
    expect((await api.call('GET', `/api/v1/tasks/${ids.build}`, 'ava')).statusCode).toBe(404);
    expect((await api.call('GET', `/api/v1/tasks/${ids.plan}`, 'eve')).statusCode).toBe(404);
    expect((await api.call('PATCH', `/api/v1/tasks/${ids.plan}`, 'ava', { title: 'plan' })).statusCode).toBe(200);
  });

  it("lets only the project's lead delete its tasks", async () => {
    expect((await api.call('DELETE', `/api/v1/tasks/${ids.plan}`, 'ava')).statusCode).toBe(404);
    expect((await api.call('DELETE', `/api/v1/tasks/${ids.plan}`, 'eve')).statusCode).toBe(404);
    const spare = (await t.app.records(tasks).create({ title: 'spare', project: ids.apollo })).id as string;
    expect((await api.call('DELETE', `/api/v1/tasks/${spare}`, 'lead')).statusCode).toBe(204);
  });

  it("follows a rule through another resource's own rule (notes readable with their task)", async () => {
    expect(await titles('/api/v1/notes', 'lead')).toEqual(['on build', 'on plan']);
    expect(await titles('/api/v1/notes', 'ava')).toEqual(['on plan']);
    expect(await titles('/api/v1/notes', 'eve')).toEqual([]);
    expect((await api.call('GET', `/api/v1/notes/${ids.onBuild}`, 'ava')).statusCode).toBe(404);
    expect((await api.call('GET', `/api/v1/notes/${ids.onBuild}`, 'lead')).statusCode).toBe(200);
    expect((await api.call('GET', '/api/v1/notes')).statusCode).toBe(401);
  });
});
