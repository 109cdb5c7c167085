import type { Operator } from '../fields/field.js';

/**
 * Names the query language owns. A bare name is always the control parameter; a field
 * with the same name can still be filtered with the bracket form (`total[eq]=3`).
 */
export const listControls = ['limit', 'offset', 'cursor', 'sort', 'fields', 'include', 'q', 'total'] as const;

/** One filter of a list request: `?status=active` or `?volume[gte]=100`. */
export interface Filter {
  /** The client-visible field name. */
  field: string;
  /** The SQL column. */
  column: string;
  op: Operator;
  /**
   * The parsed JSON value (an array for `in`), before conversion to the database form.
   * On an array field the op is `contains` and the value a list of elements, any of
   * which the stored array must hold.
   */
  value: unknown;
}

/** A filter through a declared relation path: `?author=jake`, `?favorited=me`. */
export interface PathFilter {
  /** The path's public name, as declared. */
  param: string;
  op: Operator;
  /** The parsed value (an array for `in`); null with `me`. */
  value: unknown;
  /** The value is the caller's user id. */
  me?: boolean;
}

/** One key of the list order. */
export interface SortKey {
  field: string;
  column: string;
  direction: 'asc' | 'desc';
}

/** A decoded keyset cursor: the sort values and id of the last row of the previous page. */
export interface CursorPosition {
  /** Sort values in the order of `ListQuery.sort`, as JSON values (the last one is the id). */
  values: unknown[];
}

/** A parsed and validated list request. */
export interface ListQuery {
  filters: Filter[];
  /** Filters through relation paths, when the resource declares `filters`. */
  paths?: PathFilter[];
  /** The order; always ends with `id` as a tiebreaker so keyset pagination is stable. */
  sort: SortKey[];
  limit: number;
  cursor?: CursorPosition;
  offset?: number;
  /** The fields to return (always with `id`); undefined for all. */
  fields?: string[];
  /** Reference fields whose records to embed. */
  include: string[];
  /** Full-text search terms. */
  q?: string;
  /** Whether to count all matching rows into `pagination.total`. */
  total: boolean;
}

/** Limits of the query language. */
export interface ListQueryOptions {
  /** Page size when `limit` is absent (default 20). */
  defaultLimit?: number;
  /** The largest accepted `limit` (default 100); above it is a 400, never a silent clamp. */
  maxLimit?: number;
}
