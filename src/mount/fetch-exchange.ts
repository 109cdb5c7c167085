import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';

/*
 * A Fetch `Request` becomes a request to the app's Fastify through `fastify.inject`,
 * and its answer a Fetch `Response`. inject is Fastify's own emulation of Node's request
 * and response (light-my-request, maintained with Fastify): it enters the same router a
 * listening server does (`fastify.routing`), so every hook runs as under `rampart start`.
 * Hand-writing that emulation would copy it; a real loopback connection per request
 * would cost a socket and HTTP parsing twice. What inject does not do by default is made
 * to behave as a server would:
 * - the body is handed over as a stream, not bytes, so BODY_LIMIT is counted as it
 *   arrives (a declared Content-Length over it is refused before any byte is read);
 * - the answer is a stream (`payloadAsStream`), passed on as written, not buffered;
 * - the client's disconnect (`request.signal`) ends the request inside the app too;
 * - the peer address is the caller's (see FetchHandlerOptions.clientAddress), and
 *   `X-Forwarded-For` is believed only as TRUST_PROXY allows, as on a socket;
 * - no header is invented: inject's default `User-Agent` is left out.
 */

/** The inject options for a Fetch request: method, path and query, headers, body stream. */
export async function injectOptionsOf(request: Request, remoteAddress: string): Promise<InjectOptions> {
  const url = new URL(request.url);
  const headers: IncomingHttpHeaders = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = await bodyOf(request);
  // A body without Content-Length is chunked on the wire; a Node server reads it as such.
  if (body && headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) {
    headers['transfer-encoding'] = 'chunked';
  }
  if (headers['user-agent'] === undefined) headers['user-agent'] = undefined;
  return {
    method: request.method as InjectOptions['method'],
    url: url.pathname + url.search,
    headers,
    authority: url.host,
    remoteAddress,
    ...(body ? { payload: body } : {}),
    signal: request.signal,
    payloadAsStream: true,
    // The options are made here, not by a caller: skip checking them on every request.
    validate: false,
  };
}

/**
 * The request's body as a Node stream, or none. A request a server relays says whether
 * it has a body (Content-Length or Transfer-Encoding), and Next.js still hands an empty
 * stream with a DELETE that has none; a Request made in code carries a body without
 * either header. Without them the stream is peeked at: empty means no body, so a bodiless
 * DELETE is not taken for a body without a content type (415).
 */
async function bodyOf(request: Request): Promise<Readable | undefined> {
  if (!request.body) return undefined;
  const stream = request.body as NodeReadableStream<Uint8Array>;
  if (request.headers.has('content-length') || request.headers.has('transfer-encoding')) return Readable.fromWeb(stream);
  const reader = stream.getReader();
  let first = await reader.read();
  while (!first.done && first.value.byteLength === 0) first = await reader.read();
  if (first.done) return undefined;
  const rest = async function* () {
    yield asBuffer(first.value as Uint8Array);
    for (;;) {
      const next = await reader.read();
      if (next.done) return;
      yield asBuffer(next.value);
    }
  };
  return Readable.from(rest(), { objectMode: false });
}

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

// Framing of the connection, not of the answer: the host server frames its own.
const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding']);
// Answers that have no body (the Response constructor refuses one for these).
const bodiless = new Set([101, 103, 204, 205, 304]);

/** The Fetch Response for an inject answer; each `Set-Cookie` stays a header of its own. */
export function responseOf(answer: LightMyRequestResponse, method: string): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value === undefined || hopByHop.has(name)) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, String(value));
  }
  const body = method === 'HEAD' || bodiless.has(answer.statusCode) ? null : (Readable.toWeb(answer.stream()) as ReadableStream<Uint8Array>);
  return new Response(body, { status: answer.statusCode, statusText: answer.statusMessage, headers });
}
