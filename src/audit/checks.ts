/** How serious a finding is; `--fail-level` fails the run at or above its level. */
export type AuditLevel = 'error' | 'warning' | 'info';

/**
 * Levels from the most serious.
 *
 * @example
 * auditLevels.indexOf('warning') <= auditLevels.indexOf('info'); // true: warnings fail an info gate
 */
export const auditLevels: readonly AuditLevel[] = ['error', 'warning', 'info'];

/** One check of `rampart audit`: a stable id, its level, and what to tell the reader. */
export interface AuditCheck {
  level: AuditLevel;
  /** A short name, e.g. `public-write`. */
  name: string;
  /** What the check looks for, in one sentence. */
  summary: string;
  /** How to fix a finding, in one sentence. */
  fix: string;
  /** Whether a resource or route may waive it (configuration checks: with `--waive`). */
  waivable: boolean;
}

/**
 * Every check, by id. Ids are stable: a check that is retired keeps its id unused, so
 * waivers and CI filters never silently change meaning. docs/audit.md describes each.
 *
 * @example
 * auditChecks.RA002; // { level: 'warning', name: 'public-write', summary: '...', fix: '...', waivable: true }
 */
export const auditChecks = {
  RA000: { level: 'error', name: 'app-does-not-start', summary: 'The app fails its startup checks, so its routes cannot be audited.', fix: 'Fix the startup problems listed (rampart start prints the same).', waivable: false },
  RA001: { level: 'error', name: 'access-rule-missing', summary: 'A resource operation or route has no access rule (the app refuses to start).', fix: 'Declare the rule: allow.public, allow.authenticated, allow.owner, allow.role(...), or allow.nobody for server-only operations.', waivable: false },
  RA002: { level: 'warning', name: 'public-write', summary: 'A write (POST, PUT, PATCH, DELETE) is open to anyone, signed in or not.', fix: 'Require a caller (allow.authenticated, allow.owner, a role), or waive with the reason anonymous writes are intended.', waivable: true },
  RA003: { level: 'error', name: 'body-not-validated', summary: 'A write route is served without a body schema: whatever JSON arrives reaches the handler unchecked.', fix: 'Declare `body: z.strictObject({...})`; a route that takes no body declares `body: z.strictObject({}).optional()`.', waivable: true },
  RA004: { level: 'warning', name: 'input-loosely-validated', summary: 'Path parameters without a `params` schema, or an input object that strips unknown fields instead of refusing them.', fix: 'Declare `params: z.strictObject({ id: z.uuid() })`; use z.strictObject for params, query and body objects.', waivable: true },
  RA005: { level: 'error', name: 'response-schema-missing', summary: 'A success status has no response schema, so whatever the handler returns is sent (fields included that were never meant to leave).', fix: 'Declare `response: z.object({...})` (or status 204 for no body).', waivable: true },
  RA006: { level: 'error', name: 'page-cap', summary: 'A list can return more than 100 records per page (the app\'s query.maxLimit, or a route\'s limit parameter without a maximum <= 100).', fix: 'Keep query.maxLimit at 100 or less; give a limit parameter `.max(100)`.', waivable: true },
  RA007: { level: 'warning', name: 'rate-limit', summary: 'A route\'s own request budget is looser than the global one, or a public write has no budget of its own.', fix: 'Give the route `rateLimit: { max, timeWindow }` at or below the global per-user budget (public writes: a few a minute).', waivable: true },
  RA008: { level: 'warning', name: 'idempotency-missing', summary: 'A creating write (POST, or a 201 answer) does not take an Idempotency-Key, so a retried request can create twice.', fix: 'Serve it as POST outside the auth group (Rampart then stores answers under Idempotency-Key), or make the write idempotent by itself and waive.', waivable: true },
  RA009: { level: 'warning', name: 'body-limit', summary: 'A route accepts bodies larger than 1 MiB (BODY_LIMIT or its own bodyLimit).', fix: 'Keep BODY_LIMIT at 1 MiB or below and raise bodyLimit only on the route that needs it, with a reason.', waivable: true },
  RA010: { level: 'warning', name: 'index-missing', summary: 'A filterable or sortable field has no index that starts with it, so filtering scans the table.', fix: 'Add `.index()` to the field, or an `indexes` entry that starts with it, and generate a migration.', waivable: true },
  RA011: { level: 'warning', name: 'include-unbounded', summary: 'A to-many relation can embed more than 2,000 records in one list answer (its max times the page cap).', fix: 'Lower the relation\'s `max` (default 20) or the page cap.', waivable: true },
  RA012: { level: 'error', name: 'config-invalid', summary: 'The configuration is invalid in production: a weak or short secret (JWT_SECRET, JWT_SECRET_PREVIOUS, METRICS_TOKEN) or a malformed variable.', fix: 'Set the variable as the message says, e.g. JWT_SECRET from `openssl rand -base64 48`.', waivable: false },
  RA013: { level: 'warning', name: 'secret-missing', summary: 'A secret production needs is not set here (JWT_SECRET or JWT_PRIVATE_KEY, a webhook\'s signing secret): the app will refuse to start until it is.', fix: 'Set it in the deployment\'s environment (never in the repository).', waivable: true },
  RA014: { level: 'warning', name: 'cors-open', summary: 'CORS_ORIGINS allows any origin (`*`), or a plain-http origin other than localhost.', fix: 'List the browser apps\' https origins: CORS_ORIGINS=https://app.example.com.', waivable: true },
  RA015: { level: 'warning', name: 'proxy-trust', summary: 'TRUST_PROXY=true believes every X-Forwarded-For hop, so any client can choose the address it is logged and rate-limited under.', fix: 'Set TRUST_PROXY to the number of proxies in front (usually 1) or their addresses.', waivable: true },
  RA016: { level: 'warning', name: 'metrics-exposed', summary: 'METRICS_TOKEN is unset: /metrics answers anyone on the app port in production.', fix: 'Set METRICS_TOKEN (`openssl rand -hex 32`) and give it to the scraper, or block /metrics at the proxy and waive.', waivable: true },
  RA017: { level: 'info', name: 'docs-exposed', summary: 'The OpenAPI document and the /docs page are public: they describe every operation a client may call.', fix: 'Nothing to do for a public API; for a private one, block /docs and /openapi.json at the proxy and waive.', waivable: true },
  RA018: { level: 'warning', name: 'undeclared-route', summary: 'A route is served (by a plugin) without a declaration: no access rule of Rampart\'s guards it and the document does not describe it.', fix: 'Declare it with route({...}) instead, or check it guards itself and waive with --waive.', waivable: true },
  RA019: { level: 'error', name: 'waiver-invalid', summary: 'A waiver has no reason, names an unknown check, or names a check that cannot be waived.', fix: 'Give every waiver a check id from docs/audit.md and a reason a reviewer can judge.', waivable: false },
  RA020: { level: 'info', name: 'waiver-unused', summary: 'A waiver excuses nothing: the check passes without it.', fix: 'Remove the waiver.', waivable: false },
} as const satisfies Record<string, AuditCheck>;

/** A check's id: `RA000`...`RA020`. */
export type AuditCheckId = keyof typeof auditChecks;

/**
 * Whether a string names a check.
 *
 * @example
 * isAuditCheckId('RA010'); // true
 * isAuditCheckId('RA999'); // false
 */
export function isAuditCheckId(id: string): id is AuditCheckId {
  return Object.hasOwn(auditChecks, id);
}
