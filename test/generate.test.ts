import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectFiles } from '../src/init/template.js';
import { createProject } from './support/project.js';
import { runInProcess } from './support/cli-in-process.js';
import { processTimeoutMs, root, runCli } from './support/processes.js';

// `rampart generate` in the project `rampart init` makes, as a person runs it.
function project(): string {
  const dir = createProject(projectFiles({ name: 'generated', rampart: '*' }));
  mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
  for (const dep of ['typescript', 'vitest', '@types/node']) symlinkSync(join(root, 'node_modules', dep), join(dir, 'node_modules', dep));
  return dir;
}
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const generate = (dir: string, args: string[]) => runInProcess(['generate', 'resource', ...args], {}, dir);

// Every field kind, every modifier, every access preset, both relation kinds, a junction.
const everyKind = [
  ['projects', 'name:string:unique:filterable:sortable', 'budget:decimal:optional'],
  [
    'tasks',
    'title:string:min=2:max=80:searchable:filterable',
    'body:text:optional',
    'done:boolean:default=false:filterable',
    'points:integer:min=0:max=100:default=1:sortable:index',
    'ratio:number:optional',
    'status:enum=todo,doing,done:default=todo:filterable',
    'due:timestamp:optional',
    'meta:json:optional',
    'tags:array=string:filterable',
    'sizes:array=integer:optional',
    'project:reference=projects:filterable',
    'assignee:reference=users:optional',
    '--access',
    'owner',
  ],
  ['settings', 'key:string:unique', 'value:json', '--access', 'admin', '--no-owner'],
  ['labels', 'name:string:unique', '--access', 'authenticated'],
  ['task-labels', 'task:reference=tasks', 'label:reference=labels', '--unique', 'task,label'],
];

describe('rampart generate resource', () => {
  it('writes every field kind, registers each in app.ts, and the project typechecks and passes the tests it wrote', { timeout: processTimeoutMs * 3 }, async () => {
    const dir = project();
    for (const [name, ...args] of everyKind) {
      const run = await generate(dir, [name!, ...args]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`wrote resources/${name}.ts`);
    }
    // Relations, added to generated resources by generating them again once their children exist.
    for (const args of [
      ['projects', 'name:string:unique:filterable:sortable', 'budget:decimal:optional', 'tasks:hasMany=tasks.project'],
      ['labels', 'name:string:unique', 'tasks:through=task-labels.label.task', '--access', 'authenticated'],
    ]) {
      const again = await generate(dir, args);
      expect(again.code, again.stderr).toBe(0);
    }
    expect(read(dir, 'resources/projects.ts')).toContain("tasks: hasMany('tasks', { via: 'project' }),");
    // A route with a body and a path parameter, a public route with a query, a job, a webhook.
    for (const args of [
      ['route', 'POST', '/api/v1/reports/:id/run', 'format:enum=csv,pdf', 'count:integer:min=1:max=10'],
      ['route', 'GET', '/api/v1/stats/summary', 'since:timestamp:optional', '--access', 'public'],
      ['job', 'send-digest', 'userId:string', 'days:integer:default=7'],
      ['webhook', 'payments', 'invoice.paid', 'invoice.voided'],
    ]) {
      const made = await runInProcess(['generate', ...args], {}, dir);
      expect(made.code, made.stderr).toBe(0);
    }
    expect(read(dir, '.env.example')).toMatch(/^PAYMENTS_WEBHOOK_SECRET=$/m);
    const app = read(dir, 'app.ts');
    expect(app).toContain("import { taskLabels } from './resources/task-labels.js';");
    expect(app).toMatch(/resources: \[notes, projects, tasks, settings, labels, taskLabels\]/);
    expect(app).toContain('// The app: its resources'); // the rest of the file as it was
    expect(read(dir, 'resources/tasks.ts')).toContain("status: field.enum(['todo', 'doing', 'done']).default('todo').index().filterable(),");
    const run = (script: string, args: string[]) =>
      execFileSync(process.execPath, [join(root, 'node_modules', script), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
    run('typescript/bin/tsc', ['--noEmit']);
    const tests = run('vitest/vitest.mjs', ['run']);
    expect(tests).toMatch(/Test Files\s+10 passed/);
    // And the production checklist holds for what was generated.
    const audit = await runCli(['audit', 'app.ts'], { PAYMENTS_WEBHOOK_SECRET: 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0' }, '', dir);
    expect(audit.code, audit.stdout + audit.stderr).toBe(0);
    expect(audit.stdout).toMatch(/ 0 errors, /);
    expect(audit.stdout).not.toMatch(/RA010/);
  });

  it('refuses bad fields with the reason, writing nothing', async () => {
    const dir = project();
    const before = read(dir, 'app.ts');
    for (const [args, reason] of [
      [['things', 'size:float'], /unknown kind "float"/],
      [['things', 'size:integer:big'], /unknown modifier "big"/],
      [['things', 'size:integer:default=many'], /default=many is not a whole number/],
      [['things', 'state:enum'], /enum needs its values/],
      [['things', 'due:timestamp:optional:sortable'], /sortable field must be required or have a default/],
      [['things', 'Size:integer'], /"Size" is not a field name/],
      [['Things', 'size:integer'], /"Things" is not a resource name/],
      [['things'], /at least one field/],
      [['things', 'size:integer', '--access', 'everyone'], /the presets are/],
      [['things', 'owner:string'], /owner is the owner field/],
      [['things', 'size:integer', '--app', 'nope.ts'], /no app module/],
      [['things', 'size:integer', 'tags:through=taggings.thing.tag'], /taggings.ts is missing: generate taggings first/],
    ] as const) {
      const run = await generate(dir, [...args]);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toMatch(reason);
    }
    expect(read(dir, 'app.ts')).toBe(before);
    expect(existsSync(join(dir, 'resources/things.ts'))).toBe(false);
    expect((await generate(dir, ['things', 'size:integer', '--wat'])).code).toBe(2);
  });

  it('never overwrites a file you changed (--force does), and --dry-run writes nothing', async () => {
    const dir = project();
    expect((await runCli(['generate', 'resource', 'things', 'size:integer'], {}, '', dir)).code).toBe(0); // through the bin
    // Generating again over untouched files is fine.
    expect((await generate(dir, ['things', 'size:integer:filterable'])).code).toBe(0);
    writeFileSync(join(dir, 'resources/things.ts'), `${read(dir, 'resources/things.ts')}// mine\n`);
    const refused = await generate(dir, ['things', 'size:integer']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/resources\/things.ts exists and is not as the generator wrote it/);
    expect(read(dir, 'resources/things.ts')).toContain('// mine');

    const dry = await generate(dir, ['gadgets', 'name:string', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/\+\+\+ b\/resources\/gadgets.ts[\s\S]*\+export const gadgets = resource\('gadgets'/);
    expect(dry.stdout).toMatch(/--- a\/app.ts[\s\S]*\+import \{ gadgets \} from '.\/resources\/gadgets.js';/);
    expect(existsSync(join(dir, 'resources/gadgets.ts'))).toBe(false);
    expect(read(dir, 'app.ts')).not.toContain('gadgets');

    expect((await generate(dir, ['things', 'size:integer', '--force'])).code).toBe(0);
    expect(read(dir, 'resources/things.ts')).not.toContain('// mine');
  });

  it('adds a resources list to an app without one, and refuses one it cannot edit safely', async () => {
    const dir = project();
    writeFileSync(join(dir, 'app.ts'), "import { defineApp } from 'rampart';\n\nexport default defineApp({ info: { title: 'x' } });\n");
    expect((await generate(dir, ['things', 'size:integer'])).code).toBe(0);
    expect(read(dir, 'app.ts')).toMatch(/import \{ things \} from '.\/resources\/things.js';[\s\S]*info: \{ title: 'x' \},\n {2}resources: \[things\],/);
    writeFileSync(join(dir, 'app.ts'), "import { defineApp } from 'rampart';\nconst all = [];\nexport default defineApp({ resources: all });\n");
    const run = await generate(dir, ['gadgets', 'size:integer']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/resources is not an array literal here; add gadgets/);
  });
});

describe('rampart generate route, job and webhook; destroy', () => {
  it('refuses what they cannot take, and destroy leaves app.ts as it was', async () => {
    const dir = project();
    const pristine = read(dir, 'app.ts');
    for (const [args, reason] of [
      [['route', 'FETCH', '/api/v1/x'], /"FETCH" is not a method/],
      [['route', 'GET', 'api/v1/x'], /is not a route path/],
      [['route', 'GET', '/api/v1/x', '--access', 'owner'], /a route takes public, authenticated or admin/],
      [['job', 'SendDigest'], /"SendDigest" is not a name/],
      [['job', 'digest', 'tags:hasMany=tags.x'], /relations belong to resources/],
      [['webhook', 'payments', 'bad type!'], /is not an event type/],
    ] as const) {
      const run = await runInProcess(['generate', ...args], {}, dir);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toMatch(reason);
    }
    expect((await runInProcess(['generate', 'widget', 'x'], {}, dir)).code).toBe(2);
    for (const args of [['route', 'POST', '/api/v1/ping'], ['job', 'nightly'], ['webhook', 'github-events']]) {
      expect((await runInProcess(['generate', ...args], {}, dir)).code).toBe(0);
    }
    expect(read(dir, 'app.ts')).toMatch(/routes: \[postPing\],\n {2}jobs: \[nightly\],\n {2}webhooks: \[githubEvents\],/);
    for (const args of [['route', 'post-ping'], ['job', 'nightly'], ['webhook', 'github-events']]) {
      const run = await runInProcess(['destroy', ...args], {}, dir);
      expect(run.code, run.stderr).toBe(0);
    }
    expect(read(dir, 'app.ts')).toBe(pristine);
    expect(existsSync(join(dir, 'routes/post-ping.ts'))).toBe(false);
  });
});

describe('rampart destroy resource', () => {
  it('removes what generate wrote and its entry in app.ts, keeping files you changed', async () => {
    const dir = project();
    const pristine = read(dir, 'app.ts');
    expect((await generate(dir, ['things', 'size:integer'])).code).toBe(0);
    expect((await generate(dir, ['gadgets', 'name:string'])).code).toBe(0);
    writeFileSync(join(dir, 'test/gadgets.test.ts'), '// my own test now\n');
    const things = await runCli(['destroy', 'resource', 'things'], {}, '', dir);
    expect(things.code, things.stderr).toBe(0);
    expect(existsSync(join(dir, 'resources/things.ts'))).toBe(false);
    expect(existsSync(join(dir, 'test/things.test.ts'))).toBe(false);
    expect(read(dir, 'app.ts')).not.toContain('things');
    const gadgets = await runCli(['destroy', 'resource', 'gadgets'], {}, '', dir);
    expect(gadgets.stdout).toContain('kept test/gadgets.test.ts: you changed it');
    expect(existsSync(join(dir, 'test/gadgets.test.ts'))).toBe(true);
    expect(existsSync(join(dir, 'resources/gadgets.ts'))).toBe(false);
    // app.ts is back to what init wrote, byte for byte.
    expect(read(dir, 'app.ts')).toBe(pristine);
    const nothing = await runCli(['destroy', 'resource', 'things'], {}, '', dir);
    expect(nothing.stdout).toContain('nothing of things to remove');
  });
});
