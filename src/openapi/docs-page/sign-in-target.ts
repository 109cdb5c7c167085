import type { OpenAPIV3_1 } from 'openapi-types';

/** Where the docs page's sign-in form sends its email and password, and in what shape. */
export interface SignInTarget {
  /** The login operation's URL (the first server's prefix and the path). */
  url: string;
  /** The body key the credentials go under (`{ user: { email, password } }`), when the app's envelope wraps bodies. */
  wrap?: string;
}

type Schema = { $ref?: string; properties?: Record<string, Schema> };

function resolve(document: OpenAPIV3_1.Document, schema: Schema | undefined): Schema | undefined {
  const ref = schema?.$ref;
  if (!ref?.startsWith('#/components/schemas/')) return schema;
  return document.components?.schemas?.[ref.slice('#/components/schemas/'.length)] as Schema | undefined;
}

/**
 * The login operation the docs page signs in with: `path` when given, else the
 * document's `POST …/auth/login` (wherever the auth routes are mounted, see
 * src/wire/paths.ts). Its documented body says whether the credentials go at the top or
 * under the envelope's key. Undefined when the document has no such operation with an
 * `email` and `password` body: the page then shows no form.
 *
 * @example
 * signInTarget(document); // { url: '/api/v1/auth/login' }
 */
export function signInTarget(document: OpenAPIV3_1.Document, path?: string): SignInTarget | undefined {
  const paths = document.paths ?? {};
  const found = path ?? Object.keys(paths).find((p) => /\/auth\/login$/.test(p) && paths[p]?.post);
  const body = found ? (paths[found]?.post?.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined) : undefined;
  const schema = resolve(document, body?.content?.['application/json']?.schema);
  if (!found || !schema?.properties) return undefined;
  const takes = (s: Schema | undefined) => Boolean(s?.properties?.email && s.properties.password);
  const server = document.servers?.[0]?.url ?? '';
  // A relative server URL prefixes the paths; an absolute one is another origin the page's CSP would refuse.
  const url = `${/^https?:/.test(server) ? new URL(server).pathname.replace(/\/$/, '') : server.replace(/\/$/, '')}${found}`;
  if (takes(schema)) return { url };
  const [key, inner] = Object.entries(schema.properties).find(([, s]) => takes(resolve(document, s))) ?? [];
  return key && inner ? { url, wrap: key } : undefined;
}
