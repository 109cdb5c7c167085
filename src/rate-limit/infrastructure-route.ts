/**
 * Route options for what the infrastructure calls (health probes, metrics scrapes):
 * outside every request budget, neither refused nor counted. Such callers come from few
 * addresses (a load balancer, a proxy that TRUST_PROXY does not unwrap, Prometheus), so
 * on a budget shared with the API a busy instance would fail its own readiness probe
 * and be taken out of rotation, and probes would eat the clients' budget.
 * Spread it into a route's options; @fastify/rate-limit then adds no hook to the route.
 *
 * @example
 * app.get('/health/live', { ...infrastructureRoute }, async () => ({ status: 'ok' }));
 */
export const infrastructureRoute = { config: { rateLimit: false } } as const;
