/*
 * The store behind `Idempotency-Key`: a small interface with a database and a Redis
 * implementation, both run through one contract suite (idempotency-store.test.ts).
 *
 * A key is either held by a running request (a lease, which expires so a crashed
 * process cannot block its key for ever) or holds the finished answer until its
 * retention ends. Leases carry a random token: only the holder can finish or release
 * its own lease, so a request that outlived its lease cannot overwrite the work of the
 * request that took the key over.
 */

/** A finished answer as it is kept and replayed. */
export interface StoredResponse {
  status: number;
  /** The headers worth replaying (content type, location...), lower-case names. */
  headers: Record<string, string>;
  /** The body as sent: text, or base64 when `base64` is set (a Buffer payload). */
  body: string;
  base64?: boolean;
}

/** The hold a running request has on its key. */
export interface IdempotencyLease {
  readonly id: string;
  readonly fingerprint: string;
  readonly token: string;
}

/** What {@link IdempotencyStore.claim} found. */
export type IdempotencyClaim =
  /** The key was free (or its holder's lease expired): the caller runs the request. */
  | { state: 'acquired'; lease: IdempotencyLease }
  /** Another request holds the key now. */
  | { state: 'running'; fingerprint: string }
  /** A request under this key finished; its answer is kept. */
  | { state: 'done'; fingerprint: string; response: StoredResponse };

/**
 * Where keys live. Every method is atomic on its own, across processes and instances.
 *
 * @example
 * const claim = await store.claim(id, fingerprint, 60_000);
 * if (claim.state === 'acquired') await store.complete(claim.lease, response, 24 * 3_600_000);
 */
export interface IdempotencyStore {
  /**
   * Takes the key `id` for a request with `fingerprint` for `leaseMs`, unless a live
   * lease or a kept answer holds it; then reports which, with its fingerprint.
   */
  claim(id: string, fingerprint: string, leaseMs: number): Promise<IdempotencyClaim>;
  /**
   * Replaces the caller's lease with the answer, kept for `retainMs`. Resolves false
   * when the lease is gone (expired and taken over, or purged): nothing is written.
   */
  complete(lease: IdempotencyLease, response: StoredResponse, retainMs: number): Promise<boolean>;
  /** Frees the key if the caller still holds it, so the request can be retried. */
  release(lease: IdempotencyLease): Promise<void>;
  /** Deletes expired leases and answers; stores whose entries expire by themselves omit it. */
  purgeExpired?(): Promise<number>;
}
