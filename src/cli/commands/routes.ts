import { loadAppModule } from '../load-app.js';
import { inspectApp } from '../../inspect/inspect-app.js';
import { formatRoutes } from '../../inspect/format-routes.js';
import { commandArgs } from '../command-args.js';

const help = `Usage: rampart routes [app.ts] [--json]

Lists every route the app serves: method, path, access rule, rate limit, cache,
idempotency, body limit, where it comes from (a resource, an app route, Rampart's own,
a plugin) and its schemas (path and query parameters, body, response per status).

The app is built without serving it: on an in-memory database (yours is never opened),
without Redis, jobs or the first admin. Configuration (BODY_LIMIT, RATE_LIMIT_*, ...) is
read from the environment and .env as rampart start would.

Options:
  --json      print the table as JSON (an array of routes)
  --help      show this text

Examples:
  rampart routes
  rampart routes src/app.ts --json | jq '.[] | select(.access == "public")'`;

/** `rampart routes [app.ts] [--json]`. */
export async function run(argv: string[], _version?: string): Promise<number> {
  const parsed = commandArgs(argv, { json: { type: 'boolean' } }, help);
  if (typeof parsed === 'number') return parsed;
  const { routes } = await inspectApp(await loadAppModule(parsed.positionals[0]));
  const infos = routes.map((r) => r.info);
  console.log(parsed.values.json ? JSON.stringify(infos, null, 2) : formatRoutes(infos));
  return 0;
}
