import { listMode } from './list-mode.js';
import { propertyKey, schemaType, typeName, type Json } from './schema-types.js';

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One operation of the document, where it is. */
export interface OperationEntry {
  method: string;
  path: string;
  operation: Json;
}

/** The generated code of one operation: its types, and its method(s) on the client class. */
export interface OperationCode {
  types: string;
  methods: string;
}

/** `postAuthRegister` stays; `get-markets` becomes `getMarkets`. */
export function methodName(operationId: string): string {
  const pascal = typeName(operationId);
  return pascal[0]!.toLowerCase() + pascal.slice(1);
}

function comment(lines: string[], indent: string): string {
  const body = lines.map((l) => l.replace(/\*\//g, '*\\/'));
  return `${indent}/**\n${body.map((l) => `${indent} * ${l}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

function inputType(entry: OperationEntry, name: string, deref: (value: unknown) => Json, idempotency: string): { text: string; optional: boolean } {
  const params = (Array.isArray(entry.operation.parameters) ? entry.operation.parameters : []).map(deref);
  const members: string[] = [];
  let optional = true;
  const group = (place: string) => {
    const list = params.filter((p) => p.in === place);
    if (list.length === 0) return;
    const required = place === 'path' || list.some((p) => p.required === true);
    if (required) optional = false;
    const fields = list.map((p) => `${propertyKey(String(p.name))}${place === 'path' || p.required === true ? '' : '?'}: ${place === 'path' ? 'string | number' : schemaType(p.schema, 0, false)};`);
    members.push(`${place}${required ? '' : '?'}: {\n    ${fields.join('\n').replace(/\n/g, '\n    ')}\n  };`);
  };
  // Parameters go without their descriptions (the filter operators' words would fill the file);
  // the method's comment names the operation, and the document has the rest.
  group('path');
  group('query');
  const body = deref(entry.operation.requestBody);
  const content = isObject(body.content) ? body.content['application/json'] : undefined;
  if (isObject(content)) {
    if (body.required === true) optional = false;
    members.push(`body${body.required === true ? '' : '?'}: ${schemaType(content.schema).replace(/\n/g, '\n  ')};`);
  }
  if (idempotency !== 'none') {
    members.push(
      idempotency === 'auto'
        ? '/** Makes a retry safe; a new key is generated for each call unless given. */\n  idempotencyKey?: string;'
        : '/** Makes a retry safe: pass the same key when retrying. */\n  idempotencyKey?: string;',
    );
  }
  const text = members.length === 0 ? `export type ${name} = CallOptions;` : `export interface ${name} extends CallOptions {\n  ${members.join('\n  ')}\n}`;
  return { text, optional };
}

function responseBody(response: Json): string {
  const content = isObject(response.content) ? response.content : {};
  const json = content['application/json'] ?? content['application/problem+json'] ?? Object.entries(content).find(([type]) => /[/+]json$/.test(type))?.[1];
  if (isObject(json)) return schemaType(json.schema);
  return Object.keys(content).length > 0 ? 'string' : 'undefined';
}

function resultType(entry: OperationEntry, name: string, deref: (value: unknown) => Json): { text: string; statuses: number[] } {
  const responses = isObject(entry.operation.responses) ? entry.operation.responses : {};
  const groups = new Map<string, { ok: boolean; body: string; statuses: number[] }>();
  const statuses: number[] = [];
  for (const [code, response] of Object.entries(responses)) {
    if (!/^\d{3}$/.test(code)) continue;
    const status = Number(code);
    statuses.push(status);
    const body = responseBody(deref(response));
    const ok = status < 400;
    const key = `${ok} ${body}`;
    const group = groups.get(key) ?? { ok, body, statuses: [] };
    group.statuses.push(status);
    groups.set(key, group);
  }
  const members = [...groups.values()].map(
    (g) => `| { status: ${g.statuses.join(' | ')}; ok: ${g.ok}; body: ${g.body.replace(/\n/g, '\n    ')}; headers: Headers }`,
  );
  return { text: `export type ${name} =\n  ${members.join('\n  ') || 'never'};`, statuses };
}

/**
 * The types and methods of one operation: `<Name>Input` (path, query, body,
 * idempotency key), `<Name>Result` (one member per body type, discriminated by
 * `status`, `ok` telling success from refusal), the method itself, and for lists
 * `<name>Pages()`, which follows the pages.
 *
 * @example
 * operationCode({ method: 'get', path: '/api/v1/markets', operation }, deref);
 */
export function operationCode(entry: OperationEntry, deref: (value: unknown) => Json): OperationCode {
  const id = String(entry.operation.operationId ?? `${entry.method}${entry.path}`);
  const method = methodName(id);
  const type = typeName(id);
  const params = (Array.isArray(entry.operation.parameters) ? entry.operation.parameters : []).map(deref);
  const takesKey = params.some((p) => p.in === 'header' && String(p.name).toLowerCase() === 'idempotency-key');
  const idempotency = takesKey ? (entry.method === 'post' ? 'auto' : 'given') : 'none';
  const input = inputType(entry, `${type}Input`, deref, idempotency);
  const result = resultType(entry, `${type}Result`, deref);
  const spec = `{ id: ${JSON.stringify(id)}, method: ${JSON.stringify(entry.method.toUpperCase())}, path: ${JSON.stringify(entry.path)}, statuses: [${result.statuses.join(', ')}], idempotency: '${idempotency}' }`;
  const arg = `input${input.optional ? '?' : ''}: ${type}Input`;
  const summary = typeof entry.operation.summary === 'string' ? entry.operation.summary : id;
  const access = typeof entry.operation['x-rampart-access'] === 'string' ? `, access: ${entry.operation['x-rampart-access']}` : '';
  let methods = comment([`${summary}: \`${entry.method.toUpperCase()} ${entry.path}\`${access}.`], '  ');
  methods += `  ${method}(${arg}): Promise<${type}Result> {\n    return this.call(${spec}, input) as Promise<${type}Result>;\n  }\n`;
  let types = `${input.text}\n\n${result.text}\n`;
  const mode = listMode(entry.operation, deref);
  if (mode) {
    types += `\n/** A page of ${method}: its 200 answer. */\nexport type ${type}Page = Extract<${type}Result, { status: 200 }>;\n`;
    const how = mode.kind === 'cursor' ? 'following pagination.nextCursor' : mode.kind === 'link' ? 'following the Link header' : 'by offset';
    methods += `\n${comment([`Every page of ${method}, ${how}; a page that is not a 200 throws a PageError.`, '', '@example', `for await (const page of client.${method}Pages({ query: { limit: 50 } })) console.log(page.body);`], '  ')}`;
    const modeText = mode.kind === 'offset' ? `{ kind: 'offset', items: ${JSON.stringify(mode.items)} }` : `{ kind: '${mode.kind}' }`;
    methods += `  ${method}Pages(${arg}): AsyncGenerator<${type}Page, void, undefined> {\n    return this.pages(${spec}, input, ${modeText}) as AsyncGenerator<${type}Page, void, undefined>;\n  }\n`;
  }
  return { types, methods };
}
