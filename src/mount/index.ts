/**
 * Mounting inside other servers: a Node `(req, res)` handler (Express 5, `http.createServer`)
 * and a Fetch API handler (Next.js App Router route handlers). See docs/mounting.md.
 */
export { toNodeHandler, type MountedRequest, type NodeHandler } from './node-handler.js';
export { toFetchHandler, type FetchHandler, type FetchHandlerOptions } from './fetch-handler.js';
export { MountClosedError, type MountedApp, type MountSource } from './mounted-app.js';
