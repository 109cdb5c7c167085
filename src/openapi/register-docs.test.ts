import { existsSync } from 'node:fs';
import { apiSecurityHeaders } from '../http/security-headers.js';
import Fastify, { type FastifyInstance } from 'fastify';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resources, routes } from './docs-fixture.js';
import { generateOpenApi } from './generate-openapi.js';
import { registerDocs } from './register-docs.js';

const chromiumPath = '/usr/bin/chromium';
const document = generateOpenApi({ resources, routes, info: { title: 'Markets API', version: '1.0.0' } });

describe('registerDocs', () => {
  let app: FastifyInstance;
  let origin: string;

  beforeAll(async () => {
    app = Fastify();
    // As the app does: the API set on every response first (no content may load at all).
    const headers = apiSecurityHeaders();
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
    await registerDocs(app, document);
    origin = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('serves the document at /openapi.json', async () => {
    const res = await fetch(`${origin}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('serves the docs page from local files under the default CSP', async () => {
    const res = await fetch(`${origin}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    // The document itself is JSON, under the API set.
    expect((await fetch(`${origin}/openapi.json`)).headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    const html = await res.text();
    expect(html).toContain('<title>Markets API · API docs</title>');
    expect(html).not.toMatch(/https?:\/\//);
    const initializer = await (await fetch(`${origin}/docs/static/swagger-initializer.js`)).text();
    expect(initializer).toContain('"url":"/openapi.json"');
    expect((await fetch(`${origin}/docs/static/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it('keeps the swagger decorator inside the docs plugin', () => {
    expect(app.hasDecorator('swagger')).toBe(false);
  });

  it('takes other paths', async () => {
    const other = Fastify();
    await registerDocs(other, document, { jsonPath: '/api/openapi.json', routePrefix: '/reference' });
    expect((await other.inject('/api/openapi.json')).statusCode).toBe(200);
    expect((await other.inject('/reference')).statusCode).toBe(200);
    expect((await other.inject('/docs')).statusCode).toBe(404);
    await other.close();
  });

  it('renders the docs in Chromium without CSP errors or requests to other hosts', async (ctx) => {
    if (!existsSync(chromiumPath)) {
      // CI installs Chromium, so there a missing browser is a broken setup, not a skip.
      if (process.env.CI) throw new Error(`chromium is missing at ${chromiumPath}; CI must install it`);
      ctx.skip(`chromium is missing at ${chromiumPath} (apt-get install chromium); skipping the browser check`);
    }
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      const host = new URL(origin).host;
      page.on('console', (message) => {
        if (message.type() === 'error' || /Content.Security.Policy/i.test(message.text())) {
          problems.push(`console ${message.type()}: ${message.text()}`);
        }
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.protocol !== 'data:' && url.host !== host) problems.push(`request to another host: ${request.url()}`);
      });
      page.on('requestfailed', (request) => problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`));

      const loaded = page.waitForResponse((res) => res.url() === `${origin}/openapi.json`, { timeout: 30_000 });
      await page.goto(`${origin}/docs`);
      try {
        expect((await loaded).status()).toBe(200);
        await page.getByText('/api/v1/markets', { exact: true }).first().waitFor({ timeout: 30_000 });
      } catch (error) {
        // What the browser reported explains a page that never rendered.
        throw new Error(`${String(error)}\n${problems.join('\n')}`);
      }
      expect(await page.locator('.info .title').first().textContent()).toContain('Markets API');
      expect(await page.locator('.opblock-summary-path').allTextContents()).toEqual(
        expect.arrayContaining(['/api/v1/markets', '/api/v1/markets/{id}', '/api/v1/markets/{id}/resolve']),
      );
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
    // A browser start on a loaded 2-core CI machine can take a while.
  }, 90_000);
});
