import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { compareDocuments, formatChanges, lockPath, lockText, readLock, writeLock } from '../../openapi-diff/index.js';
import { appDocument } from '../app-document.js';
import { commandArgs, usageError } from '../command-args.js';

const usage = `Usage: rampart openapi [app.ts] [--check | --update] [--lock <file>] [--out <file>] [--json]

Without --check or --update, prints the app's OpenAPI 3.1 document (or writes it to --out).

  --check          compare the document with the lock file and fail (exit 1) on breaking
                   changes: removed operations or response fields, narrowed types, new
                   required inputs, changed success statuses, stricter access rules, lower
                   page or rate limits. Additive changes are listed and pass.
  --update         write the current document as the lock file (commit it)
  --lock <file>    the lock file (default: openapi.lock.json beside the app module)
  --out <file>     where to write the document (default: standard output)
  --json           with --check: the changes as JSON

The app is built on an in-memory database: its own database is never opened.

Examples:
  rampart openapi app.ts --out openapi.json
  rampart openapi app.ts --update            # after reviewing an intended change
  rampart openapi app.ts --check             # in CI: fails on a breaking change
  rampart openapi src/app.ts --check --lock contract/openapi.lock.json`;

/** `rampart openapi`: print the document, or check it against (or update) its lock file. */
export async function run(argv: string[]): Promise<number> {
  const parsed = commandArgs(
    argv,
    {
      check: { type: 'boolean', default: false },
      update: { type: 'boolean', default: false },
      lock: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    usage,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.check && values.update) return usageError('--check and --update go separately', usage);
  const appPath = positionals[0];
  const document = await appDocument(appPath);
  const lock = lockPath(appPath, values.lock);
  const lockName = relative(process.cwd(), lock) || lock;
  if (values.update) {
    // What the new lock accepts, for the commit message and the API's clients.
    const previous = readLock(lock);
    const changes = previous ? compareDocuments(previous, document) : [];
    if (changes.length > 0) console.log(`${formatChanges(changes, lockName)}\n`);
    writeLock(lock, document);
    console.log(`wrote ${lockName}${previous ? '' : ' (new)'}`);
    return 0;
  }
  if (!values.check) {
    if (values.out) writeFileSync(resolve(values.out), lockText(document));
    else process.stdout.write(lockText(document));
    return 0;
  }
  const locked = readLock(lock);
  if (!locked) {
    console.error(`no lock file at ${lockName}: write it with rampart openapi ${appPath ?? 'app.ts'} --update, and commit it`);
    return 1;
  }
  const changes = compareDocuments(locked, document);
  const breaking = changes.some((c) => c.breaking);
  if (values.json) {
    console.log(JSON.stringify({ lock: lockName, breaking, changes }, null, 2));
  } else if (changes.length === 0) {
    // Descriptions and summaries are not part of the contract, but the lock should follow them.
    const textOnly = lockText(locked) !== lockText(document);
    console.log(`${lockName}: no changes${textOnly ? ' to the contract; descriptions or summaries differ (--update records them)' : ''}`);
  } else {
    console.log(formatChanges(changes, lockName));
    console.log(
      breaking
        ? '\nBreaking changes fail the check. If they are intended, tell the API\'s clients, then run with --update and commit the lock.'
        : '\nNothing breaking. Run with --update to record the changes.',
    );
  }
  return breaking ? 1 : 0;
}
