/**
 * The fixed part of every generated client: the request core (base URL, query forms,
 * bearer token, Idempotency-Key, refresh on an expired token, per-status results) and the
 * page iterator. It is copied into the client file so that the client depends on nothing
 * but the global `fetch`; the generator adds the types and one method per operation.
 *
 * Kept free of template literals (it is itself one, raw) and of syntax that only some
 * compiler settings accept: it must compile under `strict`, `noUncheckedIndexedAccess`
 * and `exactOptionalPropertyTypes`, against either the DOM library or Node's types.
 *
 * @example
 * const source = clientRuntime({ refreshPath: '/api/v1/auth/refresh', logoutPath: '/api/v1/auth/logout' });
 */
export function clientRuntime(auth: { refreshPath?: string; logoutPath?: string }): string {
  const paths = [
    '/** The auth routes the client uses: refresh on an expired access token; logout ends the session. */',
    `const refreshPath: string | undefined = ${auth.refreshPath === undefined ? 'undefined' : JSON.stringify(auth.refreshPath)};`,
    `const logoutPath: string | undefined = ${auth.logoutPath === undefined ? 'undefined' : JSON.stringify(auth.logoutPath)};`,
  ].join('\n');
  return `${runtime.trim()}\n\n${paths}\n`;
}

const runtime = String.raw`
/** A session: the access token sent as a bearer token, the refresh token that renews it. */
export interface Tokens {
  accessToken: string;
  refreshToken?: string | undefined;
  /** When the access token expires (milliseconds since the epoch), when known. */
  expiresAt?: number | undefined;
}

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Where the API is served, e.g. 'https://api.example.com'; the document's paths are appended. */
  baseUrl: string;
  /** A session to start with (one stored from an earlier sign-in). */
  tokens?: Tokens | undefined;
  /** Called whenever the session changes (sign-in, refresh, sign-out): store it here. */
  onTokens?: ((tokens: Tokens | undefined) => void) | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch | undefined;
}

/** Options every call takes. */
export interface CallOptions {
  /** Headers for this call only. */
  headers?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
}

/** An answer: its status, its parsed body (JSON, else text, else undefined) and headers. */
export interface RawResult {
  status: number;
  ok: boolean;
  body: unknown;
  headers: Headers;
}

/** Thrown when the server answers a status the document does not list for the operation. */
export class UnexpectedStatusError extends Error {
  readonly operation: string;
  readonly status: number;
  readonly body: unknown;
  constructor(operation: string, result: RawResult) {
    super(operation + ': unexpected status ' + result.status);
    this.name = 'UnexpectedStatusError';
    this.operation = operation;
    this.status = result.status;
    this.body = result.body;
  }
}

/** Thrown by a page iterator when a page is not a 200; result is the answer (typed by the operation). */
export class PageError extends Error {
  readonly operation: string;
  readonly result: RawResult;
  constructor(operation: string, result: RawResult) {
    super(operation + ': page answered ' + result.status);
    this.name = 'PageError';
    this.operation = operation;
    this.result = result;
  }
}

/** How a list operation pages: a cursor in pagination.nextCursor, a Link header, or an offset. */
type PageMode = { kind: 'cursor' } | { kind: 'link' } | { kind: 'offset'; items: string };

interface OperationSpec {
  id: string;
  method: string;
  path: string;
  statuses: readonly number[];
  /** auto: an Idempotency-Key generated per call unless given; given: sent when given. */
  idempotency: 'auto' | 'given' | 'none';
}

interface CallInput extends CallOptions {
  path?: Record<string, string | number> | undefined;
  query?: object | undefined;
  body?: unknown;
  idempotencyKey?: string | undefined;
}

function queryString(query: object | undefined): string {
  const params = new URLSearchParams();
  const text = (value: unknown) => (Array.isArray(value) ? value.map(String).join(',') : String(value));
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    // A filter's operators, as Rampart reads them: volume[gte]=100 (style deepObject).
    if (typeof value === 'object' && !Array.isArray(value)) {
      for (const [operator, operand] of Object.entries(value as Record<string, unknown>)) {
        if (operand !== undefined && operand !== null) params.append(name + '[' + operator + ']', text(operand));
      }
    } else {
      params.append(name, text(value));
    }
  }
  const encoded = params.toString();
  return encoded === '' ? '' : '?' + encoded;
}

/** The exp claim of a JWT access token, in milliseconds; undefined for a token that is not one. */
function tokenExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const claims: unknown = JSON.parse(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)));
    const exp = typeof claims === 'object' && claims !== null ? (claims as { exp?: unknown }).exp : undefined;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function nextQuery(mode: PageMode, result: RawResult, query: Record<string, unknown>): Record<string, unknown> | undefined {
  let cursor: unknown;
  if (mode.kind === 'cursor') {
    const body = result.body as { pagination?: { nextCursor?: unknown } } | undefined;
    cursor = body?.pagination?.nextCursor;
  } else if (mode.kind === 'link') {
    const next = /<([^>]*)>\s*;\s*rel="?next"?/.exec(result.headers.get('link') ?? '');
    cursor = next?.[1] === undefined ? undefined : new URL(next[1], 'http://localhost').searchParams.get('cursor');
  } else {
    const items = (result.body as Record<string, unknown> | undefined)?.[mode.items];
    if (!Array.isArray(items) || items.length === 0) return undefined;
    if (typeof query.limit === 'number' && items.length < query.limit) return undefined;
    return { ...query, offset: (typeof query.offset === 'number' ? query.offset : 0) + items.length };
  }
  if (typeof cursor !== 'string' || cursor === '') return undefined;
  const next: Record<string, unknown> = { ...query, cursor };
  delete next.offset;
  return next;
}

/** The request core the generated client extends. */
export class ClientCore {
  private session: Tokens | undefined;
  private refreshing: Promise<boolean> | undefined;
  private readonly options: ClientOptions;

  constructor(options: ClientOptions) {
    this.options = options;
    this.session = options.tokens;
  }

  /** The current session, if any. */
  get tokens(): Tokens | undefined {
    return this.session;
  }

  /** Starts (or, with undefined, ends) a session; onTokens hears of it. */
  setTokens(tokens: Tokens | undefined): void {
    this.session = tokens;
    this.options.onTokens?.(tokens);
  }

  protected async call(spec: OperationSpec, input: CallInput = {}): Promise<RawResult> {
    const key = input.idempotencyKey ?? (spec.idempotency === 'auto' ? globalThis.crypto.randomUUID() : undefined);
    const sentWith = this.session?.accessToken;
    let result = await this.send(spec, input, key, true);
    // One refresh and one retry, with the same Idempotency-Key, when the access token has
    // expired; a call that fails while another refreshes (or just did) retries with the new token.
    if (result.status === 401 && spec.path !== refreshPath && sentWith !== undefined) {
      const renewed = this.session !== undefined && this.session.accessToken !== sentWith;
      if (renewed || (this.expired() && (await this.refresh()))) result = await this.send(spec, input, key, true);
    }
    if (!spec.statuses.includes(result.status)) throw new UnexpectedStatusError(spec.id, result);
    this.remember(spec.path, result);
    return result;
  }

  protected async *pages(spec: OperationSpec, input: CallInput | undefined, mode: PageMode): AsyncGenerator<RawResult, void, undefined> {
    let query: Record<string, unknown> | undefined = { ...(input?.query ?? {}) };
    while (query !== undefined) {
      const result = await this.call(spec, { ...input, query });
      if (result.status !== 200) throw new PageError(spec.id, result);
      yield result;
      query = nextQuery(mode, result, query);
    }
  }

  private expired(): boolean {
    const session = this.session;
    if (session === undefined || session.refreshToken === undefined) return false;
    const expiresAt = session.expiresAt ?? tokenExpiry(session.accessToken);
    // A token whose lifetime cannot be read is treated as expired: a refresh is the only way to learn.
    return expiresAt === undefined || expiresAt <= Date.now();
  }

  private refresh(): Promise<boolean> {
    const refreshToken = this.session?.refreshToken;
    if (refreshPath === undefined || refreshToken === undefined) return Promise.resolve(false);
    const path = refreshPath;
    // Calls that fail together share one refresh: a refresh token is spent on use.
    this.refreshing ??= (async () => {
      try {
        const result = await this.send({ id: 'refresh', method: 'POST', path, statuses: [200], idempotency: 'none' }, { body: { refreshToken } }, undefined, false);
        if (result.status === 401) this.setTokens(undefined);
        if (result.status !== 200) return false;
        this.remember(path, result);
        return true;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** Sign-in, register and refresh answers start a session; logout ends it. */
  private remember(path: string, result: RawResult): void {
    if (!result.ok) return;
    if (path === logoutPath) return this.setTokens(undefined);
    const data = (result.body as { data?: { accessToken?: unknown; refreshToken?: unknown; expiresIn?: unknown } } | undefined)?.data;
    if (typeof data?.accessToken !== 'string') return;
    this.setTokens({
      accessToken: data.accessToken,
      refreshToken: typeof data.refreshToken === 'string' ? data.refreshToken : this.session?.refreshToken,
      expiresAt: typeof data.expiresIn === 'number' ? Date.now() + data.expiresIn * 1000 : undefined,
    });
  }

  private async send(spec: OperationSpec, input: CallInput, idempotencyKey: string | undefined, withToken: boolean): Promise<RawResult> {
    const path = spec.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(input.path?.[name] ?? '')));
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...this.options.headers, ...input.headers };
    if (withToken && this.session !== undefined) headers.authorization = 'Bearer ' + this.session.accessToken;
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
    const init: RequestInit = { method: spec.method, headers };
    if (input.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(input.body);
    }
    if (input.signal !== undefined) init.signal = input.signal;
    const response = await (this.options.fetch ?? fetch)(this.options.baseUrl.replace(/\/+$/, '') + path + queryString(input.query), init);
    const text = await response.text();
    const json = /[/+]json\b/.test(response.headers.get('content-type') ?? '');
    const body: unknown = text === '' ? undefined : json ? JSON.parse(text) : text;
    return { status: response.status, ok: response.status < 400, body, headers: response.headers };
  }
}
`;
