import { change, type Change } from './change.js';
import { compareOperation } from './compare-operations.js';
import { dereferencer, isObject, type Json } from './schema-shape.js';

const methods = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace'];

interface Located {
  label: string;
  operation: Json;
}

/** Operations by `METHOD /path` with path parameters unnamed (`/markets/{}`), so renaming one is no change. */
function operationsOf(document: Json): Map<string, Located> {
  const out = new Map<string, Located>();
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of methods) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const id = typeof operation.operationId === 'string' ? ` (${operation.operationId})` : '';
      out.set(`${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`, { label: `${method.toUpperCase()} ${path}${id}`, operation });
    }
  }
  return out;
}

/**
 * The changes from a locked OpenAPI document to the current one, breaking ones first,
 * each with the operation it concerns and its reason.
 *
 * No maintained JavaScript differ handles OpenAPI 3.1 today (oasdiff, the reference, is
 * Go only), so this compares Rampart's own documents, whose shapes are regular: every
 * operation carries its access rule (`x-rampart-access`) and request budget
 * (`x-rampart-rate-limit`), and schemas use a small set of JSON Schema forms. Documents
 * from elsewhere compare only as far as they use the same forms.
 *
 * @example
 * const changes = compareDocuments(JSON.parse(readFileSync('openapi.lock.json', 'utf8')), current);
 * if (changes.some((c) => c.breaking)) process.exitCode = 1;
 */
export function compareDocuments(before: Json, after: Json): Change[] {
  const changes: Change[] = [];
  const old = operationsOf(before);
  const now = operationsOf(after);
  const oldDeref = dereferencer(before);
  const newDeref = dereferencer(after);
  for (const [key, { label, operation }] of old) {
    const next = now.get(key);
    if (!next) {
      changes.push(change('operation-removed', label, 'the operation is gone'));
      continue;
    }
    const seen = new Set<string>();
    compareOperation(operation, next.operation, {
      oldDeref,
      newDeref,
      report: (kind, reason) => {
        // A schema shared by several places (a component) reports once per operation and place.
        if (seen.has(`${kind} ${reason}`)) return;
        seen.add(`${kind} ${reason}`);
        changes.push(change(kind, next.label, reason));
      },
    });
  }
  for (const [key, { label }] of now) if (!old.has(key)) changes.push(change('operation-added', label, 'a new operation'));
  return [...changes.filter((c) => c.breaking), ...changes.filter((c) => !c.breaking)];
}
