import http from 'node:http';
import https from 'node:https';
import { ipLiteral } from './address-policy.js';
import { DeliveryFailure, type DeliveryErrorKind } from './delivery-failure.js';
import { parseRetryAfter } from './retry-after.js';
import { pinnedLookup, resolveTarget, type HostLookup, type ResolvedAddress } from './resolve-target.js';

/*
 * The one way Rampart sends HTTP to a URL an admin typed. The target is resolved and
 * checked before any socket opens (resolve-target.ts); the socket connects to the
 * checked address while Host and SNI keep the URL's name, so virtual hosting and
 * certificate checks work as for any client. Nothing is followed or pooled: a redirect
 * could point anywhere (the check would have to start over, and a 3xx from a webhook
 * receiver is a misconfiguration worth seeing), and a pooled socket would outlive the
 * check that admitted it. Every bound (connect, whole response, body size) holds even
 * against a receiver that trickles bytes on purpose.
 */

/** Time bounds of one delivery, in milliseconds. */
export interface DeliverTimeouts {
  /** From the start (DNS included) until the TCP connection is up (default 5000). */
  connectMs?: number;
  /** From the start until the whole response has arrived (default 10000). */
  responseMs?: number;
}

/** What {@link deliver} sends, and its bounds. */
export interface DeliverOptions {
  /** An absolute http: or https: URL; anything else is refused before any network use. */
  url: string;
  headers?: Record<string, string>;
  body: string | Uint8Array;
  timeouts?: DeliverTimeouts;
  /** Response body bytes kept (default 64 KiB); past them the connection is destroyed. */
  maxResponseBytes?: number;
  /** Allow loopback and private targets (OUTBOUND_WEBHOOKS_ALLOW_PRIVATE; tests, local development). */
  allowPrivate?: boolean;
  /** The resolver (default `dns.lookup`); tests inject one to fake DNS answers. */
  lookup?: HostLookup;
}

/** The outcome of one delivery; `ok` only for a 2xx answer. */
export interface DeliverResult {
  ok: boolean;
  /** The receiver's status code, when it answered. */
  status?: number;
  /** The delay `Retry-After` asked for, in milliseconds. */
  retryAfterMs?: number;
  /** The receiver answered 410 Gone: it wants no more deliveries. */
  gone: boolean;
  /** Why the delivery failed, for the delivery log. */
  error?: string;
  errorKind?: DeliveryErrorKind;
  /** The response body as text, cut at `maxResponseBytes`. */
  responseBody: string;
  responseTruncated: boolean;
  durationMs: number;
}

/** Default bounds of {@link deliver}. */
export const deliverDefaults = { connectMs: 5000, responseMs: 10_000, maxResponseBytes: 64 * 1024 } as const;

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  truncated: boolean;
}

function parseTarget(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DeliveryFailure('invalid_url', 'not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DeliveryFailure('invalid_url', `the ${url.protocol} scheme is refused; only http: and https: are allowed`);
  }
  return url;
}

// The DNS lookup cannot be cancelled; past the bound its answer is simply ignored.
function withinBound<T>(work: Promise<T>, ms: number, failure: () => DeliveryFailure): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(failure()), ms);
  });
  return Promise.race([work, bound]).finally(() => clearTimeout(timer));
}

function send(url: URL, addresses: ResolvedAddress[], options: DeliverOptions, bounds: { connectMs: number; responseMs: number; maxBytes: number }): Promise<RawResponse> {
  const body = typeof options.body === 'string' ? Buffer.from(options.body) : options.body;
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      outcome();
      // Whatever the outcome, this connection is done: nothing is kept for reuse.
      request.destroy();
    };
    const fail = (failure: DeliveryFailure) => settle(() => reject(failure));

    const request = (secure ? https : http).request({
      method: 'POST',
      hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      headers: { ...options.headers, 'content-length': String(body.byteLength) },
      agent: false,
      lookup: pinnedLookup(addresses),
      // SNI must carry a name, never an IP address (RFC 6066 §3).
      ...(secure && !ipLiteral(url.hostname) ? { servername: hostname } : {}),
    });
    timers.push(
      setTimeout(() => fail(new DeliveryFailure('connect_timeout', `no connection within ${bounds.connectMs} ms`)), bounds.connectMs),
      setTimeout(() => fail(new DeliveryFailure('response_timeout', `no complete response within ${bounds.responseMs} ms`)), bounds.responseMs),
    );
    request.once('socket', (socket) => socket.once('connect', () => clearTimeout(timers[0])));
    request.on('error', (error: NodeJS.ErrnoException) => fail(new DeliveryFailure('network', error.code ? `${error.code}: ${error.message}` : error.message)));
    request.once('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = (truncated: boolean) =>
        settle(() => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), truncated }));
      response.on('data', (chunk: Buffer) => {
        const room = bounds.maxBytes - size;
        chunks.push(chunk.subarray(0, room));
        size += Math.min(room, chunk.length);
        // The rest is not read at all: the connection is destroyed in settle().
        if (chunk.length > room) finish(true);
      });
      response.once('end', () => finish(false));
      response.once('error', (error) => fail(new DeliveryFailure('network', `response broken off: ${error.message}`)));
    });
    request.end(body);
  });
}

function describe(response: RawResponse): { error?: string; errorKind?: DeliveryErrorKind } {
  const { status } = response;
  if (status >= 200 && status < 300) return {};
  if (status >= 300 && status < 400) {
    return { errorKind: 'redirect', error: `HTTP ${status}: redirects are not followed (Location: ${String(response.headers.location ?? '-').slice(0, 200)})` };
  }
  return { errorKind: 'http_status', error: `HTTP ${status}` };
}

/**
 * Sends one webhook POST under the SSRF guard and the time and size bounds. Never throws
 * for network outcomes: a refused address, a timeout or a 500 are all results, with
 * `errorKind` saying which.
 *
 * @example
 * const result = await deliver({
 *   url: 'https://hooks.example.com/rampart',
 *   headers: { 'content-type': 'application/json' },
 *   body: JSON.stringify({ type: 'markets.created', data }),
 * });
 * if (!result.ok) log.warn({ error: result.error, status: result.status }, 'webhook delivery failed');
 */
export async function deliver(options: DeliverOptions): Promise<DeliverResult> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const connectMs = options.timeouts?.connectMs ?? deliverDefaults.connectMs;
  const responseMs = options.timeouts?.responseMs ?? deliverDefaults.responseMs;
  const maxBytes = options.maxResponseBytes ?? deliverDefaults.maxResponseBytes;
  const result = (fields: Partial<DeliverResult>): DeliverResult => ({
    ok: false,
    gone: false,
    responseBody: '',
    responseTruncated: false,
    ...fields,
    durationMs: Math.round(elapsed()),
  });
  try {
    const url = parseTarget(options.url);
    const host = url.hostname;
    const addresses = await withinBound(
      resolveTarget(host, { allowPrivate: options.allowPrivate, lookup: options.lookup }),
      connectMs,
      () => new DeliveryFailure('connect_timeout', `${host} did not resolve within ${connectMs} ms`),
    );
    const response = await send(url, addresses, options, {
      connectMs: Math.max(1, connectMs - elapsed()),
      responseMs: Math.max(1, responseMs - elapsed()),
      maxBytes,
    });
    const ok = response.status >= 200 && response.status < 300;
    return result({
      ok,
      status: response.status,
      gone: response.status === 410,
      ...(ok ? {} : { retryAfterMs: parseRetryAfter(response.headers['retry-after']) }),
      ...describe(response),
      responseBody: response.body.toString('utf8'),
      responseTruncated: response.truncated,
    });
  } catch (error) {
    if (error instanceof DeliveryFailure) return result({ error: error.message, errorKind: error.kind });
    return result({ error: error instanceof Error ? error.message : String(error), errorKind: 'network' });
  }
}
