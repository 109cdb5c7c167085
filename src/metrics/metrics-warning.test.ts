import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { LogCapture } from '../../test/support/log-capture.js';
import { registerMetrics } from './metrics.js';

const token = 'metrics-0123456789abcdef0123456789abcdef';

async function boot(config: Parameters<typeof registerMetrics>[1]) {
  const logs = new LogCapture();
  const app = Fastify({ logger: { stream: logs } });
  registerMetrics(app, config);
  await app.ready();
  const scrape = await app.inject({ method: 'GET', url: '/metrics' });
  await app.close();
  return { warned: logs.lines.some((line) => line.includes('set METRICS_TOKEN')), status: scrape.statusCode };
}

describe('registerMetrics at boot', () => {
  it('warns in production while /metrics is open to anyone, and only then', async () => {
    expect(await boot({ nodeEnv: 'production' })).toEqual({ warned: true, status: 200 });
    expect(await boot({ nodeEnv: 'production', metricsToken: token })).toEqual({ warned: false, status: 401 });
    expect(await boot({ nodeEnv: 'development' })).toEqual({ warned: false, status: 200 });
  });
});
