/**
 * | method | path              | access | response |
 * |--------|-------------------|--------|----------|
 * | GET    | /openapi.json     | public | the OpenAPI 3.1 document (canonical URL) |
 * | GET    | /docs             | public | the reference page: Swagger UI, themed as Rampart |
 * | GET    | /docs/static/*    | public | Swagger UI's scripts, styles and icons |
 * | GET    | /docs/static/theme/* | public | Rampart's stylesheet, favicon and page script (with the document in it) |
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
import { docsClientScript } from './docs-page/docs-client.js';
import { docsCss } from './docs-page/docs-theme.js';
import { logoSvg } from './docs-page/rampart-logo.js';
import { signInTarget } from './docs-page/sign-in-target.js';

/** Options of {@link registerDocs}. */
export interface DocsOptions {
  /** Where the document is served (default `/openapi.json`). */
  jsonPath?: string;
  /** Where the docs page is served (default `/docs`). */
  routePrefix?: string;
  /**
   * The login route the page's sign-in form posts email and password to (default: the
   * document's `POST …/auth/login`; false: no form).
   */
  signInPath?: string | false;
}

interface DocsPluginOptions extends Required<Omit<DocsOptions, 'signInPath'>>, Pick<DocsOptions, 'signInPath'> {
  document: OpenAPIV3_1.Document;
}

const docsPlugin: FastifyPluginAsync<DocsPluginOptions> = async (app, { document, jsonPath, routePrefix, signInPath }) => {
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
    const signIn = signInPath === false ? undefined : signInTarget(document, signInPath);
    await ui.register(fastifySwaggerUi, {
      routePrefix,
      // The page script hands Swagger UI the document itself (see docs-page/docs-client.ts).
      uiConfig: {
        deepLinking: true,
        docExpansion: 'list',
        defaultModelsExpandDepth: 0,
        displayRequestDuration: true,
        filter: true,
        showExtensions: false,
        syntaxHighlight: { activate: true, theme: 'nord' },
      },
      // Every asset comes from this origin (the package's files and Rampart's theme), no
      // inline script, and no validator badge (it would call validator.swagger.io). So the
      // default Content-Security-Policy of helmet fits as it is: `staticCSP` and
      // `transformStaticCSP` stay unset rather than loosening it for these pages.
      validatorUrl: false,
      theme: {
        title: `${document.info.title} · API reference`,
        css: [{ filename: 'rampart.css', content: docsCss }],
        js: [{ filename: 'rampart-docs.js', content: docsClientScript({ spec: document, documentUrl: jsonPath, signIn }) }],
        favicon: [{ filename: 'rampart.svg', rel: 'icon', type: 'image/svg+xml', sizes: 'any', content: logoSvg }],
      },
    });
  });
};

/**
 * Serves an OpenAPI document at `GET /openapi.json` and an interactive reference at
 * `GET /docs`: Swagger UI from local package files (no CDN), themed as Rampart, with the
 * document in the page's script (operations render on load, no second request), each
 * operation's access rule and rate limit beside it, a list's parameters grouped, and a
 * sign-in form that fills in the bearer token. The pages carry helmet's default security
 * headers, Content-Security-Policy included, under which they work. The plugin is
 * encapsulated, so the `swagger` decorator it brings stays inside it.
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
    signInPath: options.signInPath,
  });
}
