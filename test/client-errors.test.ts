import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, route } from 'rampart';
import { clientErrorHandler } from '../src/http/client-errors.js';
import { apiSecurityHeaders } from '../src/http/security-headers.js';
import { RawConnection, type RawResponse } from './support/raw-socket.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/*
 * Every answer the process sends carries the API security headers and a request id,
 * including those written outside Fastify's hooks: Node's own refusals of malformed
 * HTTP, the router's, and the 503 of a server closing. Over raw TCP against a real
 * listening server, since none of these can be sent through inject().
 */

let release: () => void = () => undefined;
const gate = route({
  method: 'GET',
  path: '/api/v1/gate',
  access: allow.public,
  handler: () => new Promise<{ ok: boolean }>((resolve) => (release = () => resolve({ ok: true }))),
});

let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await startTestApp({ routes: [gate] }, { PORT: '0' });
  port = Number(new URL(await t.app.listen()).port);
});
afterAll(async () => t.close());

async function send(bytes: string, target = port): Promise<RawResponse> {
  const conn = await RawConnection.open(target);
  try {
    conn.write(bytes);
    return await conn.next();
  } finally {
    conn.close();
  }
}

function expectGuarded(res: RawResponse, status: number, code: string) {
  expect(res.status).toBe(status);
  for (const [name, value] of Object.entries(apiSecurityHeaders())) expect(res.headers[name], name).toBe(value);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.body) as { status: number; code: string; requestId: string };
  expect(body).toMatchObject({ status, code });
  expect(res.headers['x-request-id']).toBe(body.requestId);
  return body;
}

describe('answers to malformed requests carry the security headers and a request id', () => {
  it.each([
    ['garbage', 'hello there\r\n\r\n', 400, 'RAMPART_BAD_REQUEST'],
    ['an unknown method', 'FOO / HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'RAMPART_BAD_REQUEST'],
    ['a bad HTTP version', 'GET / HTTP/9.9\r\nHost: x\r\n\r\n', 400, 'RAMPART_BAD_REQUEST'],
    ['a space inside the request target', 'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'RAMPART_BAD_REQUEST'],
    ['a header name with a space', 'GET / HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n', 400, 'RAMPART_BAD_REQUEST'],
    ['a control character in a header value', 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n', 400, 'RAMPART_BAD_REQUEST'],
    [
      'Content-Length with Transfer-Encoding',
      'POST /api/v1/markets HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      400,
      'RAMPART_BAD_REQUEST',
    ],
    ['two Content-Lengths', 'POST /api/v1/markets HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab', 400, 'RAMPART_BAD_REQUEST'],
    ['a bad chunk size', 'POST /api/v1/markets HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n', 400, 'RAMPART_BAD_REQUEST'],
    ['oversized headers', `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, 'RAMPART_HEADERS_TOO_LARGE'],
    ['an HTTP/1.1 request without Host', 'GET /health/live HTTP/1.1\r\n\r\n', 400, 'RAMPART_BAD_REQUEST'],
    ['bad percent-encoding in the path', 'GET /api/v1/%zz HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'RAMPART_BAD_REQUEST'],
    ['an over-long path parameter', `GET /api/v1/markets/${'a'.repeat(200)} HTTP/1.1\r\nHost: x\r\n\r\n`, 400, 'RAMPART_BAD_REQUEST'],
    ['an expectation other than 100-continue', 'GET /health/live HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n', 417, 'RAMPART_EXPECTATION_FAILED'],
  ])('%s', async (_name, bytes, status, code) => {
    expectGuarded(await send(bytes), status, code);
  });

  it('keeps a sane X-Request-ID on answers written outside Fastify', async () => {
    const res = await send('GET /health/live HTTP/1.1\r\nHost: x\r\nX-Request-ID: trace-417\r\nExpect: teapot\r\n\r\n');
    expect(expectGuarded(res, 417, 'RAMPART_EXPECTATION_FAILED').requestId).toBe('trace-417');
  });

  it('still serves HTTP/1.0 without Host, and 100-continue', async () => {
    expect((await send('GET /health/live HTTP/1.0\r\n\r\n')).status).toBe(200);
    const conn = await RawConnection.open(port);
    try {
      conn.write('POST /api/v1/markets HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n');
      expect((await conn.next()).status).toBe(100);
      conn.write('{"name":"m100"}');
      expect((await conn.next()).status).toBe(201);
    } finally {
      conn.close();
    }
  });

  it('answers a request timeout (408) the same way', () => {
    let written = '';
    const socket = { destroyed: false, writable: true, end: (text: string) => (written = text) } as unknown as Socket;
    clientErrorHandler(Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket);
    expect(written).toMatch(/^HTTP\/1\.1 408 /);
    for (const [name, value] of Object.entries(apiSecurityHeaders())) expect(written).toContain(`${name}: ${value}\r\n`);
    expect(written).toContain('"code":"RAMPART_REQUEST_TIMEOUT"');
  });
});

describe('a request arriving while the server closes', () => {
  it('is answered 503 as a problem with the security headers, Connection: close and Retry-After', async () => {
    const own = await startTestApp({ routes: [gate] }, { PORT: '0' });
    const ownPort = Number(new URL(await own.app.listen()).port);
    const conn = await RawConnection.open(ownPort);
    let closed: Promise<void> | undefined;
    try {
      // A request in flight holds the connection open through close(); a second one
      // pipelined behind it arrives once close() has begun.
      conn.write('GET /api/v1/gate HTTP/1.1\r\nHost: x\r\n\r\n');
      await new Promise((resolve) => setTimeout(resolve, 100));
      closed = own.app.fastify.close();
      conn.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n');
      await new Promise((resolve) => setTimeout(resolve, 100));
      release();
      expect((await conn.next()).status).toBe(200);
      const res = await conn.next();
      expectGuarded(res, 503, 'RAMPART_UNAVAILABLE');
      expect(res.headers.connection).toBe('close');
      expect(res.headers['retry-after']).toBe('1');
    } finally {
      conn.close();
      release();
      await closed;
      await own.close();
    }
  });
});
