import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, createApp, field, resource, through } from 'rampart';
import { createTestDatabaseUrl } from '../src/db/test-database-url.js';
import { apiClient } from './support/api-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// "Members of a project may read it and its tasks": the caller appears in a relation.
const leadOrMember = allow.any(allow.owner, allow.related('members'));
const projects = resource('projects', {
  fields: { name: field.string({ max: 60 }) },
  owner: 'lead',
  relations: { members: through('memberships', { via: 'project', to: 'member' }) },
  access: { list: leadOrMember, read: leadOrMember, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
const memberships = resource('memberships', {
  fields: { project: field.reference('projects', { onDelete: 'cascade' }), member: field.reference('users') },
  unique: [['project', 'member']],
  access: { list: allow.public, read: allow.public, create: allow.via('project', allow.owner), update: allow.nobody, delete: allow.via('project', allow.owner) },
});
const tasks = resource('tasks', {
  fields: { title: field.string({ max: 60 }), project: field.reference('projects', { onDelete: 'cascade' }) },
  access: { list: allow.via('project', 'read'), read: allow.via('project', 'read'), create: allow.via('project', allow.owner), update: allow.via('project', allow.owner), delete: allow.via('project', allow.owner) },
});

// Anyone may note on a project they may read: the reference check runs the members rule inside the write.
const notes = resource('notes', {
  fields: { text: field.string({ max: 60 }), project: field.reference('projects', { onDelete: 'cascade' }) },
  access: { list: allow.via('project', 'read'), read: allow.via('project', 'read'), create: allow.authenticated, update: allow.nobody, delete: allow.nobody },
});

let t: TestApp;
let api: ReturnType<typeof apiClient>;
let project: string;
let membership: string;
const titles = async (who: string) => ((await api.call('GET', '/api/v1/tasks', who)).json().data as { title: string }[]).map((x) => x.title);

beforeAll(async () => {
  t = await startTestApp({ resources: [projects, memberships, tasks, notes] });
  api = apiClient(t.app);
  await api.register('lea');
  const mia = await api.register('mia');
  await api.register('out');
  project = (await api.call('POST', '/api/v1/projects', 'lea', { name: 'Apollo' })).json().data.id;
  membership = (await api.call('POST', '/api/v1/memberships', 'lea', { project, member: mia.id })).json().data.id;
  for (const title of ['design', 'build']) expect((await api.call('POST', '/api/v1/tasks', 'lea', { title, project })).statusCode).toBe(201);
});
afterAll(() => t.close());

describe('allow.related: the caller appears in a relation', () => {
  it('lets members read the project and, through allow.via, its tasks; others see nothing', async () => {
    expect((await api.call('GET', `/api/v1/projects/${project}`, 'mia')).statusCode).toBe(200);
    expect((await api.call('GET', '/api/v1/projects', 'mia')).json().data.map((p: { name: string }) => p.name)).toEqual(['Apollo']);
    expect((await titles('mia')).sort()).toEqual(['build', 'design']);
    expect((await titles('lea')).sort()).toEqual(['build', 'design']);
    expect(await titles('out')).toEqual([]);
    expect((await api.call('GET', `/api/v1/projects/${project}`, 'out')).statusCode).toBe(404);
    expect((await api.call('GET', '/api/v1/projects', 'out')).json().data).toEqual([]);
    expect((await api.call('GET', '/api/v1/projects')).statusCode).toBe(401);
  });

  it('lets members point new records at the project, and nobody else', async () => {
    expect((await api.call('POST', '/api/v1/notes', 'mia', { text: 'hi', project })).statusCode).toBe(201);
    const outsider = await api.call('POST', '/api/v1/notes', 'out', { text: 'hi', project });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().errors[0].path).toBe('body.project');
  });

  it('gives members no more than reading, and stops when the membership goes', async () => {
    expect((await api.call('PATCH', `/api/v1/projects/${project}`, 'mia', { name: 'Mine' })).statusCode).toBe(404);
    // allow.via on create decides on the project the body names: members are not its lead.
    expect((await api.call('POST', '/api/v1/tasks', 'mia', { title: 'sneak', project })).statusCode).toBe(403);
    expect(await titles('lea')).not.toContain('sneak');
    const task = (await api.call('GET', '/api/v1/tasks', 'mia')).json().data[0].id as string;
    expect((await api.call('DELETE', `/api/v1/tasks/${task}`, 'mia')).statusCode).toBe(404);
    expect((await api.call('DELETE', `/api/v1/memberships/${membership}`, 'lea')).statusCode).toBe(204);
    expect((await api.call('GET', `/api/v1/projects/${project}`, 'mia')).statusCode).toBe(404);
    expect(await titles('mia')).toEqual([]);
  });
});

describe('allow.related on a relation that reaches no users', () => {
  it('stops a request with an error naming the rule, never allowing', async () => {
    const broken = resource('projects', { ...projects.definition, access: { ...projects.definition.access, read: allow.related('nope') } });
    const database = await createTestDatabaseUrl();
    const app = await createApp({ resources: [broken, memberships, tasks], migrations: { dir: false }, env: { NODE_ENV: 'test', DATABASE_URL: database.url } });
    try {
      const res = await app.fastify.inject({ method: 'GET', url: `/api/v1/projects/00000000-0000-7000-8000-000000000000` });
      expect([401, 404, 500]).toContain(res.statusCode);
      expect(res.statusCode).not.toBe(200);
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
