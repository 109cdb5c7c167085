import type { z } from 'zod';
import type { FieldIssue } from '../errors/app-error.js';
import type { ErrorCode } from '../errors/catalog.js';

/** An error as Rampart classifies it: what a format's `status` decides on. */
export interface ErrorKind {
  /** The stable catalog code, e.g. `RAMPART_VALIDATION`. */
  code: ErrorCode;
  /** Rampart's own status for the code (the catalog's). */
  status: number;
  /** The catalog's short title, e.g. `Validation failed`. */
  title: string;
}

/** One error as a format's `body` sees it. */
export interface ErrorInfo extends ErrorKind {
  /** The status the answer is sent with, after the format's `status`. */
  status: number;
  /** What went wrong in this occurrence; safe to show (never internals). */
  detail: string;
  /** For validation, invalid queries and unique conflicts: one entry per failing input. */
  errors?: readonly FieldIssue[];
  /** The request's `X-Request-ID` (made up for answers written before a request exists). */
  requestId: string;
}

/** The app's own error format; see {@link errorFormat}. */
export interface ErrorFormat<S extends z.ZodType = z.ZodType> {
  /**
   * The status sent for a kind of error (default: Rampart's). Decided per code, once at
   * startup, so OpenAPI documents exactly what is sent; must be 400-599.
   */
  status?: (error: ErrorKind) => number;
  /** A JSON media type (default `application/json`); `charset=utf-8` is added when absent. */
  contentType?: string;
  /** The body's schema: every body is checked against it and sent as its output; OpenAPI shows it. */
  schema: S;
  /** The schema's name in OpenAPI's `components.schemas` (default `Error`). */
  name?: string;
  /** The body of one error. */
  body: (error: ErrorInfo) => z.input<S>;
}

/**
 * Declares the app's error format (`createApp({ errors })`): every error Rampart answers
 * (validation, 401, 403, 404, 405, 409, 413, 415, 422, 429, 503, 500, and the refusals
 * sent before a route runs, down to unparseable HTTP) is sent with this status, content
 * type and body; the headers that go with an error (`Retry-After`, `WWW-Authenticate`,
 * `Allow`, `X-Request-ID`, the security headers) are sent as always. Without it errors are
 * Problem Details (RFC 9457). A format that fails at startup stops the app; one that
 * throws, or returns what its schema refuses, on a request is logged and that answer is
 * sent as Problem Details. See docs/errors.md.
 *
 * @example
 * // RealWorld (Conduit): 422 { "errors": { "title": ["can't be blank"] } }
 * const errors = errorFormat({
 *   status: (e) => (e.status === 400 ? 422 : e.status),
 *   schema: z.object({ errors: z.record(z.string(), z.array(z.string())) }),
 *   body: (e) => ({ errors: errorsByField(e) }),
 * });
 * const app = await createApp({ resources: [articles], errors });
 */
export function errorFormat<S extends z.ZodType>(format: ErrorFormat<S>): ErrorFormat<S> {
  return format;
}
