import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RampartApp } from '../core/create-app.js';
import { AppError } from '../errors/app-error.js';
import { problemWire } from '../wire/error-wire.js';
import { closedAnswer } from './closed-answer.js';
import { MountClosedError, mountedApp, type MountedApp, type MountSource } from './mounted-app.js';

/** A request as a Node server or Express hands it over (Express adds `originalUrl`). */
export type MountedRequest = IncomingMessage & { originalUrl?: string };

/**
 * A Node `(req, res)` handler serving a Rampart app, usable as Express middleware (it
 * takes `next` for the errors it cannot answer itself) or as `http.createServer`'s listener.
 */
export type NodeHandler = ((req: MountedRequest, res: ServerResponse, next?: (error?: unknown) => void) => void) & MountedApp;

/**
 * Serves a Rampart app from another Node server: an Express 5 app, a bare
 * `http.createServer`, anything that hands over Node's request and response. Requests
 * go into the app's own Fastify router, the one `rampart start` listens with, so request
 * ids, security headers, body limits, rate limits (by the connection's address, and
 * `X-Forwarded-For` as TRUST_PROXY allows), authentication and the error format are the
 * same. The host server owns what belongs to a server: listening, connection timeouts,
 * graceful shutdown (call `handler.close()` after stopping it).
 *
 * Paths are matched whole: Express strips its mount path from `req.url`, so the handler
 * routes `req.originalUrl`, and the app's `api.basePath` (default `/api/v1`) must be
 * where it is mounted (`app.use('/api/v1', handler)` or `app.use(handler)`). It answers
 * every request it gets (unknown paths with the app's 404), so mount it on its paths or
 * after the host's own routes. Mount it before any body parser (`express.json()`): a
 * body already read cannot be read again, and is refused with an error passed to `next`.
 *
 * @example
 * import express from 'express';
 * import { toNodeHandler } from 'rampart';
 * import app from './app.js'; // export default defineApp({ resources: [notes] })
 *
 * const server = express();
 * server.get('/hello', (req, res) => res.send('hi'));
 * server.use('/api/v1', toNodeHandler(app));
 * server.listen(3000);
 */
export function toNodeHandler(source: MountSource): NodeHandler {
  const mounted = mountedApp(source);
  const handler = (req: MountedRequest, res: ServerResponse, next?: (error?: unknown) => void): void => {
    mounted
      .app()
      .then((app) => serve(app, req, res, next))
      .catch((error: unknown) => refuse(error, res, next));
  };
  return Object.assign(handler, { app: mounted.app, close: mounted.close });
}

function serve(app: RampartApp, req: MountedRequest, res: ServerResponse, next?: (error?: unknown) => void): void {
  if (bodyAlreadyRead(req)) {
    const error = new Error(
      "the request body was read before Rampart's handler (a body parser such as express.json() mounted before it?): mount the handler before body parsers, or keep them off its paths",
    );
    return refuse(error, res, next);
  }
  // Express's own path for the request ('/notes' under app.use('/api/v1', ...)) would match none of the app's routes.
  if (typeof req.originalUrl === 'string') req.url = req.originalUrl;
  // Express announces itself on every response before middleware runs; Rampart's answers never name the framework.
  res.removeHeader('x-powered-by');
  app.fastify.routing(req, res);
}

// Fastify would wait for the body's end, which has been and gone: the request would hang.
function bodyAlreadyRead(req: IncomingMessage): boolean {
  const declared = req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0';
  return declared && req.readableEnded;
}

/** What the app did not answer: the host's error handling gets it when there is one (Express's `next`). */
function refuse(error: unknown, res: ServerResponse, next?: (error?: unknown) => void): void {
  if (error instanceof MountClosedError) return write(res, closedAnswer(error.app));
  if (next) return next(error);
  // A bare Node server has nowhere else to report it; the client gets no internals.
  console.error(error);
  const answer = problemWire.answer(new AppError('RAMPART_INTERNAL', 'The server could not handle the request.'), randomUUID());
  write(res, { status: answer.status, headers: { 'content-type': answer.contentType }, body: answer.body });
}

function write(res: ServerResponse, answer: { status: number; headers: Record<string, string>; body: string }): void {
  if (res.headersSent) return void res.destroy();
  res.removeHeader('x-powered-by');
  res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}
