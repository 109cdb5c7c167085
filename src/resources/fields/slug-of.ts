import type { Derivation } from './field.js';

/** Options of {@link slugOf}. */
export interface SlugOptions {
  /** The slug when the source has no letters or digits (default `'untitled'`). */
  fallback?: string;
}

/**
 * Derives a URL slug from a string field: lower-case ASCII letters and digits joined by
 * `-`, accents dropped (`Crème brûlée!` → `creme-brulee`), cut to the field's `max` on a
 * word boundary where possible. On a `.unique()` field a taken slug gets `-2`, `-3`...
 *
 * @example
 * slug: field.string({ max: 120 }).unique().derive(slugOf('title')),
 */
export function slugOf(source: string, options: SlugOptions = {}): Derivation {
  const fallback = options.fallback ?? 'untitled';
  return {
    compute(data, maxLength) {
      const text = data[source];
      if (typeof text !== 'string') return undefined;
      const slug = text
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '');
      return cut(slug || fallback, maxLength);
    },
  };
}

/** Cuts `slug` to `max` characters, at its last `-` when one is in the second half. */
export function cut(slug: string, max: number | undefined): string {
  if (max === undefined || slug.length <= max) return slug;
  const head = slug.slice(0, max);
  const dash = head.lastIndexOf('-');
  return (dash >= max / 2 ? head.slice(0, dash) : head).replace(/-+$/, '') || head;
}
