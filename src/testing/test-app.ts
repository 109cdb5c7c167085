import { randomBytes } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { PublicUser } from '../auth/users/index.js';
import { AppError } from '../errors/app-error.js';
import { createApp, type AppOptions, type RampartApp } from '../core/create-app.js';
import { createTestDatabaseUrl } from '../db/test-database-url.js';
import { appResources } from '../core/app-tables.js';
import type { AnyField } from '../resources/fields/index.js';
import type { AnyResource } from '../resources/resource.js';
import { sampleRecord } from './sample-record.js';
import { apiPaths } from '../wire/paths.js';

/** Options of {@link testApp}. */
export interface TestAppOptions {
  /**
   * Where the app's data lives: `'sqlite'` (the default) is a new SQLite file in a
   * temporary folder; a `postgres://` URL is a new schema on that server. Either is
   * thrown away by `close()`, so tests never see each other's rows.
   */
  database?: 'sqlite' | string;
  /** Environment variables for the app beside the ones the test app sets (`LOG_LEVEL`, `RATE_LIMIT_USER_PER_MINUTE`...). */
  env?: Record<string, string>;
}

/** A user the test made, signed in. */
export interface TestUser extends PublicUser {
  /** The password it was made with (a random passphrase unless given). */
  password: string;
  /** A valid access token: what `as: user` sends as `Authorization: Bearer`. */
  accessToken: string;
  /** The session's refresh token. */
  refreshToken: string;
}

/** What {@link TestApp.user} takes; every key is optional. */
export interface TestUserOptions {
  email?: string;
  password?: string;
  /** A role the app declares (`admin`, `user` and the keys of its `roles`); default `user`. */
  role?: string;
  /** Display name. */
  name?: string;
  /** Values of the app's own user fields (`users.fields`). */
  fields?: Record<string, unknown>;
}

/** A request through the app without a socket: Fastify's `inject` options, plus who sends it. */
export type TestRequest = Omit<InjectOptions, 'body'> & {
  /** Sends this user's access token. */
  as?: { accessToken: string };
  /** A JSON body (the same as `payload`). */
  body?: unknown;
};

type BodylessRequest = Omit<TestRequest, 'method' | 'url'>;

/** The app a test works with; see {@link testApp}. */
export interface TestApp {
  /** The built app: `app.records(...)`, `app.auth`, `app.jobs`, `app.fastify`... */
  readonly app: RampartApp;
  /** The database URL the app runs on. */
  readonly databaseUrl: string;
  /** A resource's collection path under the app's `api` options (`/api/v1/notes`), or a record's (`/api/v1/notes/<id>`). */
  url(resource: AnyResource, id?: string): string;
  /**
   * Ids for `resource`'s reference fields: a `users` reference gets `user`, any other a
   * new record of its resource (sample values, made through `records()`, owned by
   * `user`, its own references made the same way). With {@link sampleRecord}:
   * `sampleRecord(tasks, { refs: await t.refs(tasks, ann) })`.
   */
  refs(resource: AnyResource, user: { id: string }): Promise<Record<string, string>>;
  /** An inbound webhook's URL under the app's `api` options (`/api/v1/webhooks/<name>`). */
  webhookUrl(webhook: { name: string }): string;
  /**
   * Waits until a background job is finished (done or dead; the app's worker runs it)
   * and resolves with its row as the admin jobs route shows it; rejects after `timeoutMs`.
   */
  waitForJob(id: string, timeoutMs?: number): Promise<{ status: string; attempts: number; [key: string]: unknown }>;
  /** Makes a user with a session (through `app.auth`, so the app's hooks and password policy apply). */
  user(options?: TestUserOptions): Promise<TestUser>;
  /** `user({ role: 'admin', ...options })`. */
  admin(options?: Omit<TestUserOptions, 'role'>): Promise<TestUser>;
  /** Sends a request through the app's whole pipeline (auth, validation, rules, hooks, error format). */
  request(request: TestRequest): Promise<LightMyRequestResponse>;
  get(url: string, request?: BodylessRequest): Promise<LightMyRequestResponse>;
  delete(url: string, request?: BodylessRequest): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, request?: BodylessRequest): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown, request?: BodylessRequest): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, request?: BodylessRequest): Promise<LightMyRequestResponse>;
  /** Closes the app and throws its database away. */
  close(): Promise<void>;
}

let made = 0;

/**
 * Builds an app for a test, on a database of its own: a temporary SQLite file by
 * default, or a fresh schema on a PostgreSQL server. The schema comes from the app's
 * declarations (no migration files are read or written), `NODE_ENV` is `test`, the
 * signing secret is random and logs below `warn` are dropped (`env` overrides these).
 *
 * @example
 * import { testApp } from 'rampart/testing';
 * import app from '../app.js';
 *
 * const t = await testApp(app);
 * const ann = await t.user();
 * const res = await t.post('/api/v1/notes', { title: 'Hello' }, { as: ann });
 * expect(res.statusCode).toBe(201);
 * await t.close();
 */
export async function testApp(options: AppOptions, settings: TestAppOptions = {}): Promise<TestApp> {
  const wanted = settings.database ?? 'sqlite';
  if (wanted !== 'sqlite' && !/^postgres(ql)?:\/\//.test(wanted)) {
    throw new TypeError(`testApp: database must be 'sqlite' or a postgres:// URL, not ${JSON.stringify(wanted)}`);
  }
  const database = wanted === 'sqlite' ? await createTestDatabaseUrl('sqlite') : await createTestDatabaseUrl('postgres', wanted);
  let app: RampartApp;
  try {
    app = await createApp({
      ...options,
      migrations: { ...options.migrations, dir: false },
      env: {
        ...(options.env ?? process.env),
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        JWT_SECRET: randomBytes(32).toString('base64url'),
        ...settings.env,
        DATABASE_URL: database.url,
      },
    });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const paths = apiPaths(options.api);
  let jobWatcher: TestUser | undefined;
  const declared = new Map(appResources(options).map((r) => [r.name, r]));
  const refs = async (resource: AnyResource, owner: { id: string }, chain: string[] = []): Promise<Record<string, string>> => {
    const ids: Record<string, string> = {};
    for (const [name, f] of Object.entries(resource.definition.fields as Record<string, AnyField>)) {
      const target = f.spec.reference?.resource;
      if (!target || name === resource.owner?.field) continue;
      if (target === 'users') {
        ids[name] = owner.id;
        continue;
      }
      const parent = declared.get(target);
      // A reference back into the chain (a tree, a cycle) is left out: it must be optional.
      if (!parent || chain.includes(target) || target === resource.name) continue;
      const record = await app.records(parent).create(sampleRecord(parent, { refs: await refs(parent, owner, [...chain, resource.name]) }), { owner: owner.id });
      ids[name] = String(record.id);
    }
    return ids;
  };
  const request = (req: TestRequest) => {
    const { as, body, headers, ...rest } = req;
    return app.fastify.inject({
      ...rest,
      headers: { ...headers, ...(as ? { authorization: `Bearer ${as.accessToken}` } : {}) },
      ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
    });
  };
  const withBody = (method: 'POST' | 'PUT' | 'PATCH') => (url: string, body?: unknown, req: BodylessRequest = {}) =>
    request({ ...req, method, url, ...(body === undefined ? {} : { body }) });
  const user = async (wish: TestUserOptions = {}): Promise<TestUser> => {
    made++;
    const email = wish.email ?? `user${made}-${randomBytes(3).toString('hex')}@example.com`;
    const password = wish.password ?? `test passphrase ${randomBytes(9).toString('base64url')}`;
    const created = await app.auth
      .register({ email, password, ...(wish.name === undefined ? {} : { name: wish.name }), ...wish.fields }, wish.role === undefined ? {} : { role: wish.role })
      .catch((error: unknown) => {
        // A test's author reads this in a failure: say which field and why.
        if (!(error instanceof AppError) || !error.errors?.length) throw error;
        throw new AppError(error.code, `${error.message} ${error.errors.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, { errors: error.errors, cause: error });
      });
    const session = await app.auth.startSession(created);
    return { ...session.user, password, accessToken: session.accessToken, refreshToken: session.refreshToken };
  };
  return {
    app,
    databaseUrl: database.url,
    refs: (resource, user) => refs(resource, user),
    webhookUrl: (webhook) => {
      const group = paths.group('webhooks');
      if (group === undefined) throw new Error('this app serves no webhooks (api.builtIn.webhooks is false)');
      return `${group}/${webhook.name}`;
    },
    async waitForJob(id, timeoutMs = 10_000) {
      const group = paths.group('admin');
      if (group === undefined) throw new Error('waitForJob reads the admin jobs route, which this app leaves out (api.builtIn.admin is false)');
      jobWatcher ??= await user({ role: 'admin' });
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const res = await request({ method: 'GET', url: `${group}/jobs/${encodeURIComponent(id)}`, as: jobWatcher });
        if (res.statusCode !== 200) throw new Error(`waitForJob ${id}: ${res.statusCode} ${res.body}`);
        const job = res.json().data as { status: string; attempts: number };
        if (job.status === 'done' || job.status === 'dead') return job;
        if (Date.now() > deadline) throw new Error(`waitForJob ${id}: still ${job.status} after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    url: (resource, id) => `${paths.collection(resource)}${id === undefined ? '' : `/${encodeURIComponent(id)}`}`,
    user,
    admin: (wish = {}) => user({ ...wish, role: 'admin' }),
    request,
    get: (url, req = {}) => request({ ...req, method: 'GET', url }),
    delete: (url, req = {}) => request({ ...req, method: 'DELETE', url }),
    post: withBody('POST'),
    put: withBody('PUT'),
    patch: withBody('PATCH'),
    async close() {
      try {
        await app.close();
      } finally {
        await database.drop();
      }
    },
  };
}
