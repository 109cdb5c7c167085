import type { FastifyInstance, FastifyPluginAsync, FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import { StartupError } from '../errors/app-error.js';

/**
 * Where an app's own Fastify plugin runs in the request pipeline:
 *
 * 1. request id, security headers, CORS, body parsers (Rampart's);
 * 2. **`beforeAuth`**: sees every request before authentication: rewrite headers, add a
 *    content-type parser, register a plugin;
 * 3. authentication, refusal of requests that will be refused before their body is read,
 *    rate limit, idempotency, metrics, health (Rampart's);
 * 4. **`beforeRoutes`**: its hooks see `request.user` and run before every route;
 * 5. the routes.
 */
export type PluginStage = 'beforeAuth' | 'beforeRoutes';

/** An app's Fastify plugin and where it runs. */
export interface AppPlugin {
  stage: PluginStage;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  plugin: FastifyPluginAsync<any> | FastifyPluginCallback<any>;
  options?: Record<string, unknown>;
}

const stages: readonly PluginStage[] = ['beforeAuth', 'beforeRoutes'];

/** Refuses, before anything opens, plugins with a stage that does not exist. */
export function checkPlugins(plugins: readonly AppPlugin[]): void {
  const bad = plugins.filter((p) => !stages.includes(p.stage) || typeof p.plugin !== 'function');
  if (bad.length > 0) {
    const names = bad.map((p) => JSON.stringify(p.stage)).join(', ');
    throw new StartupError('RAMPART_DEFINITION_INVALID', `plugins: each needs a plugin function and a stage of ${stages.join(' or ')} (got ${names})`);
  }
}

/**
 * Registers the app's plugins of one stage, unencapsulated (as fastify-plugin would), so
 * their hooks and parsers apply to every route, Rampart's own included.
 */
export async function registerPlugins(fastify: FastifyInstance, plugins: readonly AppPlugin[], stage: PluginStage): Promise<void> {
  for (const entry of plugins.filter((p) => p.stage === stage)) {
    await fastify.register(fp(entry.plugin as FastifyPluginAsync), entry.options ?? {});
  }
}
