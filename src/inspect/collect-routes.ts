import type { FastifyInstance, RouteOptions } from 'fastify';
import type { AppPlugin } from '../core/app-plugins.js';
import type { LiveRoute } from './route-info.js';

/**
 * An app plugin that records every route Fastify registers after it: run first (before
 * authentication), it sees Rampart's routes, the app's and its plugins' alike, with the
 * schemas they really validate, which no declaration can misstate.
 *
 * @example
 * const { plugin, routes } = routeCollector();
 * await createApp({ ...options, plugins: [plugin, ...(options.plugins ?? [])] });
 * routes; // [{ method: 'GET', url: '/api/v1/markets', ... }, ...]
 */
export function routeCollector(): { plugin: AppPlugin; routes: LiveRoute[] } {
  const routes: LiveRoute[] = [];
  const plugin: AppPlugin = {
    stage: 'beforeAuth',
    plugin: async (fastify: FastifyInstance) => {
      fastify.addHook('onRoute', (options: RouteOptions) => {
        const methods = Array.isArray(options.method) ? options.method : [options.method];
        const schema = (options.schema ?? {}) as Record<string, unknown>;
        const config = (options.config ?? {}) as { rateLimit?: unknown };
        for (const method of methods) {
          // Fastify adds a HEAD twin to every GET; it answers as the GET does.
          if (method === 'HEAD' && methods.length === 1 && routes.some((r) => r.method === 'GET' && r.url === options.url)) continue;
          routes.push({
            method,
            url: options.url,
            ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
            validates: {
              params: schema.params !== undefined,
              querystring: schema.querystring !== undefined,
              body: schema.body !== undefined,
              responses: Object.keys((schema.response ?? {}) as object),
            },
            ownRateLimit: config.rateLimit !== undefined && config.rateLimit !== false,
          });
        }
      });
    },
  };
  return { plugin, routes };
}
