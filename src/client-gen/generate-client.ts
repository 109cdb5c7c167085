import { clientRuntime } from './client-runtime.js';
import { operationCode, type OperationEntry } from './operation-code.js';
import { schemaType, typeName, type Json } from './schema-types.js';

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const methods = ['get', 'put', 'post', 'patch', 'delete'];

// Names the runtime declares; a component schema may not take one.
const runtimeNames = new Set(['Tokens', 'ClientOptions', 'CallOptions', 'RawResult', 'UnexpectedStatusError', 'PageError', 'PageMode', 'OperationSpec', 'CallInput', 'ClientCore', 'ApiClient']);

/** Options of {@link generateClient}. */
export interface GenerateClientOptions {
  /** How to regenerate the file, named in its header (default `rampart client`). */
  command?: string;
}

function dereferencer(document: Json): (value: unknown) => Json {
  const deref = (value: unknown, depth: number): Json => {
    if (!isObject(value)) return {};
    if (typeof value.$ref !== 'string' || !value.$ref.startsWith('#/') || depth > 20) return value;
    let target: unknown = document;
    for (const part of value.$ref.slice(2).split('/')) target = isObject(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    return deref(target, depth + 1);
  };
  return (value) => deref(value, 0);
}

/**
 * The auth routes' paths, from the document: the refresh route is the POST under a
 * path ending in `/refresh` whose 200 answer is a session (`data.accessToken`); logout
 * sits beside it.
 */
function authPaths(entries: OperationEntry[], deref: (value: unknown) => Json): { refreshPath?: string; logoutPath?: string } {
  const refresh = entries.find((e) => {
    if (e.method !== 'post' || !e.path.endsWith('/refresh')) return false;
    const ok = deref(isObject(e.operation.responses) ? e.operation.responses['200'] : undefined);
    const content = isObject(ok.content) ? ok.content['application/json'] : undefined;
    const body = deref(isObject(content) ? content.schema : undefined);
    const data = deref(isObject(body.properties) ? body.properties.data : undefined);
    return isObject(data.properties) && 'accessToken' in data.properties;
  });
  if (!refresh) return {};
  const logout = refresh.path.replace(/\/refresh$/, '/logout');
  return { refreshPath: refresh.path, ...(entries.some((e) => e.method === 'post' && e.path === logout) ? { logoutPath: logout } : {}) };
}

/**
 * A TypeScript client for an OpenAPI document, as one self-contained file (it needs
 * only the global `fetch`): a type per component schema, per operation an input type, a
 * result typed per status (a union discriminated by `status`) and a method, a page
 * iterator per list, token refresh on an expired access token (once, then the call is
 * retried), and an `Idempotency-Key` generated for each creating write unless given.
 *
 * @example
 * writeFileSync('client.ts', generateClient(document, { command: 'rampart client app.ts --out client.ts' }));
 * // in the app's front end:
 * const api = createClient({ baseUrl: 'https://api.example.com' });
 * const result = await api.createMarket({ body: { name: 'Will it rain?' } });
 * if (result.status === 201) console.log(result.body.data.id);
 */
export function generateClient(document: Json, options: GenerateClientOptions = {}): string {
  const deref = dereferencer(document);
  const info = isObject(document.info) ? document.info : {};
  const components = isObject(document.components) && isObject(document.components.schemas) ? document.components.schemas : {};
  const entries: OperationEntry[] = [];
  for (const [path, item] of Object.entries(isObject(document.paths) ? document.paths : {})) {
    if (!isObject(item)) continue;
    for (const method of methods) if (isObject(item[method])) entries.push({ method, path, operation: item[method] });
  }
  const taken = Object.keys(components).filter((name) => runtimeNames.has(typeName(name)));
  if (taken.length > 0) throw new Error(`schema ${taken.join(', ')} would shadow the client's own type of that name; rename the resource or route schema`);
  const schemas = Object.entries(components).map(([name, schema]) => {
    const description = isObject(schema) && typeof schema.description === 'string' ? `/** ${schema.description.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ')} */\n` : '';
    return `${description}export type ${typeName(name)} = ${schemaType(schema)};`;
  });
  const operations = entries.map((e) => operationCode(e, deref));
  const title = `${String(info.title ?? 'API')} ${String(info.version ?? '')}`.trim();
  return [
    `// A typed client for ${title}, generated from its OpenAPI document by Rampart.`,
    `// Do not edit: regenerate with \`${options.command ?? 'rampart client'}\`.`,
    '// Self-contained: it needs only the global fetch (Node.js 20+, browsers, Deno, Bun).',
    '',
    clientRuntime(authPaths(entries, deref)),
    '// Schemas',
    '',
    schemas.join('\n\n'),
    '',
    '// Operations',
    '',
    operations.map((o) => o.types).join('\n'),
    `/** The API's operations, one method each; results are typed per status. */`,
    'export class ApiClient extends ClientCore {',
    operations.map((o) => o.methods).join('\n').trimEnd(),
    '}',
    '',
    '/**',
    ' * A client for the API.',
    ' *',
    ' * @example',
    " * const api = createClient({ baseUrl: 'http://localhost:3000' });",
    ' */',
    'export function createClient(options: ClientOptions): ApiClient {',
    '  return new ApiClient(options);',
    '}',
    '',
  ].join('\n');
}
