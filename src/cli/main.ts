import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError, StartupError } from '../errors/app-error.js';
import { applyDotEnv } from './dotenv.js';

const usage = `Usage: rampart <command> [app module] [options]

Commands:
  init [folder]                     make a new project (see rampart init --help)
  generate <kind> <name> [...]      write a resource, route, job or webhook with its test
  destroy <kind> <name>             remove what generate wrote (files you changed stay)
  routes [app.ts] [--json]          every route: method, path, access, rate limit, cache, schemas
  audit [app.ts]                    check the app against the production checklist
  test:authz [app.ts]               run every operation as every kind of caller; write the matrix
  client [app.ts] --out <file>      write a typed TypeScript client from the OpenAPI document
  openapi [app.ts] --check|--update compare the document with openapi.lock.json (breaking changes)
  dev [app.ts]                      serve the app, restart it on every change, apply
                                    development migrations (reads .env afresh each time)
  start [app.ts]                    serve the app (graceful shutdown on SIGTERM/SIGINT/SIGHUP)
      --workers <N|auto>            run N processes sharing the port (auto: one per CPU;
                                    default: WEB_CONCURRENCY, else 1); set REDIS_URL with it
  migrate [app.ts]                  apply pending migration files
      --allow-destructive           also apply reviewed files that drop or change columns/tables
  migrate:generate [app.ts]         write the difference between resources and database as a file
      --name <slug>                 a name for the file
  migrate:status [app.ts]           list applied and pending migration files
  user:create [app.ts]              create a user; the password is read from standard input
      --email <email> --role <role> --name <name>   (role defaults to user)
  help                              show this text
  --version                         print Rampart's version
  <command> --help                  a command's options and examples

The app module's default export is defineApp({ ... }); it defaults to ./app.ts.
Configuration comes from environment variables, e.g. PORT=8080 rampart start (see README),
and from .env in the current folder for those the environment does not set.`;

// `rampart <command> --help`: what the command does, its options, and examples.
const commandHelp: Record<string, string> = {
  dev: `Usage: rampart dev [app.ts]

Serves the app for development: reads .env, applies development migrations (writing
each schema change under migrations/ and applying it), prints where everything is, and
restarts when a .ts, .js or .json file or .env changes (node_modules, data, migrations
and tests excepted). An app that fails to start waits for the next change. Ctrl-C stops.

Examples:
  rampart dev app.ts
  PORT=4000 rampart dev src/app.ts`,
  start: `Usage: rampart start [app.ts] [--workers <N|auto>]

Serves the app (PORT, HOST, DATABASE_URL... from the environment) until SIGTERM, SIGINT
or SIGHUP, then drains in-flight requests and exits 0.

Examples:
  rampart start app.ts
  PORT=8080 DATABASE_URL=postgres://app@db:5432/app rampart start app.ts
  REDIS_URL=redis://cache:6379 rampart start app.ts --workers auto`,
  migrate: `Usage: rampart migrate [app.ts] [--allow-destructive]

Applies the pending migration files, under a lock (one instance at a time).

Examples:
  rampart migrate app.ts
  rampart migrate app.ts --allow-destructive   # after reviewing a file that drops or changes columns`,
  'migrate:generate': `Usage: rampart migrate:generate [app.ts] [--name <slug>]

Writes the difference between the declared resources and the database as a migration file.

Examples:
  rampart migrate:generate app.ts --name add-tags`,
  'migrate:status': `Usage: rampart migrate:status [app.ts]

Lists applied and pending migration files.

Example:
  rampart migrate:status app.ts`,
  'user:create': `Usage: rampart user:create [app.ts] --email <email> [--role <role>] [--name <name>]

Creates a user; the password is read from standard input (never an argument). The role
must be one the app declares (admin, user, and the keys of its roles).

Example:
  printf '%s' "$PASSWORD" | rampart user:create app.ts --email ops@example.com --role admin`,
};

/** A command that parses its own options (and answers its own --help). */
interface OwnOptionCommand {
  run(argv: string[], version: string): Promise<number>;
}

/**
 * Commands with options of their own, each in a module loaded only when used: init
 * (shared with create-rampart, src/init/), the generators, and the checks that read an
 * app's routes and document.
 */
const ownOptionCommands: Record<string, () => Promise<OwnOptionCommand>> = {
  init: async () => ({ run: (await import('../init/init-command.js')).initCommand }),
  generate: () => import('./generate/generate-command.js'),
  destroy: () => import('./generate/destroy-command.js'),
  routes: () => import('./commands/routes.js'),
  audit: () => import('./commands/audit.js'),
  'test:authz': () => import('./commands/test-authz.js'),
  client: () => import('./commands/client.js'),
  openapi: () => import('./commands/openapi.js'),
};

// A bare `--workers` (last, or before another option) means one per CPU.
function withWorkersValue(argv: string[]): string[] {
  return argv.flatMap((arg, i) => (arg === '--workers' && (argv[i + 1] === undefined || argv[i + 1]!.startsWith('-')) ? [arg, 'auto'] : [arg]));
}

/** Rampart's version: the package's own manifest, two levels above both src/cli and dist/cli. */
function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** Runs the CLI with the given arguments; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const own = argv[0] === undefined ? undefined : ownOptionCommands[argv[0]];
  if (own) {
    if (argv[0] !== 'init') applyDotEnv();
    return (await own()).run(argv.slice(1), version());
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: withWorkersValue(argv),
      allowPositionals: true,
      options: {
        'allow-destructive': { type: 'boolean', default: false },
        name: { type: 'string' },
        email: { type: 'string' },
        role: { type: 'string' },
        workers: { type: 'string' },
        help: { type: 'boolean' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.version) {
    console.log(version());
    return 0;
  }
  const [command, appPath] = positionals;
  // Each command loads only what it uses: the server (Fastify and every plugin) costs
  // about a second of CPU to import, which `help` and the migration commands need not pay.
  if (values.help && command !== undefined && Object.hasOwn(commandHelp, command)) {
    console.log(commandHelp[command]);
    return 0;
  }
  // Every command reads .env (the real environment wins). dev leaves it to the app
  // process it runs, which reads it afresh at every restart.
  if (command !== 'dev' && !values.help) applyDotEnv();
  switch (values.help ? 'help' : command) {
    case 'dev':
      return (await import('./dev/dev-command.js')).dev(appPath);
    case 'start':
      return (await import('./commands/start.js')).start(appPath, { workers: values.workers });
    case 'migrate':
      await (await import('./commands/migrate.js')).migrate(appPath, values['allow-destructive'] ?? false);
      return 0;
    case 'migrate:generate':
      await (await import('./commands/migrate.js')).generate(appPath, values.name);
      return 0;
    case 'migrate:status':
      await (await import('./commands/migrate.js')).status(appPath);
      return 0;
    case 'user:create':
      await (await import('./commands/user-create.js')).createUserCommand(appPath, { email: values.email, role: values.role, name: values.name });
      return 0;
    case 'help':
    case undefined:
      console.log(usage);
      return 0;
    default:
      console.error(`unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}

/**
 * Runs a command as the `rampart` bin does and resolves to its exit code: errors become
 * a message (and 1) rather than a stack.
 */
export async function runCommand(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (error) {
    // Startup errors carry a message meant for the operator; a stack adds nothing.
    console.error(error instanceof Error ? error.message : error);
    if (error instanceof AppError) for (const issue of error.errors ?? []) console.error(`  ${issue.path}: ${issue.message}`);
    if (!(error instanceof StartupError) && error instanceof Error && process.env.DEBUG) console.error(error.stack);
    return 1;
  }
}

/** The `rampart` bin's entry: runs the command and sets the process's exit code from it. */
export async function run(argv: string[]): Promise<void> {
  // A reader that stops early (`rampart openapi --check | head`) closes the pipe: stop
  // quietly, as other command-line tools do, rather than with an EPIPE stack.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? 0);
    });
  }
  const code = await runCommand(argv);
  if (code !== 0) process.exitCode = code;
}
