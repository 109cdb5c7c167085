import type { Row } from './store.js';

/*
 * Rows to the JSON clients get, field for field and in the order Rampart sends them
 * (id, createdAt, updatedAt, owner field, declared fields). Decimals travel as strings
 * with two decimals; timestamps as ISO-8601 UTC.
 */

/** A stored decimal as text: SQLite keeps a count of cents, PostgreSQL a numeric(15,2) string. */
export function decimal(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  const cents = BigInt(raw as number);
  const negative = cents < 0n;
  const digits = (negative ? -cents : cents).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** A stored timestamp as ISO-8601 UTC: SQLite keeps the text, pg returns a Date. */
export function timestamp(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  return raw instanceof Date ? raw.toISOString() : (raw as string);
}

export interface Position {
  id: string;
  createdAt: string;
  updatedAt: string;
  owner: string;
  market: string;
  side: string;
  amount: string;
}

export function position(row: Row): Position {
  return {
    id: row.id as string,
    createdAt: timestamp(row.created_at) as string,
    updatedAt: timestamp(row.updated_at) as string,
    owner: row.owner as string,
    market: row.market as string,
    side: row.side as string,
    amount: decimal(row.amount),
  };
}

export interface Market {
  id: string;
  createdAt: string;
  updatedAt: string;
  creator: string;
  name: string;
  description: string | null;
  status: string;
  volume: string;
  endsAt: string | null;
}

export function market(row: Row): Market {
  return {
    id: row.id as string,
    createdAt: timestamp(row.created_at) as string,
    updatedAt: timestamp(row.updated_at) as string,
    creator: row.creator as string,
    name: row.name as string,
    description: (row.description as string | null) ?? null,
    status: row.status as string,
    volume: decimal(row.volume),
    endsAt: timestamp(row.ends_at),
  };
}

export interface Post {
  id: string;
  createdAt: string;
  updatedAt: string;
  author: string;
  title: string;
  body: string;
}

export function post(row: Row): Post {
  return {
    id: row.id as string,
    createdAt: timestamp(row.created_at) as string,
    updatedAt: timestamp(row.updated_at) as string,
    author: row.author as string,
    title: row.title as string,
    body: row.body as string,
  };
}

/** S7's articles have a post's columns and JSON. */
export type Article = Post;
export const article = post;

export interface Comment {
  id: string;
  createdAt: string;
  updatedAt: string;
  author: string;
  body: string;
  article: string;
}

export function comment(row: Row): Comment {
  return {
    id: row.id as string,
    createdAt: timestamp(row.created_at) as string,
    updatedAt: timestamp(row.updated_at) as string,
    author: row.author as string,
    body: row.body as string,
    article: row.article as string,
  };
}
