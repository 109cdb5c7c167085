import { idempotencyApplies } from '../idempotency/idempotency-key.js';
import type { HttpMethod, ParameterObject, PathItemObject } from './openapi-objects.js';
import { problemRef } from './problem-schema.js';

const idempotencyKeyParameter: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: the first answer under this key (yours only) is kept for 24 h and replayed, ' +
    'with `Idempotency-Replayed: true`, to a retry with the same method, URL and body. ' +
    'Another request under the same key gets 422; a retry while the first still runs gets 409 with `Retry-After`.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x20-\\x7E]+$' },
};

/**
 * Adds the optional `Idempotency-Key` header and its 409 and 422 answers to every
 * operation that takes one (the same rule the request hooks apply).
 *
 * @example
 * idempotencyKeyDocs(document.paths, '/api/v1/auth');
 */
export function idempotencyKeyDocs(paths: Record<string, PathItemObject>, authPrefix: string | false): void {
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item) as [HttpMethod, NonNullable<PathItemObject[HttpMethod]>][]) {
      if (!idempotencyApplies(method, path, authPrefix)) continue;
      operation.parameters = [...(operation.parameters ?? []), idempotencyKeyParameter];
      operation.responses = { ...operation.responses, '409': problemRef(409), '422': problemRef(422) };
    }
  }
}
