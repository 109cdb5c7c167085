import { hasNul, nulMessage } from './no-nul.js';

/**
 * Helpers for turning one query-string value into a typed filter value. Each throws
 * an Error whose message is safe to show the client; the query parser names the
 * parameter around it.
 */
export function parseIntegerValue(raw: string): number {
  if (!/^-?\d{1,16}$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new Error('expected a whole number');
  }
  return Number(raw);
}

export function parseNumberValue(raw: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new Error('expected a number');
  return n;
}

export function parseBooleanValue(raw: string): boolean {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new Error('expected true or false');
}

/** Bounds a free-text filter value so a query cannot carry megabytes into SQL. */
export function parseTextValue(raw: string): string {
  if (raw.length > 1000) throw new Error('expected at most 1000 characters');
  if (hasNul(raw)) throw new Error(nulMessage);
  return raw;
}
