import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z as appZod } from 'zod';
import { allow, route, z } from 'rampart';
import { startTestApp, type TestApp } from './support/test-app.js';

// An app's schemas may come from its own `zod` import or from Rampart's `z`: one copy.
const echo = route({
  method: 'POST',
  path: '/echo',
  access: allow.public,
  body: appZod.strictObject({ name: appZod.string().min(2) }),
  response: z.object({ name: z.string() }),
  handler: ({ body }) => ({ name: body.name }),
});

describe('zod in apps', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ routes: [echo] });
  });
  afterAll(() => t.close());

  it("is the app's own zod: a peer dependency of one major, never a second copy", () => {
    expect(z).toBe(appZod);
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(manifest.dependencies.zod).toBeUndefined();
    expect(manifest.peerDependencies.zod).toMatch(/^\^4\./);
  });

  it("validates with schemas made by the app's zod", async () => {
    expect((await t.app.fastify.inject({ method: 'POST', url: '/echo', payload: { name: 'al' } })).json()).toEqual({ name: 'al' });
    const bad = await t.app.fastify.inject({ method: 'POST', url: '/echo', payload: { name: 'a', extra: 1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.extra', 'body.name']);
  });
});
