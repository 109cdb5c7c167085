import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { generateClient } from '../../client-gen/index.js';
import { appDocument } from '../app-document.js';
import { commandArgs, usageError } from '../command-args.js';

const usage = `Usage: rampart client [app.ts] --out <file> [--check]

Writes a typed TypeScript client for the app, from its OpenAPI document: one method per
operation with results typed per status (a union discriminated by \`status\`), a page
iterator per list, token refresh on an expired access token, and an Idempotency-Key
generated for each creating write. The file needs only the global fetch.

  --out <file>   where to write the client (required)
  --check        write nothing; fail (exit 1) when the file is missing or differs from
                 what would be generated (a stale committed client, in CI)

The app is built on an in-memory database: its own database is never opened.

Examples:
  rampart client app.ts --out web/src/api-client.ts
  rampart client app.ts --out web/src/api-client.ts --check   # in CI`;

/** `rampart client`: write (or check) the typed client of an app. */
export async function run(argv: string[]): Promise<number> {
  const parsed = commandArgs(argv, { out: { type: 'string' }, check: { type: 'boolean', default: false } }, usage);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (!values.out) return usageError('missing --out <file>', usage);
  const appPath = positionals[0];
  const out = resolve(values.out);
  const name = relative(process.cwd(), out) || out;
  // Paths as seen from here, however they were spelled (./app.ts, app.ts), so --check compares alike.
  const command = `rampart client ${relative(process.cwd(), resolve(appPath ?? 'app.ts'))} --out ${name}`;
  const source = generateClient(await appDocument(appPath), { command });
  if (values.check) {
    if (existsSync(out) && readFileSync(out, 'utf8') === source) {
      console.log(`${name} is up to date`);
      return 0;
    }
    console.error(`${name} is ${existsSync(out) ? 'stale' : 'missing'}: regenerate it with ${command}, and commit it`);
    return 1;
  }
  writeFileSync(out, source);
  console.log(`wrote ${name}`);
  return 0;
}
