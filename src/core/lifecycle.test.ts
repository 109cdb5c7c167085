import { Agent, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { Lifecycle } from '../health/health.js';
import { closeConnectionsWhileShuttingDown, shutDown } from './lifecycle.js';
import { getWith } from '../../test/support/keep-alive.js';

// Fastify's default keep-alive timeout is 72 s: a connection left open after its last
// answer would hold the close that long, far past this bound.
const noHangMs = 5000;

let agent: Agent | undefined;
afterEach(() => agent?.destroy());

/** A server set up as createApp sets it, and a keep-alive client, as load balancers are. */
async function serve(routes: (fastify: FastifyInstance) => void) {
  const fastify = Fastify({ forceCloseConnections: 'idle', return503OnClosing: true });
  const lifecycle: Lifecycle = { shuttingDown: false };
  closeConnectionsWhileShuttingDown(fastify, lifecycle);
  routes(fastify);
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  const { port } = fastify.server.address() as AddressInfo;
  agent = new Agent({ keepAlive: true });
  const open = (path: string) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path, agent }, resolve).on('error', reject).end();
    });
  return { fastify, lifecycle, open, port };
}

const body = (res: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve(text)).on('error', reject);
  });

/** Resolves once the listener has closed, i.e. shutDown's drain is over. */
async function listenerClosed(fastify: FastifyInstance) {
  while (fastify.server.listening) await new Promise((r) => setTimeout(r, 10));
}

function settlesWithin<T>(work: Promise<T>, ms: number): Promise<T | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), ms)));
  return Promise.race([work, bound]).finally(() => clearTimeout(timer));
}

describe('shutDown with keep-alive clients', () => {
  it('answers a request in flight at the signal with Connection: close, and finishes', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let arrived = () => {};
    const inHandler = new Promise<void>((resolve) => (arrived = resolve));
    const { fastify, lifecycle, open } = await serve((f) => {
      f.get('/held', async () => {
        arrived();
        await held;
        return { done: true };
      });
    });
    const answer = open('/held');
    await inHandler;
    const closing = shutDown(fastify, lifecycle, 2000);
    await listenerClosed(fastify);
    release();
    const res = await answer;
    expect(res.statusCode).toBe(200);
    expect(res.headers.connection).toBe('close');
    expect(JSON.parse(await body(res))).toEqual({ done: true });
    expect(await settlesWithin(closing, noHangMs)).toBeUndefined();
  });

  it('closes a connection whose answer began before the signal once that answer ends', async () => {
    // A download or a stream: its headers (keep-alive) went out before the signal, so
    // no header can ask the client to close; the server has to close it.
    const stream = new PassThrough();
    const { fastify, lifecycle, open } = await serve((f) => {
      f.get('/stream', (_request, reply) => reply.type('text/plain').send(stream));
    });
    stream.write('first part, ');
    const res = await open('/stream');
    expect(res.headers.connection).toBe('keep-alive');
    const text = body(res);
    const closing = shutDown(fastify, lifecycle, 2000);
    await listenerClosed(fastify);
    stream.end('last part');
    expect(await text).toBe('first part, last part');
    expect(await settlesWithin(closing, noHangMs)).toBeUndefined();
  });

  it('serves a request sent on a connection idle at the signal, with Connection: close, rather than closing the connection under it', async () => {
    // A keep-alive client may write its next request on an idle pooled connection at any
    // moment; closing that connection as the request arrives resets it (ECONNRESET), and a
    // client that saw the close first finds the listener gone (ECONNREFUSED).
    const { fastify, lifecycle, port } = await serve((f) => {
      f.get('/work', async () => ({ ok: true }));
    });
    expect(await getWith(agent!, port, '/work')).toMatchObject({ status: 200, connection: 'keep-alive' });
    const closing = shutDown(fastify, lifecycle, 10_000);
    // Past the listener's quiet period: with no request in sight, the connection is idle.
    await new Promise((r) => setTimeout(r, 500));
    expect(fastify.server.listening).toBe(true);
    const late = await getWith(agent!, port, '/work');
    expect(late).toMatchObject({ status: 200, connection: 'close', reusedSocket: true });
    // Its connection was the last one: nothing is left to wait for.
    const started = Date.now();
    expect(await settlesWithin(closing, noHangMs)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
