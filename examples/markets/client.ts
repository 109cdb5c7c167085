// A typed client for Markets API (Rampart example) 1.0.0, generated from its OpenAPI document by Rampart.
// Do not edit: regenerate with `rampart client examples/markets/app.ts --out examples/markets/client.ts`.
// Self-contained: it needs only the global fetch (Node.js 20+, browsers, Deno, Bun).

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

/** The auth routes the client uses: refresh on an expired access token; logout ends the session. */
const refreshPath: string | undefined = "/api/v1/auth/refresh";
const logoutPath: string | undefined = "/api/v1/auth/logout";

// Schemas

/** An error, as RFC 9457 Problem Details. Branch on `code`, which never changes meaning. */
export type Problem = {
  type: string;
  /** A short summary of the problem type. */
  title: string;
  status: number;
  /** What went wrong in this occurrence; safe to show. */
  detail?: string;
  /** A stable code from the error catalog. */
  code: "RAMPART_BAD_REQUEST" | "RAMPART_VALIDATION" | "RAMPART_INVALID_QUERY" | "RAMPART_INVALID_JSON" | "RAMPART_WEBHOOK_SIGNATURE" | "RAMPART_IDEMPOTENCY_KEY_INVALID" | "RAMPART_UNAUTHENTICATED" | "RAMPART_FORBIDDEN" | "RAMPART_NOT_FOUND" | "RAMPART_ROUTE_NOT_FOUND" | "RAMPART_METHOD_NOT_ALLOWED" | "RAMPART_UNIQUE_VIOLATION" | "RAMPART_REFERENCE_VIOLATION" | "RAMPART_WEBHOOK_ENDPOINT_DISABLED" | "RAMPART_IDEMPOTENCY_IN_PROGRESS" | "RAMPART_JOB_NOT_RETRYABLE" | "RAMPART_CONFLICT" | "RAMPART_REQUEST_TIMEOUT" | "RAMPART_BODY_TOO_LARGE" | "RAMPART_UNSUPPORTED_MEDIA_TYPE" | "RAMPART_EXPECTATION_FAILED" | "RAMPART_IDEMPOTENCY_KEY_REUSED" | "RAMPART_RATE_LIMITED" | "RAMPART_HEADERS_TOO_LARGE" | "RAMPART_INTERNAL" | "RAMPART_UNAVAILABLE";
  /** The `X-Request-ID` of the request, for support. */
  requestId?: string;
  /** For validation problems: one entry per failing input. */
  errors?: Array<{
    /** Where the bad value sits, e.g. `body.name` or `query.limit`. */
    path: string;
    message: string;
  }>;
};

export type Pagination = {
  /** The page size used. */
  limit: number;
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
  /** All matching records; only with `total=true`. */
  total?: number;
};

/** Prediction markets: a question that resolves yes or no. */
export type Market = {
  id?: string;
  createdAt?: string;
  updatedAt?: string;
  creator?: string | {
    id?: string;
    name?: string | null;
  };
  name?: string;
  description?: string | null;
  status?: "active" | "closed" | "resolved";
  volume?: string;
  endsAt?: string | null;
};

export type MarketCreate = {
  name: string;
  description?: string | null;
  status?: "active" | "closed" | "resolved";
  endsAt?: string | null;
};

export type MarketPatch = {
  name?: string;
  description?: string | null;
  status?: "active" | "closed" | "resolved";
  endsAt?: string | null;
};

export type MarketReplace = {
  name: string;
  description?: string | null;
  status?: "active" | "closed" | "resolved";
  endsAt?: string | null;
};

/** A stake on one side of a market, visible to its owner only. A market's volume is the sum of its positions' amounts. Positions are taken on active markets only, and frozen once their market is closed or resolved: changing, moving or deleting one then answers 409. */
export type Position = {
  id?: string;
  createdAt?: string;
  updatedAt?: string;
  owner?: string | {
    id?: string;
    name?: string | null;
  };
  market?: string | {
    id?: string;
    createdAt?: string;
    updatedAt?: string;
    creator?: string | {
      id?: string;
      name?: string | null;
    };
    name?: string;
    description?: string | null;
    status?: "active" | "closed" | "resolved";
    volume?: string;
    endsAt?: string | null;
  };
  side?: "yes" | "no";
  amount?: string;
};

export type PositionCreate = {
  market: string;
  side: "yes" | "no";
  amount: string;
};

export type PositionPatch = {
  market?: string;
  side?: "yes" | "no";
  amount?: string;
};

export type PositionReplace = {
  market: string;
  side: "yes" | "no";
  amount: string;
};

/** Discussion posts. */
export type Post = {
  id?: string;
  createdAt?: string;
  updatedAt?: string;
  author?: string | {
    id?: string;
    name?: string | null;
  };
  title?: string;
  body?: string;
};

export type PostCreate = {
  title: string;
  body: string;
};

export type PostPatch = {
  title?: string;
  body?: string;
};

export type PostReplace = {
  title: string;
  body: string;
};

/** Orders paid through Stripe Checkout; the Stripe webhook marks them paid. */
export type Order = {
  id?: string;
  createdAt?: string;
  updatedAt?: string;
  customer?: string | {
    id?: string;
    name?: string | null;
  };
  reference?: string;
  amountTotal?: string;
  status?: "pending" | "paid";
  checkoutSessionId?: string | null;
};

export type OrderCreate = {
  reference: string;
  amountTotal: string;
  status?: "pending" | "paid";
  checkoutSessionId?: string | null;
};

export type OrderPatch = {
  reference?: string;
  amountTotal?: string;
  status?: "pending" | "paid";
  checkoutSessionId?: string | null;
};

export type OrderReplace = {
  reference: string;
  amountTotal: string;
  status?: "pending" | "paid";
  checkoutSessionId?: string | null;
};

/** Search entries of markets, refreshed by a background job after each change. */
export type SearchEntry = {
  id?: string;
  createdAt?: string;
  updatedAt?: string;
  market?: string | {
    id?: string;
    createdAt?: string;
    updatedAt?: string;
    creator?: string | {
      id?: string;
      name?: string | null;
    };
    name?: string;
    description?: string | null;
    status?: "active" | "closed" | "resolved";
    volume?: string;
    endsAt?: string | null;
  };
  text?: string;
  status?: "active" | "closed" | "resolved";
};

export type PostAuthRegisterResponse = {
  data: {
    user: {
      id: string;
      email: string;
      name: string | null;
      role: string;
      createdAt: string;
      updatedAt: string;
    };
    accessToken: string;
    refreshToken?: string;
    tokenType: "Bearer";
    expiresIn: number;
  };
};

export type PostAuthRegisterBody = {
  email: string;
  password: string;
  name?: string;
};

export type PostAuthLoginResponse = {
  data: {
    user: {
      id: string;
      email: string;
      name: string | null;
      role: string;
      createdAt: string;
      updatedAt: string;
    };
    accessToken: string;
    refreshToken?: string;
    tokenType: "Bearer";
    expiresIn: number;
  };
};

export type PostAuthLoginBody = {
  email: string;
  password: string;
};

export type PostAuthRefreshResponse = {
  data: {
    user: {
      id: string;
      email: string;
      name: string | null;
      role: string;
      createdAt: string;
      updatedAt: string;
    };
    accessToken: string;
    refreshToken?: string;
    tokenType: "Bearer";
    expiresIn: number;
  };
};

export type PostAuthRefreshBody = {
  refreshToken?: string;
} | null;

export type PostAuthLogoutBody = {
  refreshToken?: string;
} | null;

export type GetAuthMeResponse = {
  data: {
    id: string;
    email: string;
    name: string | null;
    role: string;
    createdAt: string;
    updatedAt: string;
  };
};

export type PostAuthPasswordBody = {
  currentPassword: string;
  newPassword: string;
  refreshToken?: string;
};

export type GetAdminUsersResponse = {
  data: Array<{
    id: string;
    email: string;
    name: string | null;
    role: string;
    createdAt: string;
    updatedAt: string;
  }>;
  pagination: {
    limit: number;
    offset: number;
  };
};

export type PatchAuthMeResponse = {
  data: {
    id: string;
    email: string;
    name: string | null;
    role: string;
    createdAt: string;
    updatedAt: string;
  };
};

export type PatchAuthMeBody = {
  name?: string | null;
};

export type PostAuthEmailResponse = {
  data: {
    id: string;
    email: string;
    name: string | null;
    role: string;
    createdAt: string;
    updatedAt: string;
  };
};

export type PostAuthEmailBody = {
  currentPassword: string;
  newEmail: string;
  refreshToken?: string;
};

export type GetAdminWebhookEndpointsResponse = {
  data: Array<{
    id: string;
    url: string;
    description: string | null;
    eventTypes: string[];
    enabled: boolean;
    disabledReason: string | null;
    createdAt: string;
    updatedAt: string;
  }>;
  pagination: {
    limit: number;
    nextCursor: string | null;
  };
};

export type PostAdminWebhookEndpointsResponse = {
  data: {
    id: string;
    url: string;
    description: string | null;
    eventTypes: string[];
    enabled: boolean;
    disabledReason: string | null;
    createdAt: string;
    updatedAt: string;
    secret: string;
  };
};

export type PostAdminWebhookEndpointsBody = {
  url: string;
  description?: string;
  eventTypes: string[];
  secret?: string;
  enabled?: boolean;
};

export type GetAdminWebhookEndpointsByIdResponse = {
  data: {
    id: string;
    url: string;
    description: string | null;
    eventTypes: string[];
    enabled: boolean;
    disabledReason: string | null;
    createdAt: string;
    updatedAt: string;
  };
};

export type PatchAdminWebhookEndpointsByIdResponse = {
  data: {
    id: string;
    url: string;
    description: string | null;
    eventTypes: string[];
    enabled: boolean;
    disabledReason: string | null;
    createdAt: string;
    updatedAt: string;
  };
};

export type PatchAdminWebhookEndpointsByIdBody = {
  url?: string;
  description?: string | null;
  eventTypes?: string[];
  enabled?: boolean;
};

export type PostAdminWebhookEndpointsByIdRotateSecretResponse = {
  data: {
    id: string;
    url: string;
    description: string | null;
    eventTypes: string[];
    enabled: boolean;
    disabledReason: string | null;
    createdAt: string;
    updatedAt: string;
    secret: string;
  };
};

export type GetAdminWebhookEndpointsByIdDeliveriesResponse = {
  data: Array<{
    id: string;
    endpointId: string;
    eventId: string;
    eventType: string;
    status: "pending" | "delivered" | "failed" | "dead";
    attempts: number;
    lastStatusCode: number | null;
    lastError: string | null;
    nextAttemptAt: string | null;
    deliveredAt: string | null;
    createdAt: string;
    updatedAt: string;
  }>;
  pagination: {
    limit: number;
    nextCursor: string | null;
  };
};

export type GetAdminWebhookDeliveriesByIdResponse = {
  data: {
    id: string;
    endpointId: string;
    eventId: string;
    eventType: string;
    status: "pending" | "delivered" | "failed" | "dead";
    attempts: number;
    lastStatusCode: number | null;
    lastError: string | null;
    nextAttemptAt: string | null;
    deliveredAt: string | null;
    createdAt: string;
    updatedAt: string;
    payload: string;
  };
};

export type PostAdminWebhookDeliveriesByIdReplayResponse = {
  data: {
    id: string;
    endpointId: string;
    eventId: string;
    eventType: string;
    status: "pending" | "delivered" | "failed" | "dead";
    attempts: number;
    lastStatusCode: number | null;
    lastError: string | null;
    nextAttemptAt: string | null;
    deliveredAt: string | null;
    createdAt: string;
    updatedAt: string;
  };
};

export type PostMarketsByIdPositionsResponse = {
  data: {
    id: string;
    market: string;
    side: "yes" | "no";
    amount: string;
    owner: string;
    createdAt: string;
    updatedAt: string;
  };
};

export type PostMarketsByIdPositionsBody = {
  side: "yes" | "no";
  amount: string;
};

export type GetAdminJobsResponse = {
  data: Array<{
    id: string;
    name: string;
    key: string | null;
    payload: unknown;
    status: "queued" | "running" | "done" | "failed" | "dead";
    attempts: number;
    maxAttempts: number;
    runAt: string;
    lockedBy: string | null;
    lockedUntil: string | null;
    lastError: string | null;
    createdAt: string;
    updatedAt: string;
    finishedAt: string | null;
  }>;
  pagination: {
    limit: number;
    next: string | null;
  };
};

export type GetAdminJobsByIdResponse = {
  data: {
    id: string;
    name: string;
    key: string | null;
    payload: unknown;
    status: "queued" | "running" | "done" | "failed" | "dead";
    attempts: number;
    maxAttempts: number;
    runAt: string;
    lockedBy: string | null;
    lockedUntil: string | null;
    lastError: string | null;
    createdAt: string;
    updatedAt: string;
    finishedAt: string | null;
  };
};

export type PostAdminJobsByIdRetryResponse = {
  data: {
    id: string;
    name: string;
    key: string | null;
    payload: unknown;
    status: "queued" | "running" | "done" | "failed" | "dead";
    attempts: number;
    maxAttempts: number;
    runAt: string;
    lockedBy: string | null;
    lockedUntil: string | null;
    lastError: string | null;
    createdAt: string;
    updatedAt: string;
    finishedAt: string | null;
  };
};

export type PostWebhooksStripeResponse = {
  received: true;
  duplicate?: true;
  ignored?: true;
};

export type PostWebhooksStripeBody = {
  [key: string]: unknown;
};

// Operations

export interface ListMarketsInput extends CallOptions {
  query?: {
    q?: string;
    id?: {
      eq?: string;
      ne?: string;
      in?: string;
    };
    createdAt?: {
      eq?: string;
      ne?: string;
      gt?: string;
      gte?: string;
      lt?: string;
      lte?: string;
      in?: string;
    };
    updatedAt?: {
      eq?: string;
      ne?: string;
      gt?: string;
      gte?: string;
      lt?: string;
      lte?: string;
      in?: string;
    };
    creator?: {
      eq?: string;
      ne?: string;
      in?: string;
    };
    status?: {
      eq?: "active" | "closed" | "resolved";
      ne?: "active" | "closed" | "resolved";
      in?: string;
    };
    volume?: {
      eq?: string;
      ne?: string;
      gt?: string;
      gte?: string;
      lt?: string;
      lte?: string;
      in?: string;
    };
    endsAt?: {
      eq?: string;
      ne?: string;
      gt?: string;
      gte?: string;
      lt?: string;
      lte?: string;
      in?: string;
    };
    sort?: string;
    limit?: number;
    cursor?: string;
    offset?: number;
    total?: boolean;
    fields?: Array<"id" | "createdAt" | "updatedAt" | "creator" | "name" | "description" | "status" | "volume" | "endsAt">;
    include?: Array<"creator">;
  };
}

export type ListMarketsResult =
  | { status: 200; ok: true; body: {
      data: Market[];
      pagination: Pagination;
    }; headers: Headers }
  | { status: 304; ok: true; body: undefined; headers: Headers }
  | { status: 400 | 401 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

/** A page of listMarkets: its 200 answer. */
export type ListMarketsPage = Extract<ListMarketsResult, { status: 200 }>;

export interface CreateMarketInput extends CallOptions {
  body: MarketCreate;
  /** Makes a retry safe; a new key is generated for each call unless given. */
  idempotencyKey?: string;
}

export type CreateMarketResult =
  | { status: 201; ok: true; body: {
      data: Market;
    }; headers: Headers }
  | { status: 400 | 401 | 403 | 409 | 413 | 415 | 422 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface GetMarketInput extends CallOptions {
  path: {
    id: string | number;
  };
  query?: {
    fields?: Array<"id" | "createdAt" | "updatedAt" | "creator" | "name" | "description" | "status" | "volume" | "endsAt">;
    include?: Array<"creator">;
  };
}

export type GetMarketResult =
  | { status: 200; ok: true; body: {
      data: Market;
    }; headers: Headers }
  | { status: 304; ok: true; body: undefined; headers: Headers }
  | { status: 400 | 401 | 404 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface ReplaceMarketInput extends CallOptions {
  path: {
    id: string | number;
  };
  body: MarketReplace;
}

export type ReplaceMarketResult =
  | { status: 200; ok: true; body: {
      data: Market;
    }; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface UpdateMarketInput extends CallOptions {
  path: {
    id: string | number;
  };
  body: MarketPatch;
  /** Makes a retry safe: pass the same key when retrying. */
  idempotencyKey?: string;
}

export type UpdateMarketResult =
  | { status: 200; ok: true; body: {
      data: Market;
    }; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface DeleteMarketInput extends CallOptions {
  path: {
    id: string | number;
  };
}

export type DeleteMarketResult =
  | { status: 204; ok: true; body: undefined; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface ListPositionsInput extends CallOptions {
  query?: {
    id?: {
      eq?: string;
      ne?: string;
      in?: string;
    };
    createdAt?: {
      eq?: string;
      ne?: string;
      gt?: string;
      gte?: string;
      lt?: string;
      lte?: string;
      in?: string;
    };
    updatedAt?: {
      eq?: string;
      ne?: string;
      gt?: string;
      gte?: string;
      lt?: string;
      lte?: string;
      in?: string;
    };
    owner?: {
      eq?: string;
      ne?: string;
      in?: string;
    };
    market?: {
      eq?: string;
      ne?: string;
      in?: string;
    };
    side?: {
      eq?: "yes" | "no";
      ne?: "yes" | "no";
      in?: string;
    };
    amount?: {
      eq?: string;
      ne?: string;
      gt?: string;
      gte?: string;
      lt?: string;
      lte?: string;
      in?: string;
    };
    sort?: string;
    limit?: number;
    cursor?: string;
    offset?: number;
    total?: boolean;
    fields?: Array<"id" | "createdAt" | "updatedAt" | "owner" | "market" | "side" | "amount">;
    include?: Array<"owner" | "market">;
  };
}

export type ListPositionsResult =
  | { status: 200; ok: true; body: {
      data: Position[];
      pagination: Pagination;
    }; headers: Headers }
  | { status: 304; ok: true; body: undefined; headers: Headers }
  | { status: 400 | 401 | 403 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

/** A page of listPositions: its 200 answer. */
export type ListPositionsPage = Extract<ListPositionsResult, { status: 200 }>;

export interface CreatePositionInput extends CallOptions {
  body: PositionCreate;
  /** Makes a retry safe; a new key is generated for each call unless given. */
  idempotencyKey?: string;
}

export type CreatePositionResult =
  | { status: 201; ok: true; body: {
      data: Position;
    }; headers: Headers }
  | { status: 400 | 401 | 403 | 409 | 413 | 415 | 422 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface GetPositionInput extends CallOptions {
  path: {
    id: string | number;
  };
  query?: {
    fields?: Array<"id" | "createdAt" | "updatedAt" | "owner" | "market" | "side" | "amount">;
    include?: Array<"owner" | "market">;
  };
}

export type GetPositionResult =
  | { status: 200; ok: true; body: {
      data: Position;
    }; headers: Headers }
  | { status: 304; ok: true; body: undefined; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface ReplacePositionInput extends CallOptions {
  path: {
    id: string | number;
  };
  body: PositionReplace;
}

export type ReplacePositionResult =
  | { status: 200; ok: true; body: {
      data: Position;
    }; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface UpdatePositionInput extends CallOptions {
  path: {
    id: string | number;
  };
  body: PositionPatch;
  /** Makes a retry safe: pass the same key when retrying. */
  idempotencyKey?: string;
}

export type UpdatePositionResult =
  | { status: 200; ok: true; body: {
      data: Position;
    }; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface DeletePositionInput extends CallOptions {
  path: {
    id: string | number;
  };
}

export type DeletePositionResult =
  | { status: 204; ok: true; body: undefined; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 409 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface ListPostsInput extends CallOptions {
  query?: {
    q?: string;
    id?: {
      eq?: string;
      ne?: string;
      in?: string;
    };
    createdAt?: {
      eq?: string;
      ne?: string;
      gt?: string;
      gte?: string;
      lt?: string;
      lte?: string;
      in?: string;
    };
    updatedAt?: {
      eq?: string;
      ne?: string;
      gt?: string;
      gte?: string;
      lt?: string;
      lte?: string;
      in?: string;
    };
    author?: {
      eq?: string;
      ne?: string;
      in?: string;
    };
    sort?: string;
    limit?: number;
    cursor?: string;
    offset?: number;
    total?: boolean;
    fields?: Array<"id" | "createdAt" | "updatedAt" | "author" | "title" | "body">;
    include?: Array<"author">;
  };
}

export type ListPostsResult =
  | { status: 200; ok: true; body: {
      data: Post[];
      pagination: Pagination;
    }; headers: Headers }
  | { status: 304; ok: true; body: undefined; headers: Headers }
  | { status: 400 | 401 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

/** A page of listPosts: its 200 answer. */
export type ListPostsPage = Extract<ListPostsResult, { status: 200 }>;

export interface CreatePostInput extends CallOptions {
  body: PostCreate;
  /** Makes a retry safe; a new key is generated for each call unless given. */
  idempotencyKey?: string;
}

export type CreatePostResult =
  | { status: 201; ok: true; body: {
      data: Post;
    }; headers: Headers }
  | { status: 400 | 401 | 403 | 409 | 413 | 415 | 422 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface GetPostInput extends CallOptions {
  path: {
    id: string | number;
  };
  query?: {
    fields?: Array<"id" | "createdAt" | "updatedAt" | "author" | "title" | "body">;
    include?: Array<"author">;
  };
}

export type GetPostResult =
  | { status: 200; ok: true; body: {
      data: Post;
    }; headers: Headers }
  | { status: 304; ok: true; body: undefined; headers: Headers }
  | { status: 400 | 401 | 404 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface ReplacePostInput extends CallOptions {
  path: {
    id: string | number;
  };
  body: PostReplace;
}

export type ReplacePostResult =
  | { status: 200; ok: true; body: {
      data: Post;
    }; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 413 | 415 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface UpdatePostInput extends CallOptions {
  path: {
    id: string | number;
  };
  body: PostPatch;
  /** Makes a retry safe: pass the same key when retrying. */
  idempotencyKey?: string;
}

export type UpdatePostResult =
  | { status: 200; ok: true; body: {
      data: Post;
    }; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface DeletePostInput extends CallOptions {
  path: {
    id: string | number;
  };
}

export type DeletePostResult =
  | { status: 204; ok: true; body: undefined; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface ListOrdersInput extends CallOptions {
  query?: {
    id?: {
      eq?: string;
      ne?: string;
      in?: string;
    };
    createdAt?: {
      eq?: string;
      ne?: string;
      gt?: string;
      gte?: string;
      lt?: string;
      lte?: string;
      in?: string;
    };
    updatedAt?: {
      eq?: string;
      ne?: string;
      gt?: string;
      gte?: string;
      lt?: string;
      lte?: string;
      in?: string;
    };
    customer?: {
      eq?: string;
      ne?: string;
      in?: string;
    };
    status?: {
      eq?: "pending" | "paid";
      ne?: "pending" | "paid";
      in?: string;
    };
    sort?: string;
    limit?: number;
    cursor?: string;
    offset?: number;
    total?: boolean;
    fields?: Array<"id" | "createdAt" | "updatedAt" | "customer" | "reference" | "amountTotal" | "status" | "checkoutSessionId">;
    include?: Array<"customer">;
  };
}

export type ListOrdersResult =
  | { status: 200; ok: true; body: {
      data: Order[];
      pagination: Pagination;
    }; headers: Headers }
  | { status: 304; ok: true; body: undefined; headers: Headers }
  | { status: 400 | 401 | 403 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

/** A page of listOrders: its 200 answer. */
export type ListOrdersPage = Extract<ListOrdersResult, { status: 200 }>;

export interface CreateOrderInput extends CallOptions {
  body: OrderCreate;
  /** Makes a retry safe; a new key is generated for each call unless given. */
  idempotencyKey?: string;
}

export type CreateOrderResult =
  | { status: 201; ok: true; body: {
      data: Order;
    }; headers: Headers }
  | { status: 400 | 401 | 403 | 409 | 413 | 415 | 422 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface GetOrderInput extends CallOptions {
  path: {
    id: string | number;
  };
  query?: {
    fields?: Array<"id" | "createdAt" | "updatedAt" | "customer" | "reference" | "amountTotal" | "status" | "checkoutSessionId">;
    include?: Array<"customer">;
  };
}

export type GetOrderResult =
  | { status: 200; ok: true; body: {
      data: Order;
    }; headers: Headers }
  | { status: 304; ok: true; body: undefined; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface ReplaceOrderInput extends CallOptions {
  path: {
    id: string | number;
  };
  body: OrderReplace;
}

export type ReplaceOrderResult =
  | { status: 200; ok: true; body: {
      data: Order;
    }; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface UpdateOrderInput extends CallOptions {
  path: {
    id: string | number;
  };
  body: OrderPatch;
  /** Makes a retry safe: pass the same key when retrying. */
  idempotencyKey?: string;
}

export type UpdateOrderResult =
  | { status: 200; ok: true; body: {
      data: Order;
    }; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface DeleteOrderInput extends CallOptions {
  path: {
    id: string | number;
  };
}

export type DeleteOrderResult =
  | { status: 204; ok: true; body: undefined; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface ListSearchEntriesInput extends CallOptions {
  query?: {
    q?: string;
    id?: {
      eq?: string;
      ne?: string;
      in?: string;
    };
    createdAt?: {
      eq?: string;
      ne?: string;
      gt?: string;
      gte?: string;
      lt?: string;
      lte?: string;
      in?: string;
    };
    updatedAt?: {
      eq?: string;
      ne?: string;
      gt?: string;
      gte?: string;
      lt?: string;
      lte?: string;
      in?: string;
    };
    market?: {
      eq?: string;
      ne?: string;
      in?: string;
    };
    status?: {
      eq?: "active" | "closed" | "resolved";
      ne?: "active" | "closed" | "resolved";
      in?: string;
    };
    sort?: string;
    limit?: number;
    cursor?: string;
    offset?: number;
    total?: boolean;
    fields?: Array<"id" | "createdAt" | "updatedAt" | "market" | "text" | "status">;
    include?: Array<"market">;
  };
}

export type ListSearchEntriesResult =
  | { status: 200; ok: true; body: {
      data: SearchEntry[];
      pagination: Pagination;
    }; headers: Headers }
  | { status: 304; ok: true; body: undefined; headers: Headers }
  | { status: 400 | 401 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

/** A page of listSearchEntries: its 200 answer. */
export type ListSearchEntriesPage = Extract<ListSearchEntriesResult, { status: 200 }>;

export interface GetSearchEntryInput extends CallOptions {
  path: {
    id: string | number;
  };
  query?: {
    fields?: Array<"id" | "createdAt" | "updatedAt" | "market" | "text" | "status">;
    include?: Array<"market">;
  };
}

export type GetSearchEntryResult =
  | { status: 200; ok: true; body: {
      data: SearchEntry;
    }; headers: Headers }
  | { status: 304; ok: true; body: undefined; headers: Headers }
  | { status: 400 | 401 | 404 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface PostAuthRegisterInput extends CallOptions {
  body: PostAuthRegisterBody;
}

export type PostAuthRegisterResult =
  | { status: 201; ok: true; body: PostAuthRegisterResponse; headers: Headers }
  | { status: 400 | 401 | 413 | 415 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface PostAuthLoginInput extends CallOptions {
  body: PostAuthLoginBody;
}

export type PostAuthLoginResult =
  | { status: 200; ok: true; body: PostAuthLoginResponse; headers: Headers }
  | { status: 400 | 401 | 413 | 415 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface PostAuthRefreshInput extends CallOptions {
  body?: PostAuthRefreshBody;
}

export type PostAuthRefreshResult =
  | { status: 200; ok: true; body: PostAuthRefreshResponse; headers: Headers }
  | { status: 400 | 401 | 413 | 415 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface PostAuthLogoutInput extends CallOptions {
  body?: PostAuthLogoutBody;
}

export type PostAuthLogoutResult =
  | { status: 204; ok: true; body: undefined; headers: Headers }
  | { status: 400 | 401 | 413 | 415 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export type GetAuthMeInput = CallOptions;

export type GetAuthMeResult =
  | { status: 200; ok: true; body: GetAuthMeResponse; headers: Headers }
  | { status: 400 | 401 | 403 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface PatchAuthMeInput extends CallOptions {
  body: PatchAuthMeBody;
}

export type PatchAuthMeResult =
  | { status: 200; ok: true; body: PatchAuthMeResponse; headers: Headers }
  | { status: 400 | 401 | 403 | 413 | 415 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface PostAuthPasswordInput extends CallOptions {
  body: PostAuthPasswordBody;
}

export type PostAuthPasswordResult =
  | { status: 204; ok: true; body: undefined; headers: Headers }
  | { status: 400 | 401 | 403 | 413 | 415 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface GetAdminUsersInput extends CallOptions {
  query?: {
    limit?: number;
    offset?: number;
  };
}

export type GetAdminUsersResult =
  | { status: 200; ok: true; body: GetAdminUsersResponse; headers: Headers }
  | { status: 400 | 401 | 403 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

/** A page of getAdminUsers: its 200 answer. */
export type GetAdminUsersPage = Extract<GetAdminUsersResult, { status: 200 }>;

export interface PostAuthEmailInput extends CallOptions {
  body: PostAuthEmailBody;
}

export type PostAuthEmailResult =
  | { status: 200; ok: true; body: PostAuthEmailResponse; headers: Headers }
  | { status: 400 | 401 | 403 | 413 | 415 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface GetAdminWebhookEndpointsInput extends CallOptions {
  query?: {
    limit?: number;
    cursor?: string;
  };
}

export type GetAdminWebhookEndpointsResult =
  | { status: 200; ok: true; body: GetAdminWebhookEndpointsResponse; headers: Headers }
  | { status: 400 | 401 | 403 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

/** A page of getAdminWebhookEndpoints: its 200 answer. */
export type GetAdminWebhookEndpointsPage = Extract<GetAdminWebhookEndpointsResult, { status: 200 }>;

export interface PostAdminWebhookEndpointsInput extends CallOptions {
  body: PostAdminWebhookEndpointsBody;
  /** Makes a retry safe; a new key is generated for each call unless given. */
  idempotencyKey?: string;
}

export type PostAdminWebhookEndpointsResult =
  | { status: 201; ok: true; body: PostAdminWebhookEndpointsResponse; headers: Headers }
  | { status: 400 | 401 | 403 | 409 | 413 | 415 | 422 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface GetAdminWebhookEndpointsByIdInput extends CallOptions {
  path: {
    id: string | number;
  };
}

export type GetAdminWebhookEndpointsByIdResult =
  | { status: 200; ok: true; body: GetAdminWebhookEndpointsByIdResponse; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface PatchAdminWebhookEndpointsByIdInput extends CallOptions {
  path: {
    id: string | number;
  };
  body: PatchAdminWebhookEndpointsByIdBody;
  /** Makes a retry safe: pass the same key when retrying. */
  idempotencyKey?: string;
}

export type PatchAdminWebhookEndpointsByIdResult =
  | { status: 200; ok: true; body: PatchAdminWebhookEndpointsByIdResponse; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface DeleteAdminWebhookEndpointsByIdInput extends CallOptions {
  path: {
    id: string | number;
  };
}

export type DeleteAdminWebhookEndpointsByIdResult =
  | { status: 204; ok: true; body: undefined; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface PostAdminWebhookEndpointsByIdRotateSecretInput extends CallOptions {
  path: {
    id: string | number;
  };
  /** Makes a retry safe; a new key is generated for each call unless given. */
  idempotencyKey?: string;
}

export type PostAdminWebhookEndpointsByIdRotateSecretResult =
  | { status: 200; ok: true; body: PostAdminWebhookEndpointsByIdRotateSecretResponse; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface GetAdminWebhookEndpointsByIdDeliveriesInput extends CallOptions {
  path: {
    id: string | number;
  };
  query?: {
    limit?: number;
    cursor?: string;
    status?: "pending" | "delivered" | "failed" | "dead";
  };
}

export type GetAdminWebhookEndpointsByIdDeliveriesResult =
  | { status: 200; ok: true; body: GetAdminWebhookEndpointsByIdDeliveriesResponse; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

/** A page of getAdminWebhookEndpointsByIdDeliveries: its 200 answer. */
export type GetAdminWebhookEndpointsByIdDeliveriesPage = Extract<GetAdminWebhookEndpointsByIdDeliveriesResult, { status: 200 }>;

export interface GetAdminWebhookDeliveriesByIdInput extends CallOptions {
  path: {
    id: string | number;
  };
}

export type GetAdminWebhookDeliveriesByIdResult =
  | { status: 200; ok: true; body: GetAdminWebhookDeliveriesByIdResponse; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface PostAdminWebhookDeliveriesByIdReplayInput extends CallOptions {
  path: {
    id: string | number;
  };
  /** Makes a retry safe; a new key is generated for each call unless given. */
  idempotencyKey?: string;
}

export type PostAdminWebhookDeliveriesByIdReplayResult =
  | { status: 200; ok: true; body: PostAdminWebhookDeliveriesByIdReplayResponse; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface PostMarketsByIdPositionsInput extends CallOptions {
  path: {
    id: string | number;
  };
  body: PostMarketsByIdPositionsBody;
  /** Makes a retry safe; a new key is generated for each call unless given. */
  idempotencyKey?: string;
}

export type PostMarketsByIdPositionsResult =
  | { status: 201; ok: true; body: PostMarketsByIdPositionsResponse; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface GetAdminJobsInput extends CallOptions {
  query?: {
    status?: "queued" | "running" | "done" | "failed" | "dead";
    name?: string;
    before?: string;
    limit?: number;
  };
}

export type GetAdminJobsResult =
  | { status: 200; ok: true; body: GetAdminJobsResponse; headers: Headers }
  | { status: 400 | 401 | 403 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface GetAdminJobsByIdInput extends CallOptions {
  path: {
    id: string | number;
  };
}

export type GetAdminJobsByIdResult =
  | { status: 200; ok: true; body: GetAdminJobsByIdResponse; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface PostAdminJobsByIdRetryInput extends CallOptions {
  path: {
    id: string | number;
  };
  /** Makes a retry safe; a new key is generated for each call unless given. */
  idempotencyKey?: string;
}

export type PostAdminJobsByIdRetryResult =
  | { status: 200; ok: true; body: PostAdminJobsByIdRetryResponse; headers: Headers }
  | { status: 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export interface PostWebhooksStripeInput extends CallOptions {
  body: PostWebhooksStripeBody;
  /** Makes a retry safe; a new key is generated for each call unless given. */
  idempotencyKey?: string;
}

export type PostWebhooksStripeResult =
  | { status: 200; ok: true; body: PostWebhooksStripeResponse; headers: Headers }
  | { status: 400 | 401 | 409 | 413 | 415 | 422 | 429 | 500 | 503; ok: false; body: Problem; headers: Headers };

export type GetLivenessInput = CallOptions;

export type GetLivenessResult =
  | { status: 200; ok: true; body: {
      status: "ok";
    }; headers: Headers };

export type GetReadinessInput = CallOptions;

export type GetReadinessResult =
  | { status: 200; ok: true; body: {
      /** `degraded`: a non-critical dependency (Redis) is down; the app still serves. */
      status: "ok" | "degraded";
      /** The state of each dependency, e.g. `{ "database": "ok" }`. */
      checks: {
        [key: string]: "ok" | "down";
      };
    }; headers: Headers }
  | { status: 503; ok: false; body: Problem; headers: Headers };

export type GetMetricsInput = CallOptions;

export type GetMetricsResult =
  | { status: 200; ok: true; body: string; headers: Headers };

/** The API's operations, one method each; results are typed per status. */
export class ApiClient extends ClientCore {
  /**
   * List markets: `GET /api/v1/markets`, access: public.
   */
  listMarkets(input?: ListMarketsInput): Promise<ListMarketsResult> {
    return this.call({ id: "listMarkets", method: "GET", path: "/api/v1/markets", statuses: [200, 304, 400, 401, 429, 500, 503], idempotency: 'none' }, input) as Promise<ListMarketsResult>;
  }

  /**
   * Every page of listMarkets, following pagination.nextCursor; a page that is not a 200 throws a PageError.
   *
   * @example
   * for await (const page of client.listMarketsPages({ query: { limit: 50 } })) console.log(page.body);
   */
  listMarketsPages(input?: ListMarketsInput): AsyncGenerator<ListMarketsPage, void, undefined> {
    return this.pages({ id: "listMarkets", method: "GET", path: "/api/v1/markets", statuses: [200, 304, 400, 401, 429, 500, 503], idempotency: 'none' }, input, { kind: 'cursor' }) as AsyncGenerator<ListMarketsPage, void, undefined>;
  }

  /**
   * Create a market: `POST /api/v1/markets`, access: authenticated.
   */
  createMarket(input: CreateMarketInput): Promise<CreateMarketResult> {
    return this.call({ id: "createMarket", method: "POST", path: "/api/v1/markets", statuses: [201, 400, 401, 403, 409, 413, 415, 422, 429, 500, 503], idempotency: 'auto' }, input) as Promise<CreateMarketResult>;
  }

  /**
   * Get a market: `GET /api/v1/markets/{id}`, access: public.
   */
  getMarket(input: GetMarketInput): Promise<GetMarketResult> {
    return this.call({ id: "getMarket", method: "GET", path: "/api/v1/markets/{id}", statuses: [200, 304, 400, 401, 404, 429, 500, 503], idempotency: 'none' }, input) as Promise<GetMarketResult>;
  }

  /**
   * Replace a market: `PUT /api/v1/markets/{id}`, access: any(owner, role(admin)).
   */
  replaceMarket(input: ReplaceMarketInput): Promise<ReplaceMarketResult> {
    return this.call({ id: "replaceMarket", method: "PUT", path: "/api/v1/markets/{id}", statuses: [200, 400, 401, 403, 404, 409, 413, 415, 429, 500, 503], idempotency: 'none' }, input) as Promise<ReplaceMarketResult>;
  }

  /**
   * Update a market: `PATCH /api/v1/markets/{id}`, access: any(owner, role(admin)).
   */
  updateMarket(input: UpdateMarketInput): Promise<UpdateMarketResult> {
    return this.call({ id: "updateMarket", method: "PATCH", path: "/api/v1/markets/{id}", statuses: [200, 400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503], idempotency: 'given' }, input) as Promise<UpdateMarketResult>;
  }

  /**
   * Delete a market: `DELETE /api/v1/markets/{id}`, access: any(owner, role(admin)).
   */
  deleteMarket(input: DeleteMarketInput): Promise<DeleteMarketResult> {
    return this.call({ id: "deleteMarket", method: "DELETE", path: "/api/v1/markets/{id}", statuses: [204, 400, 401, 403, 404, 429, 500, 503], idempotency: 'none' }, input) as Promise<DeleteMarketResult>;
  }

  /**
   * List positions: `GET /api/v1/positions`, access: owner.
   */
  listPositions(input?: ListPositionsInput): Promise<ListPositionsResult> {
    return this.call({ id: "listPositions", method: "GET", path: "/api/v1/positions", statuses: [200, 304, 400, 401, 403, 429, 500, 503], idempotency: 'none' }, input) as Promise<ListPositionsResult>;
  }

  /**
   * Every page of listPositions, following pagination.nextCursor; a page that is not a 200 throws a PageError.
   *
   * @example
   * for await (const page of client.listPositionsPages({ query: { limit: 50 } })) console.log(page.body);
   */
  listPositionsPages(input?: ListPositionsInput): AsyncGenerator<ListPositionsPage, void, undefined> {
    return this.pages({ id: "listPositions", method: "GET", path: "/api/v1/positions", statuses: [200, 304, 400, 401, 403, 429, 500, 503], idempotency: 'none' }, input, { kind: 'cursor' }) as AsyncGenerator<ListPositionsPage, void, undefined>;
  }

  /**
   * Create a position: `POST /api/v1/positions`, access: authenticated.
   */
  createPosition(input: CreatePositionInput): Promise<CreatePositionResult> {
    return this.call({ id: "createPosition", method: "POST", path: "/api/v1/positions", statuses: [201, 400, 401, 403, 409, 413, 415, 422, 429, 500, 503], idempotency: 'auto' }, input) as Promise<CreatePositionResult>;
  }

  /**
   * Get a position: `GET /api/v1/positions/{id}`, access: owner.
   */
  getPosition(input: GetPositionInput): Promise<GetPositionResult> {
    return this.call({ id: "getPosition", method: "GET", path: "/api/v1/positions/{id}", statuses: [200, 304, 400, 401, 403, 404, 429, 500, 503], idempotency: 'none' }, input) as Promise<GetPositionResult>;
  }

  /**
   * Replace a position: `PUT /api/v1/positions/{id}`, access: owner.
   */
  replacePosition(input: ReplacePositionInput): Promise<ReplacePositionResult> {
    return this.call({ id: "replacePosition", method: "PUT", path: "/api/v1/positions/{id}", statuses: [200, 400, 401, 403, 404, 409, 413, 415, 429, 500, 503], idempotency: 'none' }, input) as Promise<ReplacePositionResult>;
  }

  /**
   * Update a position: `PATCH /api/v1/positions/{id}`, access: owner.
   */
  updatePosition(input: UpdatePositionInput): Promise<UpdatePositionResult> {
    return this.call({ id: "updatePosition", method: "PATCH", path: "/api/v1/positions/{id}", statuses: [200, 400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503], idempotency: 'given' }, input) as Promise<UpdatePositionResult>;
  }

  /**
   * Delete a position: `DELETE /api/v1/positions/{id}`, access: owner.
   */
  deletePosition(input: DeletePositionInput): Promise<DeletePositionResult> {
    return this.call({ id: "deletePosition", method: "DELETE", path: "/api/v1/positions/{id}", statuses: [204, 400, 401, 403, 404, 409, 429, 500, 503], idempotency: 'none' }, input) as Promise<DeletePositionResult>;
  }

  /**
   * List posts: `GET /api/v1/posts`, access: public.
   */
  listPosts(input?: ListPostsInput): Promise<ListPostsResult> {
    return this.call({ id: "listPosts", method: "GET", path: "/api/v1/posts", statuses: [200, 304, 400, 401, 429, 500, 503], idempotency: 'none' }, input) as Promise<ListPostsResult>;
  }

  /**
   * Every page of listPosts, following pagination.nextCursor; a page that is not a 200 throws a PageError.
   *
   * @example
   * for await (const page of client.listPostsPages({ query: { limit: 50 } })) console.log(page.body);
   */
  listPostsPages(input?: ListPostsInput): AsyncGenerator<ListPostsPage, void, undefined> {
    return this.pages({ id: "listPosts", method: "GET", path: "/api/v1/posts", statuses: [200, 304, 400, 401, 429, 500, 503], idempotency: 'none' }, input, { kind: 'cursor' }) as AsyncGenerator<ListPostsPage, void, undefined>;
  }

  /**
   * Create a post: `POST /api/v1/posts`, access: authenticated.
   */
  createPost(input: CreatePostInput): Promise<CreatePostResult> {
    return this.call({ id: "createPost", method: "POST", path: "/api/v1/posts", statuses: [201, 400, 401, 403, 409, 413, 415, 422, 429, 500, 503], idempotency: 'auto' }, input) as Promise<CreatePostResult>;
  }

  /**
   * Get a post: `GET /api/v1/posts/{id}`, access: public.
   */
  getPost(input: GetPostInput): Promise<GetPostResult> {
    return this.call({ id: "getPost", method: "GET", path: "/api/v1/posts/{id}", statuses: [200, 304, 400, 401, 404, 429, 500, 503], idempotency: 'none' }, input) as Promise<GetPostResult>;
  }

  /**
   * Replace a post: `PUT /api/v1/posts/{id}`, access: any(owner, role(admin)).
   */
  replacePost(input: ReplacePostInput): Promise<ReplacePostResult> {
    return this.call({ id: "replacePost", method: "PUT", path: "/api/v1/posts/{id}", statuses: [200, 400, 401, 403, 404, 413, 415, 429, 500, 503], idempotency: 'none' }, input) as Promise<ReplacePostResult>;
  }

  /**
   * Update a post: `PATCH /api/v1/posts/{id}`, access: any(owner, role(admin)).
   */
  updatePost(input: UpdatePostInput): Promise<UpdatePostResult> {
    return this.call({ id: "updatePost", method: "PATCH", path: "/api/v1/posts/{id}", statuses: [200, 400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503], idempotency: 'given' }, input) as Promise<UpdatePostResult>;
  }

  /**
   * Delete a post: `DELETE /api/v1/posts/{id}`, access: any(owner, role(admin)).
   */
  deletePost(input: DeletePostInput): Promise<DeletePostResult> {
    return this.call({ id: "deletePost", method: "DELETE", path: "/api/v1/posts/{id}", statuses: [204, 400, 401, 403, 404, 429, 500, 503], idempotency: 'none' }, input) as Promise<DeletePostResult>;
  }

  /**
   * List orders: `GET /api/v1/orders`, access: owner.
   */
  listOrders(input?: ListOrdersInput): Promise<ListOrdersResult> {
    return this.call({ id: "listOrders", method: "GET", path: "/api/v1/orders", statuses: [200, 304, 400, 401, 403, 429, 500, 503], idempotency: 'none' }, input) as Promise<ListOrdersResult>;
  }

  /**
   * Every page of listOrders, following pagination.nextCursor; a page that is not a 200 throws a PageError.
   *
   * @example
   * for await (const page of client.listOrdersPages({ query: { limit: 50 } })) console.log(page.body);
   */
  listOrdersPages(input?: ListOrdersInput): AsyncGenerator<ListOrdersPage, void, undefined> {
    return this.pages({ id: "listOrders", method: "GET", path: "/api/v1/orders", statuses: [200, 304, 400, 401, 403, 429, 500, 503], idempotency: 'none' }, input, { kind: 'cursor' }) as AsyncGenerator<ListOrdersPage, void, undefined>;
  }

  /**
   * Create an order: `POST /api/v1/orders`, access: authenticated.
   */
  createOrder(input: CreateOrderInput): Promise<CreateOrderResult> {
    return this.call({ id: "createOrder", method: "POST", path: "/api/v1/orders", statuses: [201, 400, 401, 403, 409, 413, 415, 422, 429, 500, 503], idempotency: 'auto' }, input) as Promise<CreateOrderResult>;
  }

  /**
   * Get an order: `GET /api/v1/orders/{id}`, access: owner.
   */
  getOrder(input: GetOrderInput): Promise<GetOrderResult> {
    return this.call({ id: "getOrder", method: "GET", path: "/api/v1/orders/{id}", statuses: [200, 304, 400, 401, 403, 404, 429, 500, 503], idempotency: 'none' }, input) as Promise<GetOrderResult>;
  }

  /**
   * Replace an order: `PUT /api/v1/orders/{id}`, access: role(admin).
   */
  replaceOrder(input: ReplaceOrderInput): Promise<ReplaceOrderResult> {
    return this.call({ id: "replaceOrder", method: "PUT", path: "/api/v1/orders/{id}", statuses: [200, 400, 401, 403, 404, 409, 413, 415, 429, 500, 503], idempotency: 'none' }, input) as Promise<ReplaceOrderResult>;
  }

  /**
   * Update an order: `PATCH /api/v1/orders/{id}`, access: role(admin).
   */
  updateOrder(input: UpdateOrderInput): Promise<UpdateOrderResult> {
    return this.call({ id: "updateOrder", method: "PATCH", path: "/api/v1/orders/{id}", statuses: [200, 400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503], idempotency: 'given' }, input) as Promise<UpdateOrderResult>;
  }

  /**
   * Delete an order: `DELETE /api/v1/orders/{id}`, access: role(admin).
   */
  deleteOrder(input: DeleteOrderInput): Promise<DeleteOrderResult> {
    return this.call({ id: "deleteOrder", method: "DELETE", path: "/api/v1/orders/{id}", statuses: [204, 400, 401, 403, 404, 429, 500, 503], idempotency: 'none' }, input) as Promise<DeleteOrderResult>;
  }

  /**
   * List search entries: `GET /api/v1/search-entries`, access: public.
   */
  listSearchEntries(input?: ListSearchEntriesInput): Promise<ListSearchEntriesResult> {
    return this.call({ id: "listSearchEntries", method: "GET", path: "/api/v1/search-entries", statuses: [200, 304, 400, 401, 429, 500, 503], idempotency: 'none' }, input) as Promise<ListSearchEntriesResult>;
  }

  /**
   * Every page of listSearchEntries, following pagination.nextCursor; a page that is not a 200 throws a PageError.
   *
   * @example
   * for await (const page of client.listSearchEntriesPages({ query: { limit: 50 } })) console.log(page.body);
   */
  listSearchEntriesPages(input?: ListSearchEntriesInput): AsyncGenerator<ListSearchEntriesPage, void, undefined> {
    return this.pages({ id: "listSearchEntries", method: "GET", path: "/api/v1/search-entries", statuses: [200, 304, 400, 401, 429, 500, 503], idempotency: 'none' }, input, { kind: 'cursor' }) as AsyncGenerator<ListSearchEntriesPage, void, undefined>;
  }

  /**
   * Get a search entry: `GET /api/v1/search-entries/{id}`, access: public.
   */
  getSearchEntry(input: GetSearchEntryInput): Promise<GetSearchEntryResult> {
    return this.call({ id: "getSearchEntry", method: "GET", path: "/api/v1/search-entries/{id}", statuses: [200, 304, 400, 401, 404, 429, 500, 503], idempotency: 'none' }, input) as Promise<GetSearchEntryResult>;
  }

  /**
   * Create an account and start a session: `POST /api/v1/auth/register`, access: public.
   */
  postAuthRegister(input: PostAuthRegisterInput): Promise<PostAuthRegisterResult> {
    return this.call({ id: "postAuthRegister", method: "POST", path: "/api/v1/auth/register", statuses: [201, 400, 401, 413, 415, 429, 500, 503], idempotency: 'none' }, input) as Promise<PostAuthRegisterResult>;
  }

  /**
   * Start a session with email and password: `POST /api/v1/auth/login`, access: public.
   */
  postAuthLogin(input: PostAuthLoginInput): Promise<PostAuthLoginResult> {
    return this.call({ id: "postAuthLogin", method: "POST", path: "/api/v1/auth/login", statuses: [200, 400, 401, 413, 415, 429, 500, 503], idempotency: 'none' }, input) as Promise<PostAuthLoginResult>;
  }

  /**
   * Exchange a refresh token for a new pair (rotation): `POST /api/v1/auth/refresh`, access: public.
   */
  postAuthRefresh(input?: PostAuthRefreshInput): Promise<PostAuthRefreshResult> {
    return this.call({ id: "postAuthRefresh", method: "POST", path: "/api/v1/auth/refresh", statuses: [200, 400, 401, 413, 415, 429, 500, 503], idempotency: 'none' }, input) as Promise<PostAuthRefreshResult>;
  }

  /**
   * End a session: revoke the refresh token's whole family: `POST /api/v1/auth/logout`, access: public.
   */
  postAuthLogout(input?: PostAuthLogoutInput): Promise<PostAuthLogoutResult> {
    return this.call({ id: "postAuthLogout", method: "POST", path: "/api/v1/auth/logout", statuses: [204, 400, 401, 413, 415, 429, 500, 503], idempotency: 'none' }, input) as Promise<PostAuthLogoutResult>;
  }

  /**
   * The signed-in user: `GET /api/v1/auth/me`, access: authenticated.
   */
  getAuthMe(input?: GetAuthMeInput): Promise<GetAuthMeResult> {
    return this.call({ id: "getAuthMe", method: "GET", path: "/api/v1/auth/me", statuses: [200, 400, 401, 403, 429, 500, 503], idempotency: 'none' }, input) as Promise<GetAuthMeResult>;
  }

  /**
   * Change the signed-in user's name and profile fields: `PATCH /api/v1/auth/me`, access: authenticated.
   */
  patchAuthMe(input: PatchAuthMeInput): Promise<PatchAuthMeResult> {
    return this.call({ id: "patchAuthMe", method: "PATCH", path: "/api/v1/auth/me", statuses: [200, 400, 401, 403, 413, 415, 429, 500, 503], idempotency: 'none' }, input) as Promise<PatchAuthMeResult>;
  }

  /**
   * Change the signed-in user's password; other sessions end: `POST /api/v1/auth/password`, access: authenticated.
   */
  postAuthPassword(input: PostAuthPasswordInput): Promise<PostAuthPasswordResult> {
    return this.call({ id: "postAuthPassword", method: "POST", path: "/api/v1/auth/password", statuses: [204, 400, 401, 403, 413, 415, 429, 500, 503], idempotency: 'none' }, input) as Promise<PostAuthPasswordResult>;
  }

  /**
   * List users (admin): `GET /api/v1/admin/users`, access: permission(users:read).
   */
  getAdminUsers(input?: GetAdminUsersInput): Promise<GetAdminUsersResult> {
    return this.call({ id: "getAdminUsers", method: "GET", path: "/api/v1/admin/users", statuses: [200, 400, 401, 403, 429, 500, 503], idempotency: 'none' }, input) as Promise<GetAdminUsersResult>;
  }

  /**
   * Every page of getAdminUsers, by offset; a page that is not a 200 throws a PageError.
   *
   * @example
   * for await (const page of client.getAdminUsersPages({ query: { limit: 50 } })) console.log(page.body);
   */
  getAdminUsersPages(input?: GetAdminUsersInput): AsyncGenerator<GetAdminUsersPage, void, undefined> {
    return this.pages({ id: "getAdminUsers", method: "GET", path: "/api/v1/admin/users", statuses: [200, 400, 401, 403, 429, 500, 503], idempotency: 'none' }, input, { kind: 'offset', items: "data" }) as AsyncGenerator<GetAdminUsersPage, void, undefined>;
  }

  /**
   * Change the signed-in user's email (current password required); other sessions end: `POST /api/v1/auth/email`, access: authenticated.
   */
  postAuthEmail(input: PostAuthEmailInput): Promise<PostAuthEmailResult> {
    return this.call({ id: "postAuthEmail", method: "POST", path: "/api/v1/auth/email", statuses: [200, 400, 401, 403, 413, 415, 429, 500, 503], idempotency: 'none' }, input) as Promise<PostAuthEmailResult>;
  }

  /**
   * List outbound webhook endpoints (admin): `GET /api/v1/admin/webhook-endpoints`, access: permission(webhooks:manage).
   */
  getAdminWebhookEndpoints(input?: GetAdminWebhookEndpointsInput): Promise<GetAdminWebhookEndpointsResult> {
    return this.call({ id: "getAdminWebhookEndpoints", method: "GET", path: "/api/v1/admin/webhook-endpoints", statuses: [200, 400, 401, 403, 429, 500, 503], idempotency: 'none' }, input) as Promise<GetAdminWebhookEndpointsResult>;
  }

  /**
   * Every page of getAdminWebhookEndpoints, following pagination.nextCursor; a page that is not a 200 throws a PageError.
   *
   * @example
   * for await (const page of client.getAdminWebhookEndpointsPages({ query: { limit: 50 } })) console.log(page.body);
   */
  getAdminWebhookEndpointsPages(input?: GetAdminWebhookEndpointsInput): AsyncGenerator<GetAdminWebhookEndpointsPage, void, undefined> {
    return this.pages({ id: "getAdminWebhookEndpoints", method: "GET", path: "/api/v1/admin/webhook-endpoints", statuses: [200, 400, 401, 403, 429, 500, 503], idempotency: 'none' }, input, { kind: 'cursor' }) as AsyncGenerator<GetAdminWebhookEndpointsPage, void, undefined>;
  }

  /**
   * Create an outbound webhook endpoint (admin); the response shows its secret, once: `POST /api/v1/admin/webhook-endpoints`, access: permission(webhooks:manage).
   */
  postAdminWebhookEndpoints(input: PostAdminWebhookEndpointsInput): Promise<PostAdminWebhookEndpointsResult> {
    return this.call({ id: "postAdminWebhookEndpoints", method: "POST", path: "/api/v1/admin/webhook-endpoints", statuses: [201, 400, 401, 403, 409, 413, 415, 422, 429, 500, 503], idempotency: 'auto' }, input) as Promise<PostAdminWebhookEndpointsResult>;
  }

  /**
   * An outbound webhook endpoint (admin): `GET /api/v1/admin/webhook-endpoints/{id}`, access: permission(webhooks:manage).
   */
  getAdminWebhookEndpointsById(input: GetAdminWebhookEndpointsByIdInput): Promise<GetAdminWebhookEndpointsByIdResult> {
    return this.call({ id: "getAdminWebhookEndpointsById", method: "GET", path: "/api/v1/admin/webhook-endpoints/{id}", statuses: [200, 400, 401, 403, 404, 429, 500, 503], idempotency: 'none' }, input) as Promise<GetAdminWebhookEndpointsByIdResult>;
  }

  /**
   * Change an outbound webhook endpoint: URL, event types, description, enabled (admin): `PATCH /api/v1/admin/webhook-endpoints/{id}`, access: permission(webhooks:manage).
   */
  patchAdminWebhookEndpointsById(input: PatchAdminWebhookEndpointsByIdInput): Promise<PatchAdminWebhookEndpointsByIdResult> {
    return this.call({ id: "patchAdminWebhookEndpointsById", method: "PATCH", path: "/api/v1/admin/webhook-endpoints/{id}", statuses: [200, 400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503], idempotency: 'given' }, input) as Promise<PatchAdminWebhookEndpointsByIdResult>;
  }

  /**
   * Delete an outbound webhook endpoint and its delivery log (admin): `DELETE /api/v1/admin/webhook-endpoints/{id}`, access: permission(webhooks:manage).
   */
  deleteAdminWebhookEndpointsById(input: DeleteAdminWebhookEndpointsByIdInput): Promise<DeleteAdminWebhookEndpointsByIdResult> {
    return this.call({ id: "deleteAdminWebhookEndpointsById", method: "DELETE", path: "/api/v1/admin/webhook-endpoints/{id}", statuses: [204, 400, 401, 403, 404, 429, 500, 503], idempotency: 'none' }, input) as Promise<DeleteAdminWebhookEndpointsByIdResult>;
  }

  /**
   * Replace an outbound webhook endpoint's signing secret (admin); the response shows it, once: `POST /api/v1/admin/webhook-endpoints/{id}/rotate-secret`, access: permission(webhooks:manage).
   */
  postAdminWebhookEndpointsByIdRotateSecret(input: PostAdminWebhookEndpointsByIdRotateSecretInput): Promise<PostAdminWebhookEndpointsByIdRotateSecretResult> {
    return this.call({ id: "postAdminWebhookEndpointsByIdRotateSecret", method: "POST", path: "/api/v1/admin/webhook-endpoints/{id}/rotate-secret", statuses: [200, 400, 401, 403, 404, 409, 422, 429, 500, 503], idempotency: 'auto' }, input) as Promise<PostAdminWebhookEndpointsByIdRotateSecretResult>;
  }

  /**
   * An outbound webhook endpoint's delivery log, newest first (admin): `GET /api/v1/admin/webhook-endpoints/{id}/deliveries`, access: permission(webhooks:manage).
   */
  getAdminWebhookEndpointsByIdDeliveries(input: GetAdminWebhookEndpointsByIdDeliveriesInput): Promise<GetAdminWebhookEndpointsByIdDeliveriesResult> {
    return this.call({ id: "getAdminWebhookEndpointsByIdDeliveries", method: "GET", path: "/api/v1/admin/webhook-endpoints/{id}/deliveries", statuses: [200, 400, 401, 403, 404, 429, 500, 503], idempotency: 'none' }, input) as Promise<GetAdminWebhookEndpointsByIdDeliveriesResult>;
  }

  /**
   * Every page of getAdminWebhookEndpointsByIdDeliveries, following pagination.nextCursor; a page that is not a 200 throws a PageError.
   *
   * @example
   * for await (const page of client.getAdminWebhookEndpointsByIdDeliveriesPages({ query: { limit: 50 } })) console.log(page.body);
   */
  getAdminWebhookEndpointsByIdDeliveriesPages(input: GetAdminWebhookEndpointsByIdDeliveriesInput): AsyncGenerator<GetAdminWebhookEndpointsByIdDeliveriesPage, void, undefined> {
    return this.pages({ id: "getAdminWebhookEndpointsByIdDeliveries", method: "GET", path: "/api/v1/admin/webhook-endpoints/{id}/deliveries", statuses: [200, 400, 401, 403, 404, 429, 500, 503], idempotency: 'none' }, input, { kind: 'cursor' }) as AsyncGenerator<GetAdminWebhookEndpointsByIdDeliveriesPage, void, undefined>;
  }

  /**
   * One outbound webhook delivery with its payload (admin): `GET /api/v1/admin/webhook-deliveries/{id}`, access: permission(webhooks:manage).
   */
  getAdminWebhookDeliveriesById(input: GetAdminWebhookDeliveriesByIdInput): Promise<GetAdminWebhookDeliveriesByIdResult> {
    return this.call({ id: "getAdminWebhookDeliveriesById", method: "GET", path: "/api/v1/admin/webhook-deliveries/{id}", statuses: [200, 400, 401, 403, 404, 429, 500, 503], idempotency: 'none' }, input) as Promise<GetAdminWebhookDeliveriesByIdResult>;
  }

  /**
   * Send an outbound webhook delivery again, with the same webhook-id (admin): `POST /api/v1/admin/webhook-deliveries/{id}/replay`, access: permission(webhooks:manage).
   */
  postAdminWebhookDeliveriesByIdReplay(input: PostAdminWebhookDeliveriesByIdReplayInput): Promise<PostAdminWebhookDeliveriesByIdReplayResult> {
    return this.call({ id: "postAdminWebhookDeliveriesByIdReplay", method: "POST", path: "/api/v1/admin/webhook-deliveries/{id}/replay", statuses: [200, 400, 401, 403, 404, 409, 422, 429, 500, 503], idempotency: 'auto' }, input) as Promise<PostAdminWebhookDeliveriesByIdReplayResult>;
  }

  /**
   * Take a position on a market: `POST /api/v1/markets/{id}/positions`, access: authenticated.
   */
  postMarketsByIdPositions(input: PostMarketsByIdPositionsInput): Promise<PostMarketsByIdPositionsResult> {
    return this.call({ id: "postMarketsByIdPositions", method: "POST", path: "/api/v1/markets/{id}/positions", statuses: [201, 400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503], idempotency: 'auto' }, input) as Promise<PostMarketsByIdPositionsResult>;
  }

  /**
   * List jobs (admin): `GET /api/v1/admin/jobs`, access: permission(jobs:manage).
   */
  getAdminJobs(input?: GetAdminJobsInput): Promise<GetAdminJobsResult> {
    return this.call({ id: "getAdminJobs", method: "GET", path: "/api/v1/admin/jobs", statuses: [200, 400, 401, 403, 429, 500, 503], idempotency: 'none' }, input) as Promise<GetAdminJobsResult>;
  }

  /**
   * One job (admin): `GET /api/v1/admin/jobs/{id}`, access: permission(jobs:manage).
   */
  getAdminJobsById(input: GetAdminJobsByIdInput): Promise<GetAdminJobsByIdResult> {
    return this.call({ id: "getAdminJobsById", method: "GET", path: "/api/v1/admin/jobs/{id}", statuses: [200, 400, 401, 403, 404, 429, 500, 503], idempotency: 'none' }, input) as Promise<GetAdminJobsByIdResult>;
  }

  /**
   * Retry a failed or dead job (admin): `POST /api/v1/admin/jobs/{id}/retry`, access: permission(jobs:manage).
   */
  postAdminJobsByIdRetry(input: PostAdminJobsByIdRetryInput): Promise<PostAdminJobsByIdRetryResult> {
    return this.call({ id: "postAdminJobsByIdRetry", method: "POST", path: "/api/v1/admin/jobs/{id}/retry", statuses: [200, 400, 401, 403, 404, 409, 422, 429, 500, 503], idempotency: 'auto' }, input) as Promise<PostAdminJobsByIdRetryResult>;
  }

  /**
   * Stripe events (Checkout payments): `POST /api/v1/webhooks/stripe`, access: public.
   */
  postWebhooksStripe(input: PostWebhooksStripeInput): Promise<PostWebhooksStripeResult> {
    return this.call({ id: "postWebhooksStripe", method: "POST", path: "/api/v1/webhooks/stripe", statuses: [200, 400, 401, 409, 413, 415, 422, 429, 500, 503], idempotency: 'auto' }, input) as Promise<PostWebhooksStripeResult>;
  }

  /**
   * Liveness: `GET /health/live`, access: public.
   */
  getLiveness(input?: GetLivenessInput): Promise<GetLivenessResult> {
    return this.call({ id: "getLiveness", method: "GET", path: "/health/live", statuses: [200], idempotency: 'none' }, input) as Promise<GetLivenessResult>;
  }

  /**
   * Readiness: `GET /health/ready`, access: public.
   */
  getReadiness(input?: GetReadinessInput): Promise<GetReadinessResult> {
    return this.call({ id: "getReadiness", method: "GET", path: "/health/ready", statuses: [200, 503], idempotency: 'none' }, input) as Promise<GetReadinessResult>;
  }

  /**
   * Metrics: `GET /metrics`, access: public.
   */
  getMetrics(input?: GetMetricsInput): Promise<GetMetricsResult> {
    return this.call({ id: "getMetrics", method: "GET", path: "/metrics", statuses: [200], idempotency: 'none' }, input) as Promise<GetMetricsResult>;
  }
}

/**
 * A client for the API.
 *
 * @example
 * const api = createClient({ baseUrl: 'http://localhost:3000' });
 */
export function createClient(options: ClientOptions): ApiClient {
  return new ApiClient(options);
}
