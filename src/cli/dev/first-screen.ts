import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { appResources } from '../../core/app-tables.js';
import type { AppOptions, RampartApp } from '../../core/create-app.js';
import { apiPaths } from '../../wire/paths.js';

/** What the first screen is drawn from. */
export interface FirstScreenInput {
  app: RampartApp;
  options: AppOptions;
  /** The app module as typed (`app.ts`), for the commands it suggests. */
  appPath: string;
  /** What `listen` resolved to, e.g. `http://127.0.0.1:3000`. */
  address: string;
  /** The variables `.env` supplied. */
  fromDotEnv: readonly string[];
  /** True under `rampart dev`. */
  watching: boolean;
}

function describeDatabase(url: string): string {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    return file === ':memory:' ? 'SQLite in memory (gone when the process ends)' : `SQLite ${file}`;
  }
  const parsed = new URL(url);
  return `PostgreSQL ${parsed.username ? `${decodeURIComponent(parsed.username)}@` : ''}${parsed.host}${parsed.pathname}`;
}

/**
 * The screen `rampart dev` (and `rampart start` on a development terminal) prints once
 * the app listens: where everything is, what it runs on, and the next thing to do.
 * Warnings stay in the log lines above it: each is logged only when what the app
 * declares makes it apply (a webhook without its secret, open metrics in production).
 */
export async function firstScreen(input: FirstScreenInput): Promise<string> {
  const { app, options, address } = input;
  const version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const paths = apiPaths(options.api);
  const appFile = relative(process.cwd(), input.appPath) || input.appPath;
  const rows: Array<[string, string]> = [];
  const resources = appResources(options);
  rows.push(['API', `${address}${paths.base || '/'}`]);
  for (const resource of resources) rows.push(['', `${address}${paths.collection(resource)}`]);
  const auth = paths.group('auth');
  if (auth) rows.push(['Sign up', `POST ${address}${auth}/register  { "email", "password" }`]);
  rows.push(['Docs', `${address}/docs  (OpenAPI: ${address}/openapi.json)`]);
  rows.push(['Health', `${address}/health/ready`]);
  const admin = paths.group('admin');
  if (admin) rows.push(['Admin API', `${address}${admin}  (jobs, webhooks; admins only)`]);
  rows.push(['Database', describeDatabase(app.config.databaseUrl)]);
  rows.push(['Redis', app.config.redisUrl ? 'on (shared limits, cache and sessions)' : 'none: limits and cache live in this process']);
  if (input.fromDotEnv.length > 0) rows.push(['.env', input.fromDotEnv.join(', ')]);
  const admins = await app.users.countByRole('admin');
  rows.push(
    admins > 0
      ? ['Admins', String(admins)]
      : ['Admins', `none yet: printf '%s' "$PASSWORD" | npx rampart user:create ${appFile} --email you@example.com --role admin`],
  );
  const width = Math.max(...rows.map(([label]) => label.length));
  const title = options.info?.title ? ` · ${options.info.title}` : '';
  return [
    '',
    `  Rampart ${version}${title} · ${app.config.nodeEnv}`,
    '',
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    '',
    input.watching ? '  Watching for changes: saving a file restarts the app. Ctrl-C stops.' : '  Ctrl-C stops (in-flight requests finish first).',
    '',
  ].join('\n');
}
