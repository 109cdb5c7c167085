import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await startTestApp({}, { PORT: '0' });
  const address = await t.app.listen();
  port = Number(new URL(address).port);
});
afterAll(async () => t.close());

/** Sends raw bytes to the server and collects everything it answers. */
function raw(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('requests Node cannot parse', () => {
  it.each([
    ['garbage', 'hello there\r\n\r\n', 400, 'RAMPART_BAD_REQUEST'],
    ['a header name with a space', 'GET / HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n', 400, 'RAMPART_BAD_REQUEST'],
    ['oversized headers', `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, 'RAMPART_HEADERS_TOO_LARGE'],
  ])('answers %s with a problem document', async (_name, bytes, status, code) => {
    const answer = await raw(bytes);
    expect(answer.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
    expect(answer).toContain('Content-Type: application/problem+json');
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    expect(body).toMatchObject({ status, code });
    expect(answer).toContain(`X-Request-ID: ${body.requestId}`);
  });
});
