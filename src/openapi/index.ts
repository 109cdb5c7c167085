/**
 * OpenAPI: the document generated from resources and routes, and the docs page.
 *
 * @example
 * const document = generateOpenApi({ resources: [markets], routes: [summary], info: { title: 'Markets API' } });
 * await registerDocs(app, document); // GET /openapi.json, GET /docs
 */
export { generateOpenApi } from './generate-openapi.js';
export type { GenerateOpenApiOptions } from './generate-openapi.js';
export { registerDocs } from './register-docs.js';
export type { DocsOptions } from './register-docs.js';
