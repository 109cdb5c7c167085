import type { FieldSpec } from './field-spec.js';
import { quote, testAppLines } from './source-text.js';

/*
 * The files of `generate route`, `generate job` and `generate webhook`: working code
 * (a handler that validates what it gets and answers) and its test, for the author to
 * fill in with the real work.
 */

/** The zod schema of one field of a body or payload. */
function zodOf(f: FieldSpec): string {
  const bounds = (s: string) => `${s}${f.min !== undefined ? `.min(${f.min})` : ''}${f.max !== undefined ? `.max(${f.max})` : ''}`;
  let code: string;
  switch (f.kind) {
    case 'string':
      code = f.max === undefined ? `${bounds('z.string()')}.max(200)` : bounds('z.string()');
      break;
    case 'text':
      code = f.max === undefined ? `${bounds('z.string()')}.max(10_000)` : bounds('z.string()');
      break;
    case 'integer':
      code = bounds('z.int()');
      break;
    case 'number':
      code = bounds('z.number()');
      break;
    case 'decimal':
      code = "z.string().regex(/^-?\\d+(\\.\\d+)?$/)";
      break;
    case 'boolean':
      code = 'z.boolean()';
      break;
    case 'timestamp':
      code = 'z.iso.datetime()';
      break;
    case 'enum':
      code = `z.enum([${f.values!.map(quote).join(', ')}])`;
      break;
    case 'reference':
      code = 'z.uuid()';
      break;
    case 'array':
      code = `z.array(${f.element === 'integer' ? 'z.int()' : 'z.string().max(100)'}).max(${f.max ?? 100})`;
      break;
    default:
      code = 'z.json()';
  }
  if (f.optional) code += '.optional()';
  if (f.default !== undefined) code += `.default(${typeof f.default === 'string' ? quote(f.default) : String(f.default)})`;
  return code;
}

/** A value `zodOf(f)` accepts, as code. */
function sampleOf(f: FieldSpec): string {
  switch (f.kind) {
    case 'string':
    case 'text':
      return quote('sample'.padEnd(f.min ?? 0, 'x').slice(0, f.max ?? 200));
    case 'integer':
    case 'number':
      return String(f.min ?? f.max ?? 1);
    case 'decimal':
      return quote('9.99');
    case 'boolean':
      return 'true';
    case 'timestamp':
      return quote('2026-01-01T12:00:00.000Z');
    case 'enum':
      return quote(f.values![0]!);
    case 'reference':
      return quote('00000000-0000-4000-8000-000000000000');
    case 'array':
      return f.element === 'integer' ? '[1]' : "['sample']";
    default:
      return '{ sample: true }';
  }
}

const objectCode = (fields: readonly FieldSpec[], indent: string) =>
  fields.length === 0 ? 'z.strictObject({})' : `z.strictObject({\n${fields.map((f) => `${indent}  ${f.name}: ${zodOf(f)},`).join('\n')}\n${indent}})`;
const sampleCode = (fields: readonly FieldSpec[]) => `{ ${fields.map((f) => `${f.name}: ${sampleOf(f)}`).join(', ')} }`;

/** What a route, job or webhook file is written from. */
export interface PiecePlan {
  name: string;
  constant: string;
  fields: FieldSpec[];
  appModule: string;
  pieceModule: string;
  command: string;
}

export interface RoutePlan extends PiecePlan {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  access: 'public' | 'authenticated' | 'admin';
}

const ruleOf = { public: 'allow.public', authenticated: 'allow.authenticated', admin: "allow.role('admin')" } as const;
const hasBody = (method: string) => method !== 'GET' && method !== 'DELETE';

export function routeSource(plan: RoutePlan): string {
  const body = hasBody(plan.method);
  const input = body ? 'body' : 'query';
  const params = [...plan.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  return [
    "import { allow, route, z } from 'rampart';",
    '',
    `// Written by \`${plan.command}\`; yours to change.`,
    `export const ${plan.constant} = route({`,
    `  method: '${plan.method}',`,
    `  path: ${quote(plan.path)},`,
    `  access: ${ruleOf[plan.access]},`,
    `  summary: ${quote(`${plan.method} ${plan.path}`)},`,
    ...(params.length > 0 ? [`  params: z.strictObject({ ${params.map((p) => `${p}: z.string().max(200)`).join(', ')} }),`] : []),
    `  ${input}: ${objectCode(plan.fields, '  ')},`,
    `  response: z.object({ data: z.object({ received: z.record(z.string(), z.unknown())${params.length > 0 ? ', params: z.record(z.string(), z.string())' : ''}, user: z.string().nullable() }) }),`,
    `  handler: async ({ ${input}${params.length > 0 ? ', params' : ''}, user }) => {`,
    '    // The input is validated against the schema above before this runs: do the work here.',
    `    return { data: { received: ${input}${params.length > 0 ? ', params' : ''}, user: user?.id ?? null } };`,
    '  },',
    '});',
    '',
  ].join('\n');
}

export function routeTestSource(plan: RoutePlan): string {
  const body = hasBody(plan.method);
  const url = plan.path.replace(/:([A-Za-z0-9_]+)/g, 'sample-$1');
  const sample = sampleCode(plan.fields);
  const call = (who: string, payload: string) =>
    body ? `t.request({ method: '${plan.method}', url: ${quote(url)}, body: ${payload}${who ? `, as: ${who}` : ''} })` : `t.request({ method: '${plan.method}', url: ${quote(url)}, query: ${payload} as Record<string, string>${who ? `, as: ${who}` : ''} })`;
  const caller = plan.access === 'admin' ? 'await t.admin()' : plan.access === 'authenticated' ? 'await t.user()' : 'undefined';
  const first = plan.fields[0];
  return [
    "import { afterAll, beforeAll, describe, expect, it } from 'vitest';",
    "import { testApp, type TestApp } from 'rampart/testing';",
    `import app from '${plan.appModule}';`,
    '',
    `// Written by \`${plan.command}\`. Yours to change.`,
    ...testAppLines(),
    '',
    `describe('${plan.method} ${plan.path}', () => {`,
    "  it('answers a valid request', async () => {",
    `    const who = ${caller};`,
    `    const res = await ${call('who', body ? sample : `Object.fromEntries(Object.entries(${sample}).map(([k, v]) => [k, String(v)]))`)};`,
    '    expect(res.statusCode, res.body).toBe(200);',
    '  });',
    ...(body
      ? [
          '',
          "  it('refuses bad input, naming the field', async () => {",
          `    const who = ${caller};`,
          `    expect((await ${call('who', `{ ...${sample}, notAField: 1 }`)}).statusCode).toBe(400);`,
          ...(first && !first.optional && first.default === undefined
            ? [`    const { ${first.name}: _left, ...missing } = ${sample};`, `    const res = await ${call('who', 'missing')};`, '    expect(res.statusCode).toBe(400);', `    expect(res.body).toContain('${first.name}');`]
            : []),
          '  });',
        ]
      : []),
    ...(plan.access !== 'public'
      ? [
          '',
          `  it('${plan.access === 'admin' ? 'is for admins only' : 'needs a signed-in user'}', async () => {`,
          `    expect((await ${call('', body ? sample : '{}')}).statusCode).toBe(401);`,
          ...(plan.access === 'admin' ? [`    expect((await ${call('await t.user()', body ? sample : '{}')}).statusCode).toBe(403);`] : []),
          '  });',
        ]
      : []),
    '});',
    '',
  ].join('\n');
}

export function jobSource(plan: PiecePlan): string {
  return [
    "import { createJobs, z } from 'rampart';",
    '',
    `// Written by \`${plan.command}\`; yours to change. Enqueue it with`,
    `// ctx.jobs.enqueue(${quote(plan.name)}, payload, { trx }) in the transaction that needs it done.`,
    `export const ${plan.constant} = createJobs().define(${quote(plan.name)}, {`,
    `  payload: ${objectCode(plan.fields, '  ').replace('z.strictObject', 'z.object')},`,
    '  retries: 5,',
    '  handler: async (payload, { log }) => {',
    '    // May run more than once (a retry, a worker killed mid-run): make a second run harmless.',
    `    log.info({ payload }, ${quote(`${plan.name} ran`)});`,
    '  },',
    '});',
    '',
  ].join('\n');
}

export function jobTestSource(plan: PiecePlan): string {
  return [
    "import { afterAll, beforeAll, describe, expect, it } from 'vitest';",
    "import { testApp, type TestApp } from 'rampart/testing';",
    `import app from '${plan.appModule}';`,
    '',
    `// Written by \`${plan.command}\`. Yours to change.`,
    ...testAppLines(),
    '',
    `describe('job ${plan.name}', () => {`,
    "  it('runs to done once enqueued', async () => {",
    `    const job = await t.app.jobs.enqueue(${quote(plan.name)}, ${sampleCode(plan.fields)});`,
    '    const admin = await t.admin();',
    '    let status = "";',
    '    for (let i = 0; i < 100 && status !== "done"; i++) {',
    '      await new Promise((r) => setTimeout(r, 100));',
    "      status = (await t.get(`/api/v1/admin/jobs/${job.id}`, { as: admin })).json().data.status;",
    '    }',
    "    expect(status).toBe('done');",
    '  });',
    ...(plan.fields.length > 0
      ? ['', "  it('refuses a payload that breaks its schema', async () => {", `    await expect(t.app.jobs.enqueue(${quote(plan.name)}, { notAField: 1 } as never)).rejects.toThrow();`, '  });']
      : []),
    '});',
    '',
  ].join('\n');
}

export interface WebhookPlan extends PiecePlan {
  /** The environment variable holding the signing secret. */
  secretEnv: string;
  /** The event types it acts on (others are acknowledged and ignored). */
  events: string[];
}

export function webhookSource(plan: WebhookPlan): string {
  return [
    "import { verify, webhook, z } from 'rampart';",
    '',
    `// Written by \`${plan.command}\`; yours to change. Signed as Standard Webhooks`,
    `// (webhook-id, webhook-timestamp, webhook-signature) with the secret in ${plan.secretEnv};`,
    '// each event is processed once, in a transaction, however often it is delivered.',
    `export const ${plan.constant} = webhook(${quote(plan.name)}, {`,
    `  verify: verify.standard({ env: ${quote(plan.secretEnv)} }),`,
    '  // Each type with the schema of its payload; types not listed are acknowledged and ignored.',
    '  events: {',
    ...plan.events.map((type) => `    ${quote(type)}: z.looseObject({ data: z.looseObject({}) }),`),
    '  },',
    `  summary: ${quote(`${plan.name} events`)},`,
    '  handler: async ({ type, payload, log }) => {',
    '    // Do the work here: what it writes (records(), trx) commits with the record of this delivery.',
    `    log.info({ type, data: payload.data }, ${quote(`${plan.name} event received`)});`,
    '  },',
    '});',
    '',
  ].join('\n');
}

export function webhookTestSource(plan: WebhookPlan): string {
  return [
    "import { randomBytes } from 'node:crypto';",
    "import { afterAll, beforeAll, describe, expect, it } from 'vitest';",
    "import { standardWebhookHeaders, testApp, type TestApp } from 'rampart/testing';",
    `import app from '${plan.appModule}';`,
    `import { ${plan.constant} } from '${plan.pieceModule}';`,
    '',
    `// Written by \`${plan.command}\`. Yours to change.`,
    "const secret = `whsec_${randomBytes(24).toString('base64')}`;",
    ...testAppLines(`{ env: { ${plan.secretEnv}: secret } }`),
    '',
    `describe('webhook ${plan.name}', () => {`,
    `  const url = () => t.webhookUrl(${plan.constant});`,
    "  it('takes a signed event, once', async () => {",
    `    const body = JSON.stringify({ type: ${quote(plan.events[0]!)}, timestamp: new Date().toISOString(), data: { id: 1 } });`,
    "    const headers = { ...standardWebhookHeaders(secret, body, { id: 'msg_1' }), 'content-type': 'application/json' };",
    "    const first = await t.request({ method: 'POST', url: url(), headers, body });",
    '    expect(first.statusCode, first.body).toBeLessThan(300);',
    "    const again = await t.request({ method: 'POST', url: url(), headers, body });",
    '    expect(again.statusCode).toBeLessThan(300);',
    '    expect(first.json().duplicate).toBeFalsy();',
    '    expect(again.json().duplicate).toBe(true);',
    '  });',
    '',
    "  it('refuses an event signed with another secret', async () => {",
    `    const body = JSON.stringify({ type: ${quote(plan.events[0]!)}, timestamp: new Date().toISOString(), data: {} });`,
    "    const headers = { ...standardWebhookHeaders(`whsec_${randomBytes(24).toString('base64')}`, body), 'content-type': 'application/json' };",
    "    const res = await t.request({ method: 'POST', url: url(), headers, body });",
    '    expect(res.statusCode).toBeGreaterThanOrEqual(400);',
    '  });',
    '});',
    '',
  ].join('\n');
}
