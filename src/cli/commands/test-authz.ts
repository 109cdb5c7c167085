import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { authzMatrix } from '../../authz-matrix/run-matrix.js';
import { compareMatrices } from '../../authz-matrix/compare.js';
import { renderMatrix } from '../../authz-matrix/render.js';
import { loadAppModule } from '../load-app.js';
import { commandArgs } from '../command-args.js';

const help = `Usage: rampart test:authz [app.ts] [--out <file>] [--check] [--database <url>]

Builds the app on a throwaway database (a temporary SQLite file, or a new schema on
PostgreSQL with --database), then runs every operation of every resource (list, read,
create, update, delete, at the paths the app serves them) as anonymous, the owner of a
record, another user, one user per declared role and an admin. Each outcome is compared
with what the access rules say, and whatever the rules say it checks that a list never
shows a row the same caller cannot read, that a client cannot set or change the owner
field, and that anonymous callers never write unless a rule is public.

It writes the outcomes as a Markdown matrix (authz.md beside the app module) to commit:
a permission change then shows in the diff, and --check fails until it is committed.

Options:
  --out <file>       where the matrix goes (default: authz.md beside the app module)
  --check            compare with that file instead of writing it; fail when it differs
  --database <url>   postgres://... to run on a new schema there (default: SQLite)
  --help             show this text

Exit status: 0 when every cell is as the rules say (and, with --check, the file is
current); 1 on any mismatch, broken check or stale file, each named; 2 on bad usage.

Examples:
  rampart test:authz                        # writes ./authz.md for ./app.ts
  rampart test:authz src/app.ts --check     # in CI: fails when permissions changed
  rampart test:authz app.ts --out docs/permissions.md`;

/** `rampart test:authz [app.ts] [--out <file>] [--check] [--database <url>]`. */
export async function run(argv: string[]): Promise<number> {
  const parsed = commandArgs(argv, { out: { type: 'string' }, check: { type: 'boolean' }, database: { type: 'string' } }, help);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const appPath = positionals[0] ?? 'app.ts';
  const out = resolve(values.out ?? join(dirname(resolve(appPath)), 'authz.md'));
  const shown = relative(process.cwd(), out) || out;
  let matrix;
  try {
    matrix = await authzMatrix(await loadAppModule(appPath), values.database ? { database: values.database } : {});
  } catch (error) {
    console.error(`rampart test:authz: ${(error as Error).message}`);
    return 1;
  }
  const markdown = renderMatrix(matrix);
  let stale = false;
  if (values.check) {
    if (!existsSync(out)) {
      console.error(`no committed matrix at ${shown}; run rampart test:authz ${appPath} to write it, and commit it`);
      stale = true;
    } else {
      const changes = compareMatrices(readFileSync(out, 'utf8'), markdown);
      if (changes.length > 0) {
        stale = true;
        console.error(`${shown} is stale: the permissions changed since it was committed:`);
        for (const change of changes) console.error(`  ${change}`);
        console.error(`If the change is meant, rerun rampart test:authz ${appPath} and commit ${shown}.`);
      }
    }
  } else {
    writeFileSync(out, markdown);
  }
  for (const problem of matrix.problems) console.error(`✗ ${problem}`);
  const summary = `${matrix.rows.length} operations and ${matrix.routes.length} other route${matrix.routes.length === 1 ? '' : 's'} × ${matrix.callers.length} callers, ${matrix.invariants.length} checks`;
  if (matrix.problems.length > 0) console.error(`${matrix.problems.length} problem${matrix.problems.length === 1 ? '' : 's'} in ${summary}`);
  else if (!stale) console.log(values.check ? `${shown} is current: ${summary}, as the rules say` : `wrote ${shown}: ${summary}, as the rules say`);
  return matrix.problems.length > 0 || stale ? 1 : 0;
}
