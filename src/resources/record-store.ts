import type { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { issuesOf } from '../http/validation.js';
import { parseListQuery } from './query/index.js';
import type { RecordData } from './records.js';
import type { AnyResource } from './resource.js';
import { createBodySchema, patchBodySchema } from './schemas.js';
import type { RecordPage, ResourceService } from './service.js';

/**
 * Server-side access to a resource's records, for seeds, scripts and trusted code.
 * Input is validated like a client's; access rules are not applied.
 */
export interface RecordStore {
  /** Lists with the same query language as the HTTP route, e.g. `{ status: 'active', sort: '-volume' }`. */
  list(query?: Record<string, string>): Promise<RecordPage>;
  get(id: string): Promise<RecordData>;
  /** `owner` is the user id for the owner field of resources that declare one. */
  create(input: Record<string, unknown>, options?: { owner?: string }): Promise<RecordData>;
  update(id: string, input: Record<string, unknown>): Promise<RecordData>;
  remove(id: string): Promise<void>;
}

function parse(schema: z.ZodType<Record<string, unknown>>, input: unknown): Record<string, unknown> {
  const result = schema.safeParse(input);
  if (!result.success) throw new AppError('RAMPART_VALIDATION', 'The input is invalid.', { errors: issuesOf(result.error, 'body') });
  return result.data;
}

/** Wraps a resource's service as a {@link RecordStore}. */
export function createRecordStore(resource: AnyResource, service: ResourceService): RecordStore {
  const createSchema = createBodySchema(resource);
  const patchSchema = patchBodySchema(resource);
  const anyRecord = async () => true;
  return {
    // async, so bad input rejects the promise rather than throwing at the call.
    list: async (query = {}) => service.list(parseListQuery(resource, query)),
    get: async (id) => service.get(id, anyRecord),
    create: async (input, options) => service.create(parse(createSchema, input), options?.owner),
    update: async (id, input) => service.update(id, parse(patchSchema, input), true, anyRecord),
    remove: async (id) => service.remove(id, anyRecord),
  };
}
