import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  allow,
  audit,
  auditChecks,
  failingFindings,
  field,
  hasMany,
  resource,
  route,
  type AppOptions,
  type AuditCheckId,
  type AuditOptions,
} from 'rampart';
import markets from '../examples/markets/app.js';
import conduit from '../examples/conduit/app.js';
import { runInProcess } from './support/cli-in-process.js';
import { root, runCli } from './support/processes.js';
import { createProject } from './support/project.js';

/*
 * `rampart audit`: a clean app passes every check; each check id has a defect planted in
 * a copy of it and is seen caught; waivers excuse with a reason and are checked
 * themselves; the example apps pass at the default fail level; the command's formats,
 * fail levels and exit codes.
 */

/** A production environment that passes every configuration check. */
const productionEnv = {
  JWT_SECRET: randomBytes(48).toString('base64'),
  METRICS_TOKEN: randomBytes(32).toString('hex'),
  CORS_ORIGINS: 'https://app.example.com',
  TRUST_PROXY: '1',
};

const noteFields = {
  title: field.string({ min: 1, max: 200 }),
  status: field.enum(['draft', 'published']).default('draft').filterable().index(),
  rank: field.integer({ min: 0 }).default(0).sortable(),
};
const ownAccess = {
  list: allow.owner,
  read: allow.owner,
  create: allow.authenticated,
  update: allow.owner,
  delete: allow.owner,
};

function notes(overrides: Record<string, unknown> = {}) {
  return resource('notes', { fields: noteFields, owner: 'author', access: ownAccess, ...overrides });
}

const stats = route({
  method: 'GET',
  path: '/api/v1/stats/:day',
  access: allow.authenticated,
  params: z.strictObject({ day: z.iso.date() }),
  query: z.strictObject({ limit: z.coerce.number().int().min(1).max(50).optional() }),
  response: z.object({ data: z.object({ notes: z.int() }) }),
  handler: () => ({ data: { notes: 0 } }),
});

const archive = route({
  method: 'POST',
  path: '/api/v1/archive',
  access: allow.authenticated,
  status: 201,
  body: z.strictObject({ note: z.uuid() }),
  response: z.object({ data: z.object({ archived: z.boolean() }) }),
  handler: () => ({ data: { archived: true } }),
});

const clean: AppOptions = { resources: [notes()], routes: [stats, archive] };

/** A route like `archive` with some of its declaration replaced. */
const archiveWith = (changes: Record<string, unknown>) => route({ ...archive, ...changes } as typeof archive);

async function auditOf(app: AppOptions, env: Record<string, string> = productionEnv, options: AuditOptions = {}) {
  return audit(app, { env, ...options });
}

async function openIds(app: AppOptions, env?: Record<string, string>): Promise<AuditCheckId[]> {
  return (await auditOf(app, env)).findings.filter((f) => !f.waived).map((f) => f.id);
}

// Each check, the defect that trips it, and (for configuration) the environment it needs.
const planted: Record<AuditCheckId, { app?: AppOptions; env?: Record<string, string> }> = {
  RA000: { app: { ...clean, resources: [notes({ embed: ['nothing'] })] } },
  RA001: { app: { ...clean, resources: [notes({ access: { ...ownAccess, delete: undefined } })] } },
  // With a budget of its own: a public write without one is RA007 too.
  RA002: { app: { ...clean, resources: [notes({ access: { ...ownAccess, create: allow.public }, rateLimit: { create: { max: 5, timeWindow: '1 minute' } } })] } },
  RA003: { app: { ...clean, routes: [stats, archiveWith({ body: undefined })] } },
  RA004: { app: { ...clean, routes: [stats, archiveWith({ body: z.object({ note: z.uuid() }) })] } },
  RA005: { app: { ...clean, routes: [stats, archiveWith({ response: undefined })] } },
  RA006: { app: { ...clean, routes: [route({ ...stats, query: z.strictObject({ limit: z.coerce.number().int().max(500).optional() }) }), archive] } },
  RA007: { app: { ...clean, routes: [stats, archiveWith({ rateLimit: { max: 5000, timeWindow: '1 minute' } })] } },
  RA008: { app: { ...clean, routes: [stats, archiveWith({ method: 'PUT' })] } },
  RA009: { app: { ...clean, routes: [stats, archiveWith({ bodyLimit: 8 * 1024 * 1024 })] } },
  RA010: { app: { ...clean, resources: [notes({ fields: { ...noteFields, title: noteFields.title.filterable() } })] } },
  RA011: {
    app: {
      ...clean,
      resources: [
        notes({ relations: { comments: hasMany('comments', { via: 'note', max: 100 }) } }),
        resource('comments', { fields: { note: field.reference('notes').index(), text: field.string({ max: 500 }) }, owner: 'author', access: ownAccess }),
      ],
    },
  },
  RA012: { env: { ...productionEnv, JWT_SECRET: 'password'.repeat(5) } },
  RA013: { env: { ...productionEnv, JWT_SECRET: '' } },
  RA014: { env: { ...productionEnv, CORS_ORIGINS: '*' } },
  RA015: { env: { ...productionEnv, TRUST_PROXY: 'true' } },
  RA016: { env: { ...productionEnv, METRICS_TOKEN: '' } },
  RA017: {},
  RA018: { app: { ...clean, plugins: [{ stage: 'beforeRoutes', plugin: async (app: FastifyInstance) => void app.get('/hello', async () => 'hi') }] } },
  RA019: { app: { ...clean, routes: [route({ ...stats, audit: { waive: { RA005: '', RA999: 'no such check' } } }), archive] } },
  RA020: { app: { ...clean, resources: [notes({ audit: { waive: { RA010: 'nothing is unindexed here' } } })] } },
};

describe('rampart audit: checks', () => {
  it('passes the clean app at every fail level once the public docs are waived', async () => {
    const report = await auditOf(clean, productionEnv, { waive: { RA017: 'the API and its reference are public' } });
    expect(report.findings.filter((f) => !f.waived)).toEqual([]);
    expect(failingFindings(report, 'info')).toEqual([]);
    expect(report.findings.map((f) => [f.id, f.waived])).toEqual([['RA017', 'the API and its reference are public']]);
    expect(report.routes).toBeGreaterThan(10);
  });

  it('has a planted defect for every check id', () => {
    expect(Object.keys(planted).sort()).toEqual(Object.keys(auditChecks).sort());
  });

  for (const [id, defect] of Object.entries(planted) as [AuditCheckId, (typeof planted)[AuditCheckId]][]) {
    it(`catches ${id} (${auditChecks[id].name})`, async () => {
      const ids = await openIds(defect.app ?? clean, defect.env ?? productionEnv);
      expect(ids).toContain(id);
      // The clean app's one finding is the public docs (RA017); each defect adds its own id only.
      expect(ids.filter((other) => other !== id && other !== 'RA017')).toEqual([]);
    });
  }

  it('says where each finding is, what is wrong and how to fix it', async () => {
    const report = await auditOf(planted.RA003.app!);
    const finding = report.findings.find((f) => f.id === 'RA003')!;
    expect(finding).toMatchObject({ level: 'error', where: { route: 'POST /api/v1/archive' } });
    expect(finding.message).toContain('no body schema');
    expect(finding.fix).toContain('z.strictObject');
    expect(failingFindings(report, 'error').map((f) => f.id)).toEqual(['RA003']);
  });

  it('excuses a finding with a waiver next to the route, with its reason', async () => {
    const waived = archiveWith({ body: undefined, audit: { waive: { RA003: 'reads nothing from the body' } } });
    const report = await auditOf({ ...clean, routes: [stats, waived] });
    expect(report.findings.find((f) => f.id === 'RA003')?.waived).toBe('reads nothing from the body');
    expect(failingFindings(report, 'warning')).toEqual([]);
  });

  it('excuses a resource-wide finding with a waiver on the resource', async () => {
    const open = notes({ access: { ...ownAccess, create: allow.public }, audit: { waive: { RA002: 'a guest book', RA007: 'the global budget is enough for a guest book' } } });
    const report = await auditOf({ ...clean, resources: [open] });
    expect(report.findings.filter((f) => !f.waived).map((f) => f.id)).toEqual(['RA017']);
    expect(report.findings.filter((f) => f.waived).map((f) => f.id).sort()).toEqual(['RA002', 'RA007']);
  });

  it('refuses waivers without a reason, with unknown ids, or of checks that cannot be waived', async () => {
    const report = await auditOf({ ...clean, routes: [route({ ...stats, audit: { waive: { RA005: ' ', RA999: 'x', RA001: 'it has one' } } }), archive] });
    const messages = report.findings.filter((f) => f.id === 'RA019').map((f) => f.message);
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringContaining('RA005 without a reason'), expect.stringContaining('"RA999", which is not a check id'), expect.stringContaining('RA001, which cannot be waived')]),
    );
    expect(failingFindings(report).length).toBe(3);
  });

  it('refuses a misspelled audit option instead of ignoring it', async () => {
    const report = await auditOf({ ...clean, resources: [notes({ audit: { waiver: { RA010: 'a typo' } } })] });
    expect(report.findings.filter((f) => f.id === 'RA019').map((f) => f.message)).toEqual(['resource notes: audit.waiver is not an audit option; the option is waive']);
  });

  it('evaluates the configuration as production by default, and as another NODE_ENV when asked', async () => {
    const open = { ...productionEnv, JWT_SECRET: '', METRICS_TOKEN: '' };
    expect(await openIds(clean, open)).toEqual(expect.arrayContaining(['RA013', 'RA016', 'RA017']));
    const development = await auditOf(clean, open, { nodeEnv: 'development' });
    expect(development.findings.map((f) => f.id)).toEqual([]);
  });
});

describe('rampart audit: docs/audit.md', () => {
  it('documents every check with its level and name, and how to waive it', () => {
    const docs = readFileSync(join(root, 'docs', 'audit.md'), 'utf8');
    for (const [id, check] of Object.entries(auditChecks)) {
      expect(docs, id).toContain(`| [${id}](#${id.toLowerCase()}) | ${check.level} | ${check.name} |`);
      const section = docs.slice(docs.indexOf(`### ${id}\n`), docs.indexOf('\n### ', docs.indexOf(`### ${id}\n`) + 1) >>> 0);
      expect(section, id).toContain(`**${check.name}** (${check.level}`);
      expect(section, id).toContain('**Fix:**');
      expect(section, id).toMatch(check.waivable ? /\*\*Waive:\*\*\s+(?!no\.)/ : /\*\*Waive:\*\* no\./);
    }
  });
});

describe('rampart audit: the example apps', () => {
  it('passes the markets example at the default fail level, its waivers each with a reason', async () => {
    const report = await audit(markets, { env: {} });
    expect(failingFindings(report, 'error')).toEqual([]);
    expect(report.findings.filter((f) => f.waived).map((f) => f.id)).toEqual(['RA010', 'RA010', 'RA010']);
  });

  it('passes the conduit example at the default fail level', async () => {
    const report = await audit(conduit, { env: {} });
    expect(failingFindings(report, 'error')).toEqual([]);
    expect(report.findings.filter((f) => f.id === 'RA020')).toEqual([]);
  });
});

const plantedApp = `import { allow, defineApp, field, resource, route } from 'rampart';
import { z } from 'zod';

const notes = resource('notes', {
  fields: { title: field.string({ max: 200 }) },
  access: { list: allow.public, read: allow.public, create: allow.public, update: allow.role('admin'), delete: allow.role('admin') },
});

const ping = route({
  method: 'POST',
  path: '/api/v1/ping',
  access: allow.authenticated,
  response: z.object({ ok: z.boolean() }),
  handler: () => ({ ok: true }),
});

export default defineApp({ resources: [notes], routes: [ping], migrations: { dir: false } });
`;

describe('rampart audit: the command', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const project = () => {
    const dir = createProject({ 'app.ts': plantedApp });
    dirs.push(dir);
    return dir;
  };

  it('passes an example (exit 0) and prints each finding with its fix', async () => {
    const result = await runCli(['audit', 'examples/conduit/app.ts'], {});
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('RA016 warning config METRICS_TOKEN [metrics-exposed]');
    expect(result.stdout).toContain('fix: Set METRICS_TOKEN');
    expect(result.stdout).toMatch(/routes audited \(configuration as NODE_ENV=production\): 0 errors, .*passed/);
  });

  it('fails (exit 1) on errors, in text, json, markdown and SARIF', async () => {
    const dir = project();
    const text = await runInProcess(['audit'], {}, dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('RA003 error   POST /api/v1/ping [body-not-validated]');
    expect(text.stdout).toContain('RA002 warning POST /api/v1/notes');

    const json = await runInProcess(['audit', 'app.ts', '--format', 'json'], {}, dir);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { passed: boolean; failLevel: string; findings: { id: string; level: string }[] };
    expect(report).toMatchObject({ passed: false, failLevel: 'error' });
    expect(report.findings).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'RA003', level: 'error' })]));

    const markdown = await runInProcess(['audit', '--format', 'markdown'], {}, dir);
    expect(markdown.stdout).toContain('| RA003 | error | POST /api/v1/ping |');

    const sarif = await runInProcess(['audit', '--format', 'sarif'], {}, dir);
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout) as {
      version: string;
      runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual(Object.keys(auditChecks));
    const result = log.runs[0]!.results.find((r) => r.ruleId === 'RA003')!;
    expect(result.level).toBe('error');
    expect(result.message.text).toContain('no body schema');
    expect(result.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'app.ts' }, region: { startLine: 11 } });
    expect(log.runs[0]!.results.find((r) => r.ruleId === 'RA017')!.level).toBe('note');
  });

  it('fails at the level asked: warnings fail with --fail-level warning', async () => {
    const env = { ...productionEnv };
    const passing = await runInProcess(['audit', 'examples/markets/app.ts'], env);
    expect(passing.code).toBe(0);
    const failing = await runInProcess(['audit', 'examples/markets/app.ts', '--fail-level', 'warning'], env);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('RA013 warning config webhook stripe');
    const waived = await runInProcess(['audit', 'examples/markets/app.ts', '--fail-level', 'info', '--waive', 'RA017=the markets API is public', '--waive', 'RA013=STRIPE_WEBHOOK_SECRET lives in the deployment'], env);
    expect(waived.stdout).toContain('0 errors, 0 warnings, 0 info, 5 waived; passed');
    expect(waived.code).toBe(0);
  });

  it('answers --help, and refuses unknown options and values with exit 2', async () => {
    const help = await runInProcess(['audit', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: rampart audit');
    expect(help.stdout).toContain('Examples:');
    for (const args of [['--bogus'], ['--format', 'xml'], ['--waive', 'RA017']]) {
      const result = await runInProcess(['audit', 'examples/markets/app.ts', ...args], {});
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('Usage: rampart audit');
    }
  });

  it('names the app module it could not find', async () => {
    const result = await runInProcess(['audit', join('nowhere', 'app.ts')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no app module at');
  });
});
