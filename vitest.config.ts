import { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/*
 * Two projects: every test runs on SQLite, and every database-touching test file runs
 * again on PostgreSQL (RAMPART_TEST_DIALECT=postgres; each run in a schema of its own).
 * Without a PostgreSQL server the second project is left out with a line saying so,
 * except in CI (CI=true), where a missing server fails the run instead of hiding it.
 */
const postgresFiles = [
  'test/**/*.test.ts',
  'src/auth/users/*.test.ts',
  'src/auth/tokens/refresh-token*.test.ts',
  'src/db/migrations/apply-migrations.test.ts',
  'src/db/transactions.test.ts',
  'src/resources/statements.test.ts',
  'src/db/migrations/postgres-*.test.ts',
];
// Tests that touch no database the dialect chooses (project scaffolding): once is enough.
const dialectFree = ['test/init.test.ts', 'test/generate.test.ts', 'test/openapi-check.test.ts', 'test/client.test.ts', 'test/audit.test.ts', 'test/routes-command.test.ts'];
// Tests of PostgreSQL's own machinery; SQLite's (rebuilds, FTS5) run in the sqlite project only.
const postgresOnly = ['src/db/migrations/postgres-*.test.ts', 'test/scale-path.test.ts', 'test/postgres-freeze.test.ts', 'test/postgres-connection-drop.test.ts'];

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000);
    socket.once('connect', () => done(true)).once('error', () => done(false)).once('timeout', () => done(false));
    socket.connect(port, host);
  });
}

async function postgresProject(): Promise<TestProjectInlineConfiguration[]> {
  const url = new URL(process.env.RAMPART_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  const port = Number(url.port || 5432);
  if (await reachable(url.hostname, port)) {
    return [{ extends: true, test: { name: 'postgres', include: postgresFiles, exclude: dialectFree, env: { RAMPART_TEST_DIALECT: 'postgres' } } }];
  }
  if (process.env.CI === 'true') throw new Error(`PostgreSQL is not reachable at ${url.host}; CI runs every test on it`);
  console.log(`PostgreSQL is not reachable at ${url.host}: skipping the PostgreSQL runs (SQLite runs only)`);
  return [];
}

const postgres = await postgresProject();

export default defineConfig({
  resolve: {
    alias: [
      { find: /^rampart$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^rampart\/testing$/, replacement: fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)) },
    ],
  },
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: postgresOnly } },
      ...postgres,
    ],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // Test fixtures that live beside the code they serve are not product code.
      exclude: ['src/**/*.test.ts', 'src/**/*-fixture.ts', 'src/**/test-database.ts', 'src/**/test-database-url.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 90 },
    },
  },
});
