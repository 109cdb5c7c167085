import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type RampartApp } from 'rampart';
import example from '../../../examples/markets/app.js';
import { LogCapture } from '../../../test/support/log-capture.js';

/*
 * The reference page of a real app (the markets example) in Chromium: what a visitor
 * sees, and that signing in on the page makes Try it out work on a protected operation.
 * RAMPART_SCREENSHOTS=1 also writes the screenshots docs/docs-page.md shows.
 */
const chromiumPath = '/usr/bin/chromium';
const screenshots = process.env.RAMPART_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../../docs/images/', import.meta.url)) : undefined;
const email = 'reader@example.com';
const password = 'a long passphrase for the docs';

describe('the docs page in a browser', () => {
  let app: RampartApp;
  let origin: string;
  let browser: Browser | undefined;
  let page: Page;
  const problems: string[] = [];
  const documentRequests: string[] = [];

  beforeAll(async () => {
    app = await createApp({
      ...example,
      migrations: { dir: false },
      logStream: new LogCapture(),
      env: {
        NODE_ENV: 'test',
        DATABASE_URL: 'sqlite::memory:',
        STRIPE_WEBHOOK_SECRET: 'whsec_dGVzdC1zdHJpcGUtc2VjcmV0LTAxMjM0NTY3ODk=',
        LOG_LEVEL: 'warn',
      },
    });
    origin = await app.fastify.listen({ host: '127.0.0.1', port: 0 });
    const registered = await fetch(`${origin}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    await registered.arrayBuffer();
    expect(registered.status).toBe(201);
    if (!existsSync(chromiumPath)) return;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    const host = new URL(origin).host;
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content.Security.Policy/i.test(message.text())) problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol !== 'data:' && url.host !== host) problems.push(`request to another host: ${request.url()}`);
      if (url.pathname === '/openapi.json' || url.pathname === '/docs/json') documentRequests.push(url.pathname);
    });
    page.on('requestfailed', (request) => problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`));
    // Records whether Swagger UI's loading spinner is ever put on the page.
    await page.addInitScript({
      content: `new MutationObserver(() => {
        if (document.querySelector('.loading-container')) document.documentElement.dataset.spinner = 'seen';
      }).observe(document, { childList: true, subtree: true });`,
    });
    // A browser start on a loaded 2-core CI machine can take a while.
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const operation = (id: string) => page.locator(`#operations-${id}`);

  it('renders the operations on load, branded, with no spinner, no second request and no CSP error', async (ctx) => {
    if (!browser) {
      // CI installs Chromium, so there a missing browser is a broken setup, not a skip.
      if (process.env.CI) throw new Error(`chromium is missing at ${chromiumPath}; CI must install it`);
      ctx.skip(`chromium is missing at ${chromiumPath} (apt-get install chromium); skipping the browser checks`);
    }
    await page.goto(`${origin}/docs`);
    try {
      await operation('markets-listMarkets').waitFor({ timeout: 30_000 });
    } catch (error) {
      // What the browser reported explains a page that never rendered.
      throw new Error(`${String(error)}\n${problems.join('\n')}`);
    }
    expect(await page.title()).toBe('Markets API (Rampart example) · API reference');
    expect(await page.locator('.rampart-brand').textContent()).toBe('Rampart');
    expect(await page.locator('.rampart-api-name').textContent()).toContain('Markets API (Rampart example)');
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toMatch(/theme\/rampart\.svg$/);
    // Swagger UI's own top bar (its logo, the URL box) is gone, and nothing names it or Fastify.
    expect(await page.locator('.swagger-ui .topbar').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toMatch(/swagger|fastify/i);
    expect(await page.locator('.opblock-summary-path').allTextContents()).toEqual(
      expect.arrayContaining(['/api/v1/markets', '/api/v1/markets/{id}', '/api/v1/positions', '/api/v1/auth/login']),
    );
    expect(await page.locator('html').getAttribute('data-spinner')).toBeNull();
    expect(documentRequests).toEqual([]);
    if (screenshots) {
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: `${screenshots}docs-page.png` });
    }
    expect(problems).toEqual([]);
  }, 60_000);

  it('tells public operations from protected ones, with their rule and rate limit', async (ctx) => {
    if (!browser) return ctx.skip();
    const badges = (id: string) => operation(id).locator('.opblock-summary .rampart-badge');
    // Open padlock: anyone may call it; closed: a signed-in caller the rule allows.
    await expect.poll(() => badges('markets-listMarkets').first().locator('svg').getAttribute('data-padlock')).toBe('open');
    expect(await badges('markets-listMarkets').allTextContents()).toEqual(['public', '100/min per user · 1000/min per IP']);
    expect(await badges('markets-createMarket').first().locator('svg').getAttribute('data-padlock')).toBe('closed');
    expect(await badges('markets-createMarket').first().textContent()).toBe('authenticated');
    expect(await badges('markets-updateMarket').first().textContent()).toBe('any(owner, role(admin))');
    expect(await badges('positions-listPositions').first().locator('svg').getAttribute('data-padlock')).toBe('closed');
    // The login route has a budget of its own; health probes none.
    expect(await badges('auth-postAuthLogin').allTextContents()).toEqual(['public', '10 per 1 minute']);
    expect(await badges('operations-getLiveness').nth(1).textContent()).toBe('no rate limit');
    // Swagger UI's padlock button, which read backwards on public operations, is not shown.
    expect(await page.locator('.opblock-summary .authorization__btn').count()).toBe(0);
    // Opened, the operation says the same in words.
    await operation('markets-updateMarket').locator('.opblock-summary-control').click();
    const description = operation('markets-updateMarket').locator('.opblock-description-wrapper').first();
    await expect.poll(() => description.textContent()).toContain('Access: any(owner, role(admin))');
    expect(await description.textContent()).toContain('Rate limit: 100 requests a minute per signed-in user, 1000 per address otherwise');
  });

  it('groups a list operation\'s parameters: one input per filtered field', async (ctx) => {
    if (!browser) return ctx.skip();
    const list = operation('markets-listMarkets');
    await list.locator('.opblock-summary-control').click();
    await list.locator('tr.rampart-param-group').first().waitFor();
    expect(await list.locator('tr.rampart-param-group').allTextContents()).toEqual(['Search and filters', 'Sort', 'Pages', 'Fields', 'Include', 'Headers']);
    // One row per filtered field: markets' seven (id, createdAt, updatedAt, creator,
    // status, volume, endsAt), then q, sort, four page controls, fields, include and
    // If-None-Match; one per operator was over forty.
    const rows = await list.locator('tr[data-param-name]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-param-name')));
    expect(rows.length).toBeLessThan(20);
    expect(rows).toEqual(expect.arrayContaining(['q', 'status', 'volume', 'sort', 'limit', 'cursor', 'offset', 'total', 'fields', 'include']));
    expect(rows.filter((name) => name?.includes('['))).toEqual([]);
    if (screenshots) {
      // The operation down to its parameters (its responses are documented below them),
      // without the top bar, which stays over the page as it scrolls.
      await list.locator('.opblock-summary-control').blur();
      await page.locator('.rampart-topbar').evaluate((bar) => { bar.style.position = 'static'; });
      await list.locator('.responses-wrapper').evaluate((element) => { element.style.display = 'none'; });
      await list.screenshot({ path: `${screenshots}docs-operation.png` });
      await list.locator('.responses-wrapper').evaluate((element) => { element.style.display = ''; });
      await page.locator('.rampart-topbar').evaluate((bar) => { bar.style.position = ''; });
    }
    // Try it out starts from no filter at all.
    await list.locator('button.try-out__btn').click();
    await list.locator('tr[data-param-name="volume"] textarea').fill('{ "gte": "10" }');
    await list.locator('button.execute').click();
    await expect.poll(() => list.locator('.request-url pre').textContent()).toBe(`${origin}/api/v1/markets?volume%5Bgte%5D=10&limit=20&total=false`);
    expect(await list.locator('.live-responses-table .response .response-col_status').first().textContent()).toContain('200');
  });

  it('signs in on the page and sends the token with Try it out', async (ctx) => {
    if (!browser) return ctx.skip();
    const positions = operation('positions-listPositions');
    await positions.locator('.opblock-summary-control').click();
    await positions.locator('button.try-out__btn').click();
    const status = () => positions.locator('.live-responses-table .response .response-col_status').first().textContent();
    await positions.locator('button.execute').click();
    await expect.poll(status).toContain('401');

    await page.getByRole('textbox', { name: 'Email' }).fill(email);
    await page.locator('.rampart-signin input[name="password"]').fill('not the password at all');
    await page.locator('.rampart-signin button[type="submit"]').click();
    await expect.poll(() => page.locator('.rampart-signin-error').textContent()).toMatch(/email or password/i);
    await page.locator('.rampart-signin input[name="password"]').fill(password);
    await page.locator('.rampart-signin button[type="submit"]').click();
    await expect.poll(() => page.locator('.rampart-signin-status').textContent()).toContain(`Signed in as ${email}`);

    await positions.locator('button.btn-clear').click();
    await positions.locator('button.execute').click();
    await expect.poll(status).toContain('200');
    expect(await positions.locator('.curl-command').textContent()).toMatch(/Authorization: Bearer ey/);
    // The caller's own account, as Try it out shows it.
    await positions.locator('.opblock-summary-control').click();
    const me = operation('auth-getAuthMe');
    await me.locator('.opblock-summary-control').click();
    await me.locator('button.try-out__btn').click();
    await me.locator('button.execute').click();
    await expect.poll(() => me.locator('.live-responses-table .response .response-col_status').first().textContent()).toContain('200');
    expect(await me.locator('.live-responses-table .response .response-col_description').first().textContent()).toContain(email);
    if (screenshots) {
      // The top bar stays in view: the session beside the answer it made possible.
      await me.evaluate((element) => element.ownerDocument.defaultView?.scrollTo({ top: element.getBoundingClientRect().top + element.ownerDocument.defaultView.scrollY - 70, behavior: 'instant' }));
      await page.screenshot({ path: `${screenshots}docs-signed-in.png` });
    }
    expect(problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
  });
});
