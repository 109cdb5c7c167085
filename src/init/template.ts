/*
 * The files of a new project (`rampart init`, `npm create rampart`). Self-contained on
 * purpose: this folder is compiled into the create-rampart package too, which does not
 * ship Rampart, so nothing here imports from the rest of src/.
 */

/** What a new project is made from. */
export interface TemplateOptions {
  /** The package name (also the folder's name). */
  name: string;
  /** What the project's package.json asks for `rampart`: `^0.1.0`, or `file:/abs/rampart-0.1.0.tgz`. */
  rampart: string;
}

/**
 * The versions a new project's tooling starts on: the lines Rampart's own repository
 * builds and tests with (test/init.test.ts checks they stay in step with its package.json).
 */
export const templateVersions = {
  zod: '^4.6.7',
  typescript: '^5.9.0',
  vitest: '^4.1.11',
  '@types/node': '^20.19.43',
} as const;

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** path → text of every file of a new project. */
export function projectFiles({ name, rampart }: TemplateOptions): Record<string, string> {
  return {
    'package.json': json({
      name,
      version: '0.1.0',
      private: true,
      type: 'module',
      engines: { node: '>=20.19' },
      scripts: {
        dev: 'rampart dev app.ts',
        start: 'rampart start app.ts',
        test: 'tsc --noEmit && vitest run',
        migrate: 'rampart migrate app.ts',
        'migrate:generate': 'rampart migrate:generate app.ts',
      },
      dependencies: { rampart, zod: templateVersions.zod },
      // npm 11 asks which packages may run install scripts: the SQLite driver compiles or
      // fetches its binding, tsx's esbuild checks its binary.
      allowScripts: { 'better-sqlite3': true, esbuild: true },
      devDependencies: {
        '@types/node': templateVersions['@types/node'],
        typescript: templateVersions.typescript,
        vitest: templateVersions.vitest,
      },
    }),
    'tsconfig.json': json({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: true,
        noEmit: true,
        types: ['node'],
      },
      include: ['app.ts', 'resources', 'test'],
    }),
    'app.ts': `import { defineApp } from 'rampart';
import { notes } from './resources/notes.js';

// The app: its resources, and anything else createApp takes (routes, jobs, webhooks,
// roles, api paths, envelopes...). \`rampart dev\` serves it and restarts on changes.
export default defineApp({
  info: { title: '${name}', version: '0.1.0' },
  resources: [notes],
});
`,
    'resources/notes.ts': `import { allow, field, resource } from 'rampart';

// A note belongs to the user who wrote it (its owner, \`author\`): only they list, read,
// change or delete it. Add a resource per file in this folder and list it in app.ts.
export const notes = resource('notes', {
  fields: {
    title: field.string({ min: 1, max: 200 }).sortable(),
    body: field.string({ max: 10_000 }).optional(),
    done: field.boolean().default(false).filterable().index(),
  },
  owner: 'author',
  access: {
    list: allow.owner,
    read: allow.owner,
    create: allow.authenticated,
    update: allow.owner,
    delete: allow.owner,
  },
});
`,
    'test/app.test.ts': `import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from 'rampart/testing';
import app from '../app.js';

// Each testApp runs on a database of its own (a temporary SQLite file), thrown away by close().
let t: TestApp;
beforeAll(async () => {
  t = await testApp(app);
});
afterAll(() => t?.close());

describe('notes', () => {
  it('a signed-in user writes a note and reads it back', async () => {
    const ann = await t.user();
    const created = await t.post('/api/v1/notes', { title: 'Buy milk' }, { as: ann });
    expect(created.statusCode).toBe(201);
    const { id } = created.json().data;

    const read = await t.get(\`/api/v1/notes/\${id}\`, { as: ann });
    expect(read.json().data).toMatchObject({ title: 'Buy milk', done: false, author: ann.id });
  });

  it("nobody else sees it, and strangers must sign in", async () => {
    const ann = await t.user();
    const ben = await t.user();
    const { id } = (await t.post('/api/v1/notes', { title: 'Private' }, { as: ann })).json().data;

    expect((await t.get(\`/api/v1/notes/\${id}\`, { as: ben })).statusCode).toBe(404);
    expect((await t.get('/api/v1/notes', { as: ben })).json().data).toEqual([]);
    expect((await t.get('/api/v1/notes')).statusCode).toBe(401);
  });

  it('bad input is a 400 naming the field', async () => {
    const ann = await t.user();
    const res = await t.post('/api/v1/notes', { title: '' }, { as: ann });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('body.title');
  });
});
`,
    '.env.example': `# Copy to .env: rampart dev, start and every other rampart command read it.
# Every variable is in Rampart's README (Configuration).
PORT=3000
DATABASE_URL=sqlite:data/app.db
# DATABASE_URL=postgres://app:secret@127.0.0.1:5432/app
# REDIS_URL=redis://127.0.0.1:6379

# Production needs a signing secret (generate one: openssl rand -base64 32).
# JWT_SECRET=

# An admin made at boot when it does not exist yet (or: npx rampart user:create app.ts --role admin).
# ADMIN_EMAIL=you@example.com
# ADMIN_PASSWORD=
`,
    '.gitignore': `node_modules/
data/
.env
*.log
`,
    'README.md': `# ${name}

An API built with [Rampart](https://www.npmjs.com/package/rampart).

## Next steps

\`\`\`sh
npm run dev        # serve on http://127.0.0.1:3000 and restart on every change
npm test           # typecheck, then the tests in test/
\`\`\`

- Open http://127.0.0.1:3000/docs for the API reference, and try it there.
- Sign up: \`POST /api/v1/auth/register\` with \`{ "email", "password" }\`; send the
  \`accessToken\` it answers as \`Authorization: Bearer <token>\`.
- Make an admin: \`printf '%s' "$PASSWORD" | npx rampart user:create app.ts --email you@example.com --role admin\`.
- Add a resource: a file in \`resources/\` (see \`resources/notes.ts\`), listed in \`app.ts\`.
  \`npm run dev\` writes and applies its migration under \`migrations/\`; commit those files.
- Settings: copy \`.env.example\` to \`.env\`.

## Production

\`\`\`sh
NODE_ENV=production JWT_SECRET=... DATABASE_URL=... npm run migrate
NODE_ENV=production JWT_SECRET=... DATABASE_URL=... npm start
\`\`\`

In production the app applies no schema change by itself: \`npm run migrate\` applies the
reviewed files in \`migrations/\`.
`,
  };
}
