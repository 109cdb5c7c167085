import { field, type AnyField } from '../../resources/fields/index.js';
import { resource } from '../../resources/resource.js';
import { allow } from '../../policies/allow.js';
import { isRelation, type FieldSpec, type RelationSpec } from './field-spec.js';
import { quote, testAppLines } from './source-text.js';

/** Who may do what, as `--access` names it. */
export const accessPresets = {
  'public-read': { needsOwner: true, list: 'allow.public', read: 'allow.public', create: 'allow.authenticated', update: 'owner', delete: 'owner' },
  owner: { needsOwner: true, list: 'owner', read: 'owner', create: 'allow.authenticated', update: 'owner', delete: 'owner' },
  authenticated: { needsOwner: true, list: 'allow.authenticated', read: 'allow.authenticated', create: 'allow.authenticated', update: 'owner', delete: 'owner' },
  admin: { needsOwner: false, list: "allow.role('admin')", read: "allow.role('admin')", create: "allow.role('admin')", update: "allow.role('admin')", delete: "allow.role('admin')" },
} as const;
export type AccessPreset = keyof typeof accessPresets;

/** What `rampart generate resource` writes a resource from. */
export interface ResourcePlan {
  name: string;
  /** The exported constant (camelCase of the name). */
  constant: string;
  fields: FieldSpec[];
  relations: RelationSpec[];
  /** The owner field, or null for none. */
  owner: string | null;
  /** Field groups unique together (`unique: [['card', 'label']]`, what a junction needs). */
  uniqueTogether: string[][];
  access: AccessPreset;
  /** The generated test's imports: the app module and this resource's module. */
  appModule: string;
  resourceModule: string;
  /** The command line, for the files' header. */
  command: string;
}

function fieldCode(spec: FieldSpec): string {
  const bounds = (fallbackMax?: number) => {
    const parts = [...(spec.min !== undefined ? [`min: ${spec.min}`] : []), ...(spec.max !== undefined ? [`max: ${spec.max}`] : fallbackMax !== undefined ? [`max: ${fallbackMax.toLocaleString('en-US').replace(/,/g, '_')}`] : [])];
    return parts.length > 0 ? `{ ${parts.join(', ')} }` : '';
  };
  let code: string;
  switch (spec.kind) {
    case 'string':
      code = `field.string(${bounds(200)})`;
      break;
    case 'text':
      code = `field.string(${bounds(10_000)})`;
      break;
    case 'integer':
    case 'number':
      code = `field.${spec.kind}(${bounds()})`;
      break;
    case 'decimal':
      code = `field.decimal(${spec.min !== undefined || spec.max !== undefined ? `{ ${[...(spec.min !== undefined ? [`min: '${spec.min}'`] : []), ...(spec.max !== undefined ? [`max: '${spec.max}'`] : [])].join(', ')} }` : ''})`;
      break;
    case 'enum':
      code = `field.enum([${spec.values!.map((v) => quote(v)).join(', ')}])`;
      break;
    case 'reference':
      code = `field.reference(${quote(spec.target!)})`;
      break;
    case 'array':
      code = `field.array(${spec.element === 'integer' ? 'field.integer()' : 'field.string({ max: 100 })'}${spec.max !== undefined || spec.min !== undefined ? `, ${bounds()}` : ''})`;
      break;
    default:
      code = `field.${spec.kind}()`;
  }
  if (spec.optional) code += '.optional()';
  if (spec.default !== undefined) code += `.default(${typeof spec.default === 'string' ? quote(spec.default) : String(spec.default)})`;
  for (const flag of ['unique', 'index', 'filterable', 'sortable', 'searchable'] as const) if (spec[flag]) code += `.${flag}()`;
  return code;
}

/**
 * The field the code of {@link fieldCode} declares, built with the real API: the
 * resource is built from these before anything is written, so every rule of the field
 * kinds (a sortable field must be required, array defaults...) speaks in its own words.
 */
function buildField(spec: FieldSpec): AnyField {
  const bounds = { ...(spec.min !== undefined ? { min: spec.min } : {}), ...(spec.max !== undefined ? { max: spec.max } : {}) };
  const built: Record<FieldSpec['kind'], () => AnyField> = {
    string: () => field.string({ max: 200, ...bounds }),
    text: () => field.string({ max: 10_000, ...bounds }),
    integer: () => field.integer(bounds),
    number: () => field.number(bounds),
    decimal: () => field.decimal({ ...(spec.min !== undefined ? { min: String(spec.min) } : {}), ...(spec.max !== undefined ? { max: String(spec.max) } : {}) }),
    boolean: () => field.boolean(),
    timestamp: () => field.timestamp(),
    json: () => field.json(),
    enum: () => field.enum(spec.values as [string, ...string[]]),
    reference: () => field.reference(spec.target!),
    array: () => (spec.element === 'integer' ? field.array(field.integer(), bounds) : field.array(field.string({ max: 100 }), bounds)),
  };
  let f = built[spec.kind]();
  if (spec.optional) f = f.optional();
  if (spec.default !== undefined) f = f.default(spec.default);
  for (const flag of ['unique', 'index', 'filterable', 'sortable', 'searchable'] as const) if (spec[flag]) f = f[flag]();
  return f;
}

/** Builds the planned resource with Rampart's own API; throws its error when a rule of it is broken. */
export function checkPlan(plan: Pick<ResourcePlan, 'name' | 'fields' | 'owner' | 'uniqueTogether'>): void {
  resource(plan.name, {
    fields: Object.fromEntries(plan.fields.map((f) => [f.name, buildField(f)])),
    ...(plan.owner ? { owner: plan.owner } : {}),
    ...(plan.uniqueTogether.length > 0 ? { unique: plan.uniqueTogether } : {}),
    access: { list: allow.public, read: allow.public, create: allow.public, update: allow.public, delete: allow.public },
  });
}

function ruleCode(rule: string): string {
  return rule === 'owner' ? "allow.any(allow.owner, allow.role('admin'))" : rule;
}

/** The resource module's text. */
export function resourceSource(plan: ResourcePlan): string {
  const preset = accessPresets[plan.access];
  const relationKinds = [...new Set(plan.relations.map((r) => r.kind))].sort();
  const imports = ['allow', 'field', ...relationKinds, 'resource'].sort();
  const lines = [
    `import { ${imports.join(', ')} } from 'rampart';`,
    '',
    `// Written by \`${plan.command}\`; yours to change (\`rampart destroy resource ${plan.name}\` removes it while unchanged).`,
    `export const ${plan.constant} = resource(${quote(plan.name)}, {`,
    '  fields: {',
    ...plan.fields.map((f) => `    ${f.name}: ${fieldCode(f)},`),
    '  },',
    ...(plan.owner ? [`  owner: ${quote(plan.owner)},`] : []),
    ...(plan.uniqueTogether.length > 0 ? [`  unique: [${plan.uniqueTogether.map((group) => `[${group.map(quote).join(', ')}]`).join(', ')}],`] : []),
    ...(plan.relations.length > 0
      ? [
          '  relations: {',
          ...plan.relations.map((r) =>
            r.kind === 'hasMany'
              ? `    ${r.name}: hasMany(${quote(r.target)}, { via: ${quote(r.via)} }),`
              : `    ${r.name}: through(${quote(r.target)}, { via: ${quote(r.via)}, to: ${quote(r.to!)} }),`,
          ),
          '  },',
        ]
      : []),
    '  access: {',
    ...(['list', 'read', 'create', 'update', 'delete'] as const).map((op) => `    ${op}: ${ruleCode(preset[op])},`),
    '  },',
    '});',
    '',
  ];
  return lines.join('\n');
}

/** A value a PATCH can set on the first field that takes one, or undefined. */
function patchOf(fields: readonly FieldSpec[]): { name: string; value: unknown } | undefined {
  for (const f of fields) {
    if (f.unique || f.kind === 'reference') continue;
    if (f.kind === 'string' || f.kind === 'text') {
      const text = 'changed';
      return { name: f.name, value: text.padEnd(f.min ?? 0, 'x').slice(0, f.max ?? 200) };
    }
    if (f.kind === 'boolean') return { name: f.name, value: false };
    if (f.kind === 'integer') return { name: f.name, value: f.min ?? f.max ?? 0 };
  }
  return undefined;
}

/** How one field's sampled value is asked for in a list filter (`?status=...`, `?tags[contains]=...`). */
function filterQuery(f: FieldSpec, value: string): string {
  if (f.kind === 'array') return `\`${f.name}[contains]=\${encodeURIComponent(String((${value} as unknown[])[0]))}\``;
  return `\`${f.name}=\${encodeURIComponent(String(${value}))}\``;
}

/** The generated test's text: create, read, list with filters, update, delete, validation, ownership. */
export function resourceTestSource(plan: ResourcePlan): string {
  const c = plan.constant;
  const preset = accessPresets[plan.access];
  const ownerBased = preset.update === 'owner';
  const writer = plan.access === 'admin' ? 't.admin()' : 't.user()';
  const required = plan.fields.find((f) => !f.optional && f.default === undefined && f.kind !== 'reference');
  const roundTrip = plan.fields.filter((f) => ['string', 'text', 'integer', 'boolean', 'enum', 'array', 'json', 'reference'].includes(f.kind)).map((f) => f.name);
  const filters = plan.fields.filter((f) => f.filterable && f.kind !== 'json');
  const patch = patchOf(plan.fields);
  const hasRefs = plan.fields.some((f) => f.kind === 'reference');
  const lines = [
    `import { afterAll, beforeAll, describe, expect, it } from 'vitest';`,
    `import { sampleRecord, testApp, type TestApp, type TestUser } from 'rampart/testing';`,
    `import app from '${plan.appModule}';`,
    `import { ${c} } from '${plan.resourceModule}';`,
    '',
    `// Written by \`${plan.command}\`: what the declaration promises, through the whole`,
    `// pipeline (auth, validation, rules). Yours to change.`,
    ...testAppLines(),
    '',
    `/** A valid body for a new ${plan.name} record, the records it references made for \`user\`. */`,
    'async function body(user: TestUser): Promise<Record<string, unknown>> {',
    hasRefs ? `  return sampleRecord(${c}, { all: true, refs: await t.refs(${c}, user) });` : `  return sampleRecord(${c}, { all: true });`,
    '}',
    '',
    `describe('${plan.name}', () => {`,
    `  it('creates a record and reads it back', async () => {`,
    `    const author = await ${writer};`,
    '    const sent = await body(author);',
    `    const created = await t.post(t.url(${c}), sent, { as: author });`,
    '    expect(created.statusCode, created.body).toBe(201);',
    `    const read = await t.get(t.url(${c}, created.json().data.id), { as: author });`,
    '    expect(read.statusCode).toBe(200);',
    `    for (const name of ${JSON.stringify(roundTrip)}) expect(read.json().data[name], name).toEqual(sent[name]);`,
    '  });',
    '',
    `  it('lists it${filters.length > 0 ? `, filtered by ${filters.map((f) => f.name).join(', ')}` : ''}', async () => {`,
    `    const author = await ${writer};`,
    '    const sent = await body(author);',
    `    const { id } = (await t.post(t.url(${c}), sent, { as: author })).json().data;`,
    `    const list = await t.get(t.url(${c}), { as: author });`,
    '    expect(list.statusCode).toBe(200);',
    '    expect(list.json().data.map((r: { id: string }) => r.id)).toContain(id);',
    ...filters.map(
      (f) =>
        `    expect((await t.get(\`\${t.url(${c})}?\${${filterQuery(f, `sent.${f.name}`)}}\`, { as: author })).json().data.map((r: { id: string }) => r.id), '${f.name}').toContain(id);`,
    ),
    '  });',
    '',
    ...(patch
      ? [
          `  it('changes a record', async () => {`,
          `    const author = await ${writer};`,
          `    const { id } = (await t.post(t.url(${c}), await body(author), { as: author })).json().data;`,
          `    const changed = await t.patch(t.url(${c}, id), { ${patch.name}: ${JSON.stringify(patch.value)} }, { as: author });`,
          '    expect(changed.statusCode, changed.body).toBe(200);',
          `    expect(changed.json().data.${patch.name}).toEqual(${JSON.stringify(patch.value)});`,
          '  });',
          '',
        ]
      : []),
    `  it('deletes a record', async () => {`,
    `    const author = await ${writer};`,
    `    const { id } = (await t.post(t.url(${c}), await body(author), { as: author })).json().data;`,
    `    expect((await t.delete(t.url(${c}, id), { as: author })).statusCode).toBe(204);`,
    `    expect((await t.get(t.url(${c}, id), { as: author })).statusCode).toBe(404);`,
    '  });',
    '',
    `  it('refuses bad input, naming the field', async () => {`,
    `    const author = await ${writer};`,
    '    const sent = await body(author);',
    `    const unknown = await t.post(t.url(${c}), { ...sent, notAField: 1 }, { as: author });`,
    '    expect(unknown.statusCode).toBe(400);',
    ...(required
      ? [
          `    const { ${required.name}: _left, ...missing } = sent;`,
          `    const refused = await t.post(t.url(${c}), missing, { as: author });`,
          '    expect(refused.statusCode).toBe(400);',
          `    expect(refused.body).toContain('${required.name}');`,
        ]
      : []),
    '  });',
    '',
    `  it('${ownerBased ? 'leaves a record to its owner (and admins): others cannot change or delete it' : 'is for admins only'}', async () => {`,
    `    const author = await ${writer};`,
    '    const other = await t.user();',
    '    const sent = await body(author);',
    ...(ownerBased
      ? [
          `    // The owner (${plan.owner}) is the server's to set, never the client's.`,
          `    expect((await t.post(t.url(${c}), { ...sent, ${plan.owner}: other.id }, { as: author })).statusCode).toBe(400);`,
          `    const { id } = (await t.post(t.url(${c}), sent, { as: author })).json().data;`,
          `    expect([403, 404]).toContain((await t.patch(t.url(${c}, id), {}, { as: other })).statusCode);`,
          `    expect([403, 404]).toContain((await t.delete(t.url(${c}, id), { as: other })).statusCode);`,
          `    expect((await t.post(t.url(${c}), sent)).statusCode).toBe(401);`,
          `    expect((await t.get(t.url(${c}, id), { as: await t.admin() })).statusCode).toBe(200);`,
        ]
      : [`    expect((await t.post(t.url(${c}), sent, { as: other })).statusCode).toBe(403);`, `    expect((await t.get(t.url(${c}), { as: other })).statusCode).toBe(403);`]),
    '  });',
    '});',
    '',
  ];
  return lines.join('\n');
}

export { isRelation };
