import type { RampartApp } from '../core/create-app.js';
import type { RecordData } from '../resources/records.js';
import type { AnyResource, ResolvedField } from '../resources/resource.js';
import { sampleValue } from './sample-values.js';

/** Makes the records the matrix works on: through the app's records API, hooks and validation included. */
export interface Arranger {
  /** A new record of `resource` owned by `ownerId` (when it has an owner), with whatever it references. */
  record(resource: AnyResource, ownerId: string): Promise<RecordData>;
  /** A create body a client would send as `actorId`; what it references belongs to `actorId`. */
  createBody(resource: AnyResource, actorId: string): Promise<{ body: Record<string, unknown>; parent?: RecordData }>;
  /** A partial update a client may send: one writable field with a new value, or `{}`. */
  changeBody(resource: AnyResource): Record<string, unknown>;
  /** A record by id, for the parent of a nested record. */
  get(resource: AnyResource, id: string): Promise<RecordData>;
}

/** How deep references are followed before giving up (a cycle of required references cannot be created anyway). */
const maxDepth = 6;

/**
 * @example
 * const arrange = createArranger(t.app, (name) => resources.find((r) => r.name === name));
 * const market = await arrange.record(markets, owner.id);
 */
export function createArranger(app: RampartApp, lookup: (name: string) => AnyResource | undefined): Arranger {
  let counter = 0;
  const next = () => ++counter;

  async function valuesFor(resource: AnyResource, fields: readonly ResolvedField[], userId: string, depth: number): Promise<Record<string, unknown>> {
    const data: Record<string, unknown> = {};
    for (const f of fields) {
      if (f.field.flags.presence !== 'required' && f !== resource.parent) continue;
      const target = f.field.spec.reference?.resource;
      if (target === undefined) {
        data[f.name] = sampleValue(f.field, next(), `${resource.name}.${f.name}`);
      } else if (target === 'users') {
        data[f.name] = userId;
      } else {
        const referenced = lookup(target);
        if (!referenced) throw new Error(`test:authz: ${resource.name}.${f.name} references "${target}", which is not a resource of the app`);
        if (depth >= maxDepth) throw new Error(`test:authz: required references of ${resource.name} go deeper than ${maxDepth} records`);
        data[f.name] = (await make(referenced, userId, depth + 1)).id;
      }
    }
    return data;
  }

  async function make(resource: AnyResource, ownerId: string, depth: number): Promise<RecordData> {
    const data = await valuesFor(resource, resource.writable, ownerId, depth);
    return app.records(resource).create(data, resource.owner ? { owner: ownerId } : {});
  }

  return {
    record: (resource, ownerId) => make(resource, ownerId, 0),
    async createBody(resource, actorId) {
      const fields = resource.clientWritable.filter((f) => !f.field.flags.readOnly);
      const body = await valuesFor(resource, fields, actorId, 0);
      if (!resource.parent) return { body };
      const target = lookup(resource.parent.field.spec.reference?.resource ?? '');
      if (!target) throw new Error(`test:authz: the parent of ${resource.name} is not a resource of the app`);
      return { body, parent: await make(target, actorId, 1) };
    },
    changeBody(resource) {
      const candidates = resource.clientWritable.filter((f) => !f.field.flags.unique && !f.field.spec.reference && !f.field.flags.readOnly);
      const f = candidates.find((c) => c.field.spec.kind === 'string') ?? candidates.find((c) => c.field.spec.kind !== 'enum') ?? candidates[0];
      return f ? { [f.name]: sampleValue(f.field, next(), `${resource.name}.${f.name}`) } : {};
    },
    get: (resource, id) => app.records(resource).get(id),
  };
}
