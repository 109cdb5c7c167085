import { describe, expect, it } from 'vitest';
import { startAuthApp } from './support/auth-app.js';

const budgets = { RATE_LIMIT_IP_PER_MINUTE: '5', RATE_LIMIT_USER_PER_MINUTE: '3' };

describe('global request budgets', () => {
  it('limits an address on every route, with 429, Retry-After and RateLimit headers', async () => {
    const t = await startAuthApp(budgets);
    try {
      const from = (remoteAddress: string, headers: Record<string, string> = {}) =>
        t.app.fastify.inject({ method: 'GET', url: '/api/v1/markets', remoteAddress, headers });
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 6; i++) {
        // Rotating X-Forwarded-For does not help while TRUST_PROXY is off.
        last = await from('10.1.1.1', { 'x-forwarded-for': `203.0.113.${i}` });
        statuses.push(last.statusCode);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      expect(last?.headers['retry-after']).toBeDefined();
      expect(last?.headers['ratelimit-limit']).toBe('5');
      expect(last?.json().code).toBe('RAMPART_RATE_LIMITED');
      expect((await from('10.1.1.2')).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('counts requests with a bad token against the address budget: garbage tokens are no way around it', async () => {
    const t = await startAuthApp(budgets);
    try {
      const statuses: number[] = [];
      for (const token of ['garbage', 'a.b.c', 'x', 'y.y.y', 'z', 'w', 'v']) {
        const res = await t.app.fastify.inject({
          method: 'GET',
          url: '/api/v1/markets',
          remoteAddress: '10.1.9.9',
          headers: { authorization: `Bearer ${token}` },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    } finally {
      await t.close();
    }
  });

  it('limits a signed-in user across addresses', async () => {
    const t = await startAuthApp(budgets);
    try {
      const user = await t.register('busy@example.com');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await t.app.fastify.inject({
          method: 'GET',
          url: '/api/v1/auth/me',
          remoteAddress: `10.2.0.${i + 1}`,
          headers: { authorization: `Bearer ${user.accessToken}` },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await t.close();
    }
  });

  it('believes X-Forwarded-For only when TRUST_PROXY says so', async () => {
    const t = await startAuthApp({ ...budgets, TRUST_PROXY: 'true' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await t.app.fastify.inject({
          method: 'GET',
          url: '/api/v1/markets',
          remoteAddress: '10.3.0.1',
          headers: { 'x-forwarded-for': `198.51.100.${i}` },
        });
        statuses.push(res.statusCode);
      }
      // Behind a trusted proxy each forwarded client has its own budget.
      expect(statuses.every((s) => s === 200)).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe('TRUST_PROXY as a hop count', () => {
  it('trusts that many proxies: forwarded clients get budgets of their own, and an address spoofed further out does not', async () => {
    const t = await startAuthApp({ ...budgets, TRUST_PROXY: '1' });
    try {
      const from = (forwarded: string) =>
        t.app.fastify.inject({ method: 'GET', url: '/api/v1/markets', remoteAddress: '10.3.0.1', headers: { 'x-forwarded-for': forwarded } });
      // One proxy: the client is the last forwarded address, whatever it claims before it.
      const distinct = [];
      for (let i = 0; i < 6; i++) distinct.push((await from(`203.0.113.9, 198.51.100.${i}`)).statusCode);
      expect(distinct.every((s) => s === 200)).toBe(true);
      // The same client rotating what it claims further out still spends one budget.
      const spoofing = [];
      for (let i = 0; i < 7; i++) spoofing.push((await from(`203.0.113.${i}, 198.51.100.200`)).statusCode);
      expect(spoofing.slice(0, 5).every((s) => s === 200)).toBe(true);
      expect(spoofing.slice(5)).toEqual([429, 429]);
    } finally {
      await t.close();
    }
  });
});

// Behind a proxy TRUST_PROXY does not unwrap, every client, the load balancer's probes
// and Prometheus share one address: a busy API must not fail its own readiness probe.
describe('infrastructure routes outside every budget', () => {
  const probes = ['/health/live', '/health/ready', '/metrics'];

  it('answers probes and scrapes 200 from an address whose budget is spent', async () => {
    const t = await startAuthApp(budgets);
    try {
      const proxy = (url: string) => t.app.fastify.inject({ method: 'GET', url, remoteAddress: '10.9.9.9' });
      for (let i = 0; i < 5; i++) expect((await proxy('/api/v1/markets')).statusCode).toBe(200);
      expect((await proxy('/api/v1/markets')).statusCode).toBe(429);
      for (const url of probes) {
        const res = await proxy(url);
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['ratelimit-limit'], url).toBeUndefined();
      }
    } finally {
      await t.close();
    }
  });

  it('never spends the budget: many probes leave the API its full budget', async () => {
    const t = await startAuthApp(budgets);
    try {
      const proxy = (url: string) => t.app.fastify.inject({ method: 'GET', url, remoteAddress: '10.9.9.8' });
      for (let i = 0; i < 4; i++) for (const url of probes) expect((await proxy(url)).statusCode).toBe(200);
      const first = await proxy('/api/v1/markets');
      expect(first.statusCode).toBe(200);
      expect(first.headers['ratelimit-remaining']).toBe('4');
    } finally {
      await t.close();
    }
  });
});

