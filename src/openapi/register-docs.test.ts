import { apiSecurityHeaders } from '../http/security-headers.js';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resources, routes } from './docs-fixture.js';
import { generateOpenApi } from './generate-openapi.js';
import { registerDocs } from './register-docs.js';

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
    const documentAnswer = await fetch(`${origin}/openapi.json`);
    await documentAnswer.arrayBuffer();
    expect(documentAnswer.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    const html = await res.text();
    expect(html).toContain('<title>Markets API · API reference</title>');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('/docs/static/theme/rampart.css');
    expect(html).toContain('/docs/static/theme/rampart.svg');
    // Rampart's script comes after Swagger UI's initializer, so it can hand it the document.
    expect(html.indexOf('swagger-initializer.js')).toBeLessThan(html.indexOf('theme/rampart-docs.js'));
    // Bodies are read to the end: a connection with a body still pending keeps close() waiting.
    const bundle = await fetch(`${origin}/docs/static/swagger-ui-bundle.js`);
    await bundle.arrayBuffer();
    expect(bundle.status).toBe(200);
  });

  it('serves the theme: a stylesheet, the favicon and the page script with the document in it', async () => {
    const css = await fetch(`${origin}/docs/static/theme/rampart.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toContain('.rampart-topbar');
    const icon = await fetch(`${origin}/docs/static/theme/rampart.svg`);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(await icon.text()).toMatch(/^<svg /);
    const script = await fetch(`${origin}/docs/static/theme/rampart-docs.js`);
    expect(script.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(script.headers.get('content-security-policy')).toContain("script-src 'self'");
    const text = await script.text();
    const settings = JSON.parse(text.slice('window.RampartDocs = '.length, text.indexOf(';\n'))) as { spec: unknown; documentUrl: string; signIn?: unknown };
    expect(settings.spec).toEqual(JSON.parse(JSON.stringify(document)));
    expect(settings.documentUrl).toBe('/openapi.json');
    // The fixture has no auth routes, so no sign-in form.
    expect(settings.signIn).toBeUndefined();
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
});
