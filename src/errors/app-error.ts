import { errorCatalog, type ErrorCode } from './catalog.js';

/** One failing input of a validation problem. */
export interface FieldIssue {
  /** Where the bad value sits, e.g. `body.name` or `query.limit`. */
  path: string;
  message: string;
}

/** Options of an {@link AppError}. */
export interface AppErrorOptions {
  /** Extra response headers (`Allow`, `WWW-Authenticate`, `Retry-After`...). */
  headers?: Record<string, string>;
  /** Per-field issues for validation problems. */
  errors?: FieldIssue[];
  cause?: unknown;
}

/**
 * An error with a catalog code. Throw it anywhere in a handler, hook or rule and the
 * client gets the matching Problem Details response; its `detail` is shown to the
 * client, so it must never hold internals.
 *
 * @example
 * throw new AppError('RAMPART_NOT_FOUND', 'No market with this id.');
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly errors: FieldIssue[] | undefined;

  constructor(code: ErrorCode, detail: string, options: AppErrorOptions = {}) {
    super(detail, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    const entry = errorCatalog[code] as { status?: number };
    this.status = entry.status ?? 500;
    this.headers = options.headers ?? {};
    this.errors = options.errors;
  }
}

/**
 * An error that stops the process at startup (bad configuration, a missing access
 * rule, a destructive migration). Its message says what to change.
 *
 * @example
 * throw new StartupError('RAMPART_CONFIG_INVALID', 'PORT: expected a number from 0 to 65535');
 */
export class StartupError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'StartupError';
    this.code = code;
  }
}
