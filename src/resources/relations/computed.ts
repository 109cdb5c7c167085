/** Stands for the caller's user id in a computed field's `where`. */
export const me: unique symbol = Symbol('me');

/** A value a computed field's `where` compares with: a literal, or the caller (`me`). */
export type WhereValue = string | number | boolean | typeof me;

/**
 * A value derived per record from a to-many relation, computed in one query per page
 * (never per record) and never writable. `where` narrows the related rows (of the child,
 * or of the junction for a `through` relation), e.g. `{ user: me }`.
 */
export interface Computed {
  kind: 'count' | 'exists';
  relation: string;
  where: Readonly<Record<string, WhereValue>>;
}

/** Options of the computed factories. */
export interface ComputedOptions {
  where?: Readonly<Record<string, WhereValue>>;
}

/**
 * Computed fields, declared under a resource's `computed`.
 *
 * @example
 * computed: {
 *   favoritesCount: computed.count('favoritedBy'),
 *   favorited: computed.exists('favoritedBy', { where: { user: computed.me } }),
 * }
 */
export const computed: {
  count(relation: string, options?: ComputedOptions): Computed & { kind: 'count' };
  exists(relation: string, options?: ComputedOptions): Computed & { kind: 'exists' };
  readonly me: typeof me;
} = {
  /** How many related rows there are (an integer). */
  count: (relation: string, options: ComputedOptions = {}) => ({ kind: 'count' as const, relation, where: options.where ?? {} }),
  /** Whether any related row exists (a boolean); with `me`, false for anonymous callers. */
  exists: (relation: string, options: ComputedOptions = {}) => ({ kind: 'exists' as const, relation, where: options.where ?? {} }),
  me,
};

/** Whether the field's value depends on who asks. */
export function isPersonal(c: Computed): boolean {
  return Object.values(c.where).some((v) => v === me);
}
