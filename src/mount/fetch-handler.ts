import type { RampartApp } from '../core/create-app.js';
import { closedAnswer } from './closed-answer.js';
import { injectOptionsOf, responseOf } from './fetch-exchange.js';
import { MountClosedError, mountedApp, type MountedApp, type MountSource } from './mounted-app.js';

/** A Fetch API handler serving a Rampart app: a `Request` in, a `Response` out. */
export type FetchHandler = ((request: Request) => Promise<Response>) & MountedApp;

/** Options of {@link toFetchHandler}. */
export interface FetchHandlerOptions {
  /**
   * The address of the peer that sent the request, where the host knows it (a platform
   * header it sets itself, such as `x-real-ip` behind a proxy that overwrites it). The
   * Fetch API carries no connection, so by default the host framework is taken as the
   * peer, at 127.0.0.1, a proxy in front of the app: set TRUST_PROXY=127.0.0.1 for
   * Rampart to read the client's address from the `X-Forwarded-For` the host passes on
   * (Next.js sets it), or every client shares one address and its rate limit budget.
   */
  clientAddress?: (request: Request) => string | undefined;
}

/**
 * Serves a Rampart app from a Fetch API route: a Next.js App Router route handler, or
 * anything that calls a function with a `Request` and sends the `Response` it gets.
 * Requests go into the app's own Fastify router, the one `rampart start` listens with,
 * so request ids, security headers, body limits, rate limits, authentication and the
 * error format are the same (see fetch-exchange.ts for how). The app's `api.basePath`
 * (default `/api/v1`) must lie under the route's folder (`app/api/[...rampart]/route.ts`
 * serves `/api/*`). Once closed (`handler.close()`), requests are answered 503.
 *
 * @example
 * // app/api/[...rampart]/route.ts
 * import { toFetchHandler } from 'rampart';
 * import app from '../../../rampart-app'; // export default defineApp({ resources: [notes] })
 *
 * const handler = toFetchHandler(app);
 * export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as OPTIONS };
 * export const dynamic = 'force-dynamic';
 */
export function toFetchHandler(source: MountSource, options: FetchHandlerOptions = {}): FetchHandler {
  const mounted = mountedApp(source);
  let warned = false;
  const handler = async (request: Request): Promise<Response> => {
    let app: RampartApp;
    try {
      app = await mounted.app();
    } catch (error) {
      if (error instanceof MountClosedError) return plainResponse(closedAnswer(error.app));
      // The host reports it and answers its own 500 (Next.js logs the error): the build failed, not the request.
      throw error;
    }
    if (!warned && !options.clientAddress) {
      warned = true;
      warnOfOneAddress(app);
    }
    const address = options.clientAddress?.(request) ?? '127.0.0.1';
    try {
      return responseOf(await app.fastify.inject(await injectOptionsOf(request, address)), request.method);
    } catch (error) {
      // inject refuses once the app has begun closing, where a listening app answers 503.
      if ((error as { code?: string }).code === 'FST_ERR_REOPENED_CLOSE_SERVER') return plainResponse(closedAnswer(app));
      throw error;
    }
  };
  return Object.assign(handler, { app: mounted.app, close: mounted.close });
}

function warnOfOneAddress(app: RampartApp): void {
  if (app.config.trustProxy !== false) return;
  app.fastify.log.warn(
    'served through a Fetch handler with TRUST_PROXY=false: every client has the address 127.0.0.1 and shares its rate limit budget; set TRUST_PROXY=127.0.0.1 to take the address from X-Forwarded-For, or pass clientAddress (see docs/mounting.md)',
  );
}

function plainResponse(answer: { status: number; headers: Record<string, string>; body: string }): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
