import type { RecordData } from '../resources/records.js';
import type { Operation } from '../resources/resource.js';
import type { Caller } from './callers.js';
import type { InvariantRow } from './matrix.js';
import { isAllowed } from './observe.js';
import type { ProbeContext } from './run-matrix.js';

/**
 * The owner field is the server's: a client that sends it on create or update is refused
 * (4xx) or ignored, and the record is never stored as someone else's. Tried as a caller
 * the rules let create (and update), naming another user in the field.
 */
export async function checkOwnerField(
  ctx: ProbeContext,
  allowed: ReadonlyMap<Operation, Caller[]>,
  callers: readonly Caller[],
  parentOf: (record: RecordData) => Promise<RecordData | undefined>,
): Promise<InvariantRow[]> {
  const { t, arrange, resource, wire, owner } = ctx;
  const field = resource.owner?.field;
  if (!field) return [];
  const rows: InvariantRow[] = [];
  const someoneElse = (caller: Caller, recordOwner?: string) =>
    callers.find((c) => c.user && c.user.id !== caller.user?.id && c.user.id !== recordOwner)?.user?.id as string;
  const creator = allowed.get('create')?.find((c) => c.user);
  if (resource.enabled.includes('create')) {
    const check = `${field} (owner field) sent on create`;
    if (!creator?.user) rows.push({ resource: resource.name, check, result: '- no signed-in caller may create' });
    else {
      const { body, parent } = await arrange.createBody(resource, creator.user.id);
      const res = await t.post(wire.collection(parent), wire.wrap({ ...body, [field]: someoneElse(creator) }), { as: creator.user });
      let result = `✓ refused (${res.statusCode})`;
      if (isAllowed(res.statusCode)) {
        const created = wire.one(res.json());
        const stored = typeof created?.id === 'string' ? await arrange.get(resource, created.id) : undefined;
        result = stored?.[field] === creator.user.id ? '✓ ignored' : '✗ stored as sent';
        if (result.startsWith('✗')) ctx.problems.push(`${resource.name} create as ${creator.name}: a client-sent ${field} was stored (${String(stored?.[field])}); the owner field must be the caller`);
      } else if (res.statusCode >= 500) {
        result = `✗ ${res.statusCode}`;
        ctx.problems.push(`${resource.name} create as ${creator.name} with ${field} in the body: answered ${res.statusCode}`);
      }
      rows.push({ resource: resource.name, check, result });
    }
  }
  const updater = allowed.get('update')?.find((c) => c.user);
  if (resource.enabled.includes('update')) {
    const check = `${field} (owner field) sent on update`;
    if (!updater?.user) rows.push({ resource: resource.name, check, result: '- no signed-in caller may update' });
    else {
      const record = await arrange.record(resource, owner.user!.id);
      const before = record[field];
      const res = await t.patch(wire.item(record, await parentOf(record)), wire.wrap({ [field]: someoneElse(updater, String(before)) }), { as: updater.user });
      const stored = await arrange.get(resource, String(record.id));
      let result = isAllowed(res.statusCode) ? '✓ ignored' : `✓ refused (${res.statusCode})`;
      if (stored[field] !== before) {
        result = '✗ changed';
        ctx.problems.push(`${resource.name} update as ${updater.name}: a client-sent ${field} moved the record to ${String(stored[field])}; the owner field never changes`);
      } else if (res.statusCode >= 500) {
        result = `✗ ${res.statusCode}`;
        ctx.problems.push(`${resource.name} update as ${updater.name} with ${field} in the body: answered ${res.statusCode}`);
      }
      rows.push({ resource: resource.name, check, result });
    }
  }
  return rows;
}
