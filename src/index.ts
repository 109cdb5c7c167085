/**
 * Rampart: declare resources, get a production-grade REST API.
 *
 * @example
 * import { allow, createApp, defineApp, field, resource } from 'rampart';
 *
 * const notes = resource('notes', {
 *   fields: { title: field.string({ min: 1, max: 200 }) },
 *   owner: 'author',
 *   access: {
 *     list: allow.public,
 *     read: allow.public,
 *     create: allow.authenticated,
 *     update: allow.any(allow.owner, allow.role('admin')),
 *     delete: allow.any(allow.owner, allow.role('admin')),
 *   },
 * });
 * const app = await createApp({ resources: [notes] });
 * await app.listen();
 */

// App: build, configure, run.
export { createApp, defineApp } from './core/create-app.js';
export type { AppOptions, RampartApp } from './core/create-app.js';
export type { AppPlugin, PluginStage } from './core/app-plugins.js';
export type { Database } from './db/database.js';
export type { Lifecycle } from './health/health.js';
export type { Metrics } from './metrics/metrics.js';
export type { RoleTable } from './auth/roles.js';
export type { NewUser, PublicUser, UserRepository } from './auth/users/index.js';
export type { AuthHookContext, AuthHooks, AuthService, NewUserInput, Session } from './auth/auth-service.js';
export type { ProfileChange, UserFieldsOptions } from './auth/users/index.js';
export { usersResource, UsersResource } from './auth/users/users-resource.js';
export type { UsersExposure, UsersResourceOptions } from './auth/users/users-resource.js';
export { loadConfig } from './core/config.js';
export type { Config } from './core/config.js';

/**
 * The zod that Rampart validates with, for apps' own schemas (route bodies, event
 * payloads): import it from here, so an app's schemas are always of Rampart's zod.
 *
 * @example
 * import { route, z } from 'rampart';
 * const body = z.strictObject({ title: z.string().min(1) });
 */
export { z } from 'zod';

// Resources: declared data and their generated routes.
export { resource, Resource } from './resources/resource.js';
export type { AnyResource, InferComputed, InferCreate, InferRecord, Operation, RecordOf, ResourceDefinition } from './resources/resource.js';
export type { ListQueryOptions } from './resources/query/list-query.js';
export { field, Field, slugOf } from './resources/fields/index.js';
export type { ArrayOptions, DecimalOptions, Derivation, NumberOptions, ReferenceOptions, SlugOptions, StringOptions } from './resources/fields/index.js';
export type { RecordData } from './resources/records.js';
export type { RecordPage } from './resources/service.js';
export type { RecordStore, RecordStoreFactory } from './resources/record-store.js';
export type { RecordKey } from './resources/record-key.js';
export { hasMany, through } from './resources/relations/relation.js';
export type { HasMany, HasManyOptions, Relation, Through, ThroughOptions } from './resources/relations/relation.js';
export { computed } from './resources/relations/computed.js';
export { view } from './resources/views.js';
export { aggregate } from './resources/aggregates.js';
export type { DomainEvents } from './resources/events.js';
export type { Aggregate, AggregateOptions, AggregateResult } from './resources/aggregates.js';
export type { View } from './resources/views.js';
export type { Computed, ComputedOptions, WhereValue } from './resources/relations/computed.js';
export type { HookContext, ResourceHooks } from './resources/hooks.js';
export type { AppDb } from './db/transactions.js';

// Background jobs: `createJobs()`, `jobs.define(...)`, `ctx.jobs.enqueue(...)`.
export { createJobs, JobRegistry } from './jobs/job-definition.js';
export type { JobContext, JobInfo, JobOptions } from './jobs/job-definition.js';
export type { EnqueueOptions, EnqueuedJob, JobQueue } from './jobs/job-queue.js';
export type { BackoffOptions } from './jobs/backoff.js';
export { RetryLater } from './jobs/retry-later.js';

// Read caching: `resource(name, { cache: { ttl } })`, `app.cache`.
export type { ResourceCacheOptions } from './cache/cache-options.js';
export type { ReadCache, WriteOperation } from './cache/read-cache.js';

// Custom routes.
export { route } from './routes/route.js';
export type { RouteContext, RouteDefinition, RouteMethod } from './routes/route.js';

// Inbound webhooks: `webhook(name, { verify, events, handler })`, served at POST /api/v1/webhooks/<name>.
export { verify, webhook } from './webhooks/inbound/index.js';
export type {
  AnyWebhook,
  EventSchemas,
  SecretSource,
  StandardVerifierOptions,
  StripeVerifierOptions,
  Webhook,
  WebhookContext,
  WebhookDefinition,
  WebhookEvent,
  WebhookServices,
  WebhookVerifier,
} from './webhooks/inbound/index.js';

// The API's outside shape: paths and envelopes (`createApp({ api })`).
export { envelope } from './wire/envelopes.js';
export type { EnvelopeSpec, NamedEnvelopeOptions } from './wire/envelopes.js';
export type { ApiOptions } from './wire/paths.js';
export type { RouteGroup } from './routes/route.js';

// Access rules.
export { allow } from './policies/rule.js';
export type { Access, AccessContext, AccessRule, Principal, RowFilter, RuleFunction } from './policies/rule.js';

// Errors.
export { AppError, StartupError } from './errors/app-error.js';
export type { FieldIssue } from './errors/app-error.js';
export { errorCatalog } from './errors/catalog.js';
export type { ErrorCode } from './errors/catalog.js';
export { errorFormat } from './wire/error-format.js';
export type { ErrorFormat, ErrorInfo, ErrorKind } from './wire/error-format.js';
export { errorsByField } from './wire/errors-by-field.js';
export type { ErrorsByFieldOptions } from './wire/errors-by-field.js';

// Mounting inside other servers (src/mount/)
export { toNodeHandler, toFetchHandler, MountClosedError } from './mount/index.js';
export type { FetchHandler, FetchHandlerOptions, MountedApp, MountedRequest, MountSource, NodeHandler } from './mount/index.js';

// Audit (src/audit/): `rampart audit` and `rampart routes` as functions, and the waiver declaration.
export { audit, auditChecks, failingFindings, formatMarkdown, formatSarif, formatText } from './audit/index.js';
export type { AuditCheck, AuditCheckId, AuditDeclaration, AuditEnvironment, AuditFinding, AuditLevel, AuditOptions, AuditReport, FindingLocation } from './audit/index.js';
export { inspectApp } from './inspect/inspect-app.js';
export type { AppInspection, InspectOptions } from './inspect/inspect-app.js';
export type { RouteInfo, RouteSchemas, RouteSource } from './inspect/route-info.js';

// OpenAPI checks and clients (src/openapi-diff/, src/client-gen/): `rampart openapi --check` and `rampart client` as functions.
export { compareDocuments, formatChanges } from './openapi-diff/index.js';
export type { AdditiveKind, BreakingKind, Change, ChangeKind } from './openapi-diff/index.js';
export { generateClient } from './client-gen/index.js';
export type { GenerateClientOptions } from './client-gen/index.js';

// Authorization matrix (src/authz-matrix/): `rampart test:authz` as functions.
export { authzMatrix, compareMatrices, renderMatrix } from './authz-matrix/index.js';
export type { AuthzMatrix, AuthzMatrixOptions, InvariantRow, MatrixCell, MatrixRow, RouteRow } from './authz-matrix/index.js';
