import { describe, expect, it } from 'vitest';
import { startTestApp } from './support/test-app.js';

const token = 'metrics-0123456789abcdef0123456789abcdef';

describe('GET /metrics with METRICS_TOKEN', () => {
  it('answers only the token, in a Bearer header; anything else is a 401 problem', async () => {
    const t = await startTestApp({}, { METRICS_TOKEN: token });
    try {
      const scrape = (authorization?: string) =>
        t.app.fastify.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
      const refusals = [
        [undefined, 'Bearer'],
        [`Bearer ${token.slice(0, -1)}x`, 'Bearer error="invalid_token"'],
        [`Bearer ${token}x`, 'Bearer error="invalid_token"'],
        ['Bearer ', 'Bearer error="invalid_token"'],
        [`Basic ${Buffer.from(`x:${token}`).toString('base64')}`, 'Bearer'],
        [token, 'Bearer'],
      ] as const;
      for (const [authorization, challenge] of refusals) {
        const res = await scrape(authorization);
        expect(res.statusCode, authorization).toBe(401);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json()).toMatchObject({ code: 'RAMPART_UNAUTHENTICATED', status: 401 });
        expect(res.headers['www-authenticate']).toBe(challenge);
        expect(res.body).not.toContain('http_requests_total');
      }
      const ok = await scrape(`Bearer ${token}`);
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('http_requests_total');
      expect((await scrape(`bearer ${token}`)).statusCode).toBe(200);
      // The probes stay open: a load balancer has no token.
      expect((await t.app.fastify.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
      // The token never reaches the logs.
      expect(t.logs.lines.join('\n')).not.toContain(token.slice(8));
    } finally {
      await t.close();
    }
  });

  it('refuses a token too short to stand unlimited guessing', async () => {
    await expect(startTestApp({}, { METRICS_TOKEN: 'short-token' })).rejects.toThrow(/METRICS_TOKEN: expected at least 32 bytes/);
  });
});
