/*
 * The benchmark's peak throughput is answers over the time they were being sent and
 * answered. autocannon first builds every connection's copy of the prepared requests
 * (a second or more for thousands of them), and counts that time in the duration it
 * reports; counted in, S5's logins a second came out about a quarter low.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { peakLoad } from '../bench/harness/peak-load.js';
import type { PreparedRequest } from '../bench/harness/request.js';

let server: Server;
let origin: string;
let answered = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      answered += 1;
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('counts throughput over the sending window, not over building the requests', async () => {
  // 8 connections x 16,384 distinct requests: autocannon spends one to two seconds building them.
  const requests: PreparedRequest[] = Array.from({ length: 16384 }, (_, i) => ({
    method: 'POST',
    path: `/login/${i}`,
    headers: { 'x-forwarded-for': `10.0.${i >> 8}.${i & 255}` },
    body: JSON.stringify({ n: i }),
  }));
  const startedAt = performance.now();
  const run = await peakLoad({ origin, requests, connections: 8, seconds: 1 });
  const took = (performance.now() - startedAt) / 1000;

  expect(run.errors).toBe(0);
  // A few answers may still be on their way when autocannon closes its connections.
  expect(run.ok).toBeGreaterThan(0);
  expect(run.ok).toBeLessThanOrEqual(answered);
  // The window is the one second asked for and the last answers, whatever building took
  // (its stop timer starts just before its start event, hence the lower margin).
  expect(run.seconds).toBeGreaterThan(0.9);
  expect(run.seconds).toBeLessThan(1.3);
  // Building the requests took time of its own, outside the window: without it this
  // test would no longer tell the two ways of counting apart.
  expect(took - run.seconds).toBeGreaterThan(0.3);
  expect(run.rps).toBeCloseTo(run.ok / run.seconds, 6);
});
