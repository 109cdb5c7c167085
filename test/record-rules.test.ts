import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, createApp, field, resource, type RampartApp } from 'rampart';
import { LogCapture } from './support/log-capture.js';

const notes = resource('notes', {
  fields: { text: field.string({ max: 200 }), shared: field.boolean().default(false) },
  owner: 'author',
  access: {
    list: allow.owner,
    // A custom function also decides per stored record: shared notes are readable by all.
    read: (ctx) => ctx.user !== null && (!ctx.record || ctx.record.shared === true || ctx.record.author === ctx.user.id),
    create: allow.authenticated,
    update: allow.owner,
    delete: allow.owner,
  },
});
const comments = resource('comments', {
  fields: { note: field.reference('notes', { onDelete: 'cascade' }), text: field.string({ max: 200 }) },
  owner: 'author',
  access: { list: allow.owner, read: allow.owner, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});

const dir = mkdtempSync(join(tmpdir(), 'rampart-rules-'));
let app: RampartApp;
let ann: string;
let ben: string;
let privateNote: string;
let sharedNote: string;

const call = (method: string, url: string, token: string, payload?: object) =>
  app.fastify.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  app = await createApp({
    resources: [notes, comments],
    migrations: { dir: false },
    logStream: new LogCapture(),
    env: { NODE_ENV: 'test', DATABASE_URL: `sqlite:${join(dir, 'app.db')}` },
  });
  const register = async (email: string) =>
    (await app.fastify.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password: `${email} passphrase` } })).json().data
      .accessToken as string;
  ann = await register('ann@example.com');
  ben = await register('ben@example.com');
  privateNote = (await call('POST', '/api/v1/notes', ann, { text: 'private' })).json().data.id;
  sharedNote = (await call('POST', '/api/v1/notes', ann, { text: 'shared', shared: true })).json().data.id;
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('custom rules see the stored record', () => {
  it("keeps Ann's private note from Ben, and shows him the shared one", async () => {
    expect((await call('GET', `/api/v1/notes/${privateNote}`, ben)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/notes/${sharedNote}`, ben)).statusCode).toBe(200);
    expect((await call('GET', `/api/v1/notes/${privateNote}`, ann)).statusCode).toBe(200);
  });
});

describe('references to records the caller may not read', () => {
  it("answers Ben's comment on Ann's private note exactly like one on a missing note", async () => {
    const foreign = await call('POST', '/api/v1/comments', ben, { note: privateNote, text: 'hi' });
    const missing = await call('POST', '/api/v1/comments', ben, { note: '0190a0d0-0000-7000-8000-000000000000', text: 'hi' });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors).toEqual(missing.json().errors);
  });

  it("lets Ann comment on her own note", async () => {
    expect((await call('POST', '/api/v1/comments', ann, { note: privateNote, text: 'mine' })).statusCode).toBe(201);
  });
});

describe('includes of records the caller may not read', () => {
  it('leaves a note that stopped being shared as a bare id in Ben\'s includes', async () => {
    const note = (await call('POST', '/api/v1/notes', ann, { text: 'briefly shared', shared: true })).json().data.id;
    const comment = await call('POST', '/api/v1/comments', ben, { note, text: 'nice' });
    expect(comment.statusCode).toBe(201);
    const before = await call('GET', `/api/v1/comments/${comment.json().data.id}?include=note`, ben);
    expect(before.json().data.note.text).toBe('briefly shared');
    expect((await call('PATCH', `/api/v1/notes/${note}`, ann, { shared: false })).statusCode).toBe(200);
    const after = await call('GET', `/api/v1/comments/${comment.json().data.id}?include=note`, ben);
    expect(after.json().data.note).toBe(note);
    const listed = await call('GET', '/api/v1/comments?include=note', ben);
    expect(listed.json().data.map((c: { note: unknown }) => c.note)).toEqual([note]);
  });
});

describe('definitions', () => {
  it('refuses a hand-made record rule without a row filter on list', async () => {
    const sneaky = { name: 'sneaky', check: () => true, checkRecord: () => false };
    const leaky = resource('leaks', { fields: { x: field.integer() }, access: { list: sneaky, read: sneaky, create: allow.nobody, update: allow.nobody, delete: allow.nobody } });
    const error = await createApp({ resources: [leaky], migrations: { dir: false }, env: { NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' } }).catch((e: unknown) => e);
    expect(String(error)).toContain('leaks.list');
  });
});
