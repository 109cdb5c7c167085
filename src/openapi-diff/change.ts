/**
 * The kinds of change between two versions of an app's OpenAPI document. Breaking ones
 * can fail a client that worked against the old document; the others are listed and pass.
 *
 * | kind                     | breaking | what changed                                                   |
 * |--------------------------|----------|----------------------------------------------------------------|
 * | operation-removed        | yes      | a method and path is gone                                      |
 * | response-field-removed   | yes      | a success body no longer has a field (or no longer always has it) |
 * | type-narrowed            | yes      | an input accepts less: enum value removed, max lowered, min raised, type changed, format or pattern added, null refused |
 * | response-type-changed    | yes      | a success body field may now hold what it could not (other type, null) |
 * | required-input-added     | yes      | a new required body field, query parameter or header (or one became required) |
 * | input-removed            | yes      | a body field or parameter is refused now (Rampart rejects unknown input) |
 * | success-status-changed   | yes      | a 2xx status an operation answered is gone (201 became 200, a body became 204) |
 * | access-stricter          | yes      | the access rule lets fewer callers in (public → authenticated → a rule) |
 * | limit-lowered            | yes      | a lower page maximum or request budget                         |
 * | operation-added          | no       | a new method and path                                          |
 * | response-field-added     | no       | a success body has a new field                                 |
 * | optional-input-added     | no       | a new optional body field or parameter                         |
 * | type-widened             | no       | an input accepts more, or a response field narrows              |
 * | response-enum-value-added| no       | a response field may hold a new enum value (clients should expect unknown ones) |
 * | success-status-added     | no       | a new 2xx status beside the old ones                           |
 * | access-looser            | no       | the access rule lets more callers in                           |
 * | limit-raised             | no       | a higher page maximum or request budget                        |
 */
export type ChangeKind = BreakingKind | AdditiveKind;

export type BreakingKind =
  | 'operation-removed'
  | 'response-field-removed'
  | 'type-narrowed'
  | 'response-type-changed'
  | 'required-input-added'
  | 'input-removed'
  | 'success-status-changed'
  | 'access-stricter'
  | 'limit-lowered';

export type AdditiveKind =
  | 'operation-added'
  | 'response-field-added'
  | 'optional-input-added'
  | 'type-widened'
  | 'response-enum-value-added'
  | 'success-status-added'
  | 'access-looser'
  | 'limit-raised';

const breakingKinds: ReadonlySet<ChangeKind> = new Set<BreakingKind>([
  'operation-removed',
  'response-field-removed',
  'type-narrowed',
  'response-type-changed',
  'required-input-added',
  'input-removed',
  'success-status-changed',
  'access-stricter',
  'limit-lowered',
]);

/** One difference between the locked document and the current one. */
export interface Change {
  kind: ChangeKind;
  breaking: boolean;
  /** `GET /api/v1/markets (listMarkets)`. */
  operation: string;
  /** What changed and why it matters, in words: `body field status: enum value "closed" removed`. */
  reason: string;
}

/**
 * A change of the given kind; `breaking` follows from the kind.
 *
 * @example
 * change('operation-removed', 'DELETE /api/v1/markets/{id} (deleteMarket)', 'the operation is gone');
 */
export function change(kind: ChangeKind, operation: string, reason: string): Change {
  return { kind, breaking: breakingKinds.has(kind), operation, reason };
}
