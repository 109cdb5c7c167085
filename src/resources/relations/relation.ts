/**
 * To-many relations a resource declares by name. Edges to one record are reference
 * fields; `relations` only names the reverse edges, so every include and computed path
 * is declared and bounded.
 */
export type Relation = HasMany | Through;

/** The records of `child` whose reference field `via` points at this record. */
export interface HasMany {
  kind: 'hasMany';
  child: string;
  via: string;
  /** Records embedded per parent by `?include=` (default 20, at most 100). */
  max: number;
  /** Their order, e.g. `-createdAt` (default). */
  sort: string;
}

/**
 * The far side of a junction: the records (or users) that `junction` rows pointing at
 * this record through `via` point at through `to`, e.g. the users who favorited an article.
 */
export interface Through {
  kind: 'through';
  junction: string;
  via: string;
  to: string;
  max: number;
  sort: string;
}

/** Options of {@link hasMany}. */
export interface HasManyOptions {
  /** The child's reference field pointing at this resource. */
  via: string;
  max?: number;
  sort?: string;
}

/** Options of {@link through}. */
export interface ThroughOptions extends HasManyOptions {
  /** The junction's reference field pointing at the far side (may be its owner field). */
  to: string;
}

const maxCap = 100;

function bounded(name: string, options: HasManyOptions): { max: number; sort: string } {
  const max = options.max ?? 20;
  if (!Number.isInteger(max) || max < 1 || max > maxCap) throw new TypeError(`${name}: max must be a whole number from 1 to ${maxCap}`);
  return { max, sort: options.sort ?? '-createdAt' };
}

/**
 * Declares a has-many relation: the records of `child` referencing this one.
 *
 * @example
 * relations: { comments: hasMany('comments', { via: 'article', max: 20, sort: '-createdAt' }) }
 */
export function hasMany(child: string, options: HasManyOptions): HasMany {
  return { kind: 'hasMany', child, via: options.via, ...bounded(`hasMany('${child}')`, options) };
}

/**
 * Declares a relation through a junction resource, ending on its far side.
 *
 * @example
 * relations: { favoritedBy: through('favorites', { via: 'article', to: 'user' }) }
 */
export function through(junction: string, options: ThroughOptions): Through {
  return { kind: 'through', junction, via: options.via, to: options.to, ...bounded(`through('${junction}')`, options) };
}
