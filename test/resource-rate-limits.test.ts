import { allow, createApp, field, resource, type RampartApp } from 'rampart';
import { afterEach, describe, expect, it } from 'vitest';
import { LogCapture } from './support/log-capture.js';
import { freePort } from './support/processes.js';

const fields = { title: field.string({ min: 1, max: 100 }) };
const everyone = { list: allow.public, read: allow.public, create: allow.public, update: allow.public, delete: allow.public };

const apps: RampartApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function appWith(rateLimit: Parameters<typeof resource>[1]['rateLimit'], env: Record<string, string> = {}) {
  const notes = resource('notes', { fields, access: everyone, rateLimit });
  const app = await createApp({
    resources: [notes],
    migrations: { dir: false },
    logStream: new LogCapture(),
    env: { NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:', JWT_SECRET: 'test-secret-0123456789-0123456789-abcdef', ...env },
  });
  apps.push(app);
  const send = (method: 'GET' | 'POST', url = '/api/v1/notes') =>
    app.fastify.inject({ method, url, remoteAddress: '10.7.0.1', ...(method === 'POST' ? { payload: { title: 'x' } } : {}) });
  return { app, send };
}

describe('resource({ rateLimit })', () => {
  it('gives one operation a budget of its own, leaving the others on the global one', async () => {
    const { send } = await appWith({ create: { max: 2, timeWindow: '1 minute' } });
    const creates = [await send('POST'), await send('POST'), await send('POST')];
    expect(creates.map((r) => r.statusCode)).toEqual([201, 201, 429]);
    expect(creates[0]!.headers['ratelimit-limit']).toBe('2');
    expect(creates[2]!.json()).toMatchObject({ code: 'RAMPART_RATE_LIMITED' });
    expect(Number(creates[2]!.headers['retry-after'])).toBeGreaterThan(0);
    const list = await send('GET');
    expect(list.statusCode).toBe(200);
    expect(list.headers['ratelimit-limit']).toBe('1000');
  });

  it('gives each route the one budget, counted route by route', async () => {
    const { send } = await appWith({ max: 3, timeWindow: 60_000 });
    const lists = [];
    for (let i = 0; i < 4; i++) lists.push((await send('GET')).statusCode);
    expect(lists).toEqual([200, 200, 200, 429]);
    expect((await send('POST')).statusCode).toBe(201);
  });

  it('fails closed while Redis is unreachable, where the global budget fails open', async () => {
    const { send } = await appWith({ create: { max: 5, timeWindow: '1 minute' } }, { REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    expect((await send('GET')).statusCode).toBe(200);
    const refused = await send('POST');
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toMatchObject({ code: 'RAMPART_UNAVAILABLE' });
    expect(refused.headers['retry-after']).toBe('5');
  });

  it('stops the app at startup on a budget that limits nothing', async () => {
    await expect(appWith({ list: { max: 0, timeWindow: '1 minute' } })).rejects.toThrow(/notes: rateLimit.list needs a positive whole max/);
  });
});
