/**
 * | method | path              | access | response |
 * |--------|-------------------|--------|----------|
 * | GET    | /openapi.json     | public | the OpenAPI 3.1 document (canonical URL) |
 * | GET    | /docs             | public | Swagger UI, from the package's own files |
 * | GET    | /docs/static/*    | public | Swagger UI's scripts, styles and icons |
 * | GET    | /docs/json, /docs/yaml | public | the same document, as @fastify/swagger-ui serves it |
 *
 * Documentation is public by nature: it describes what any client may try. These
 * routes are not operations of the document itself.
 */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { OpenAPIV3, OpenAPIV3_1 } from 'openapi-types';
import { pageSecurityHeaders } from '../http/security-headers.js';

/** Options of {@link registerDocs}. */
export interface DocsOptions {
  /** Where the document is served (default `/openapi.json`). */
  jsonPath?: string;
  /** Where the docs page is served (default `/docs`). */
  routePrefix?: string;
}

interface DocsPluginOptions extends Required<DocsOptions> {
  document: OpenAPIV3_1.Document;
}

const docsPlugin: FastifyPluginAsync<DocsPluginOptions> = async (app, { document, jsonPath, routePrefix }) => {
  // Serialized once: the document never changes while the app runs.
  const body = JSON.stringify(document);
  app.get(jsonPath, { logLevel: 'warn' }, async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(body),
  );

  // Static mode: the document is Rampart's own; @fastify/swagger only hands it to the UI
  // and must not collect routes from the app. Its types predate 3.1 documents, which it
  // passes through untouched.
  const specification = { document: document as unknown as OpenAPIV3.Document };
  await app.register(fastifySwagger, { mode: 'static', specification });
  // The UI is pages, scripts and styles a browser renders: helmet's page headers replace
  // the API set (which lets no content load at all) on all of its routes, files included.
  const pageHeaders = pageSecurityHeaders();
  await app.register(async (ui) => {
    ui.addHook('onRequest', (_request, reply, done) => {
      reply.headers(pageHeaders);
      done();
    });
    await ui.register(fastifySwaggerUi, {
      routePrefix,
      // The UI loads the canonical URL rather than its own `/docs/json` copy.
      uiConfig: { urls: [{ url: jsonPath, name: document.info.title }], deepLinking: true },
      // Every asset comes from @fastify/swagger-ui's package on this origin, no inline
      // script, and no validator badge (it would call validator.swagger.io). So the
      // default Content-Security-Policy of helmet fits as it is: `staticCSP` and
      // `transformStaticCSP` stay unset rather than loosening it for these pages.
      validatorUrl: false,
      theme: { title: `${document.info.title} · API docs` },
    });
  });
};

/**
 * Serves an OpenAPI document at `GET /openapi.json` and interactive docs (Swagger UI,
 * from local package files, no CDN) at `GET /docs`. The pages carry helmet's default
 * security headers, Content-Security-Policy included, under which they work. The plugin
 * is encapsulated, so the `swagger` decorator it brings stays inside it.
 *
 * @example
 * await registerDocs(app, generateOpenApi({ resources: [markets], info: { title: 'Markets API' } }));
 * // GET /openapi.json → the document; GET /docs → Swagger UI
 */
export function registerDocs(
  app: FastifyInstance,
  document: OpenAPIV3_1.Document,
  options: DocsOptions = {},
): ReturnType<FastifyInstance['register']> {
  return app.register(docsPlugin, {
    document,
    jsonPath: options.jsonPath ?? '/openapi.json',
    routePrefix: options.routePrefix ?? '/docs',
  });
}
