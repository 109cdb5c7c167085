import { StartupError, type AppError, type FieldIssue } from '../errors/app-error.js';
import { errorCatalog, type ErrorCode } from '../errors/catalog.js';
import { errorKinds, formatStatuses, shapeProblems } from './check-error-format.js';
import type { ErrorFormat, ErrorInfo } from './error-format.js';
import { problemContentType, toProblem } from './problem-details.js';

/** An error answer, ready to write: status line, `Content-Type` and body text. */
export interface ErrorAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** Where a format failing on a request is reported (a pino logger fits). */
export interface FailureLog {
  error(details: object, message: string): void;
}

/** How an app's errors go out: Problem Details, or the app's {@link ErrorFormat}. */
export interface ErrorWire {
  answer(error: AppError, requestId: string, log?: FailureLog): ErrorAnswer;
  /** The status a code is sent with. */
  statusOf(code: ErrorCode): number;
  /** The app's format, for OpenAPI; absent for Problem Details. */
  readonly custom?: { format: ErrorFormat; mediaType: string; name: string };
}

const catalogStatus = (code: ErrorCode): number => (errorCatalog[code] as { status?: number }).status ?? 500;

/** Today's answer, byte for byte: RFC 9457 Problem Details. */
export const problemWire: ErrorWire = {
  answer: (error, requestId) => ({ status: error.status, contentType: problemContentType, body: JSON.stringify(toProblem(error, requestId)) }),
  statusOf: catalogStatus,
};

/** Thrown by {@link render} for a body its schema refuses; names the paths, not the values. */
class RefusedBody extends Error {
  override name = 'RefusedBody';
}

function render(format: ErrorFormat, info: ErrorInfo): string {
  const result = format.schema.safeParse(format.body(info));
  if (!result.success) {
    throw new RefusedBody(`the schema refuses the body: ${result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  // Sent as the schema's output, so keys the schema does not declare never go out.
  const text = JSON.stringify(result.data) as string | undefined;
  if (typeof text !== 'string') throw new RefusedBody('the body has no JSON text');
  return text;
}

const sampleIssues: FieldIssue[] = [{ path: 'body.title', message: 'Required' }];

/** Runs the format on every client code, with and without issues, as requests would. */
function trialProblems(format: ErrorFormat, statuses: Map<ErrorCode, number>): string[] {
  const failures: string[] = [];
  for (const kind of errorKinds()) {
    if (!('status' in errorCatalog[kind.code])) continue;
    const info: ErrorInfo = { ...kind, status: statuses.get(kind.code)!, detail: `${kind.title}.`, requestId: '00000000-0000-4000-8000-000000000000' };
    for (const sample of [info, { ...info, errors: sampleIssues }]) {
      try {
        render(format, sample);
      } catch (error) {
        failures.push(`body for ${kind.code}${sample.errors ? ' with errors' : ''}: ${error instanceof Error ? error.message : String(error)}`);
        break;
      }
    }
  }
  return failures.length > 3 ? [...failures.slice(0, 3), `and ${failures.length - 3} more codes`] : failures;
}

const wires = new WeakMap<object, ErrorWire>();

/**
 * The wire of an app's `errors` option: Problem Details without one, else the format,
 * checked first (shape, every code's status, a trial body for every code). Anything
 * wrong stops the app with `RAMPART_CONFIG_INVALID`, naming each problem.
 *
 * @example
 * const wire = errorWire(options.errors); // before anything opens
 * const { status, contentType, body } = wire.answer(error, request.id, request.log);
 */
export function errorWire(option: unknown): ErrorWire {
  if (option === undefined) return problemWire;
  const cached = typeof option === 'object' && option !== null ? wires.get(option) : undefined;
  if (cached) return cached;
  const problems = shapeProblems(option);
  const format = option as ErrorFormat;
  const statuses = problems.length === 0 ? formatStatuses(format, problems) : new Map<ErrorCode, number>();
  if (problems.length === 0) problems.push(...trialProblems(format, statuses));
  if (problems.length > 0) throw new StartupError('RAMPART_CONFIG_INVALID', `errors: ${problems.join('; ')}`);

  const given = format.contentType ?? 'application/json';
  const contentType = /;\s*charset=/i.test(given) ? given : `${given}; charset=utf-8`;
  const wire: ErrorWire = {
    statusOf: (code) => statuses.get(code) ?? catalogStatus(code),
    answer(error, requestId, log) {
      const status = wire.statusOf(error.code);
      const info: ErrorInfo = { code: error.code, status, title: errorCatalog[error.code].title, detail: error.message, requestId };
      if (error.errors) info.errors = error.errors;
      try {
        return { status, contentType, body: render(format, info) };
      } catch (failure) {
        // Answering this failure with the format again could fail the same way: the error
        // goes out as Problem Details under its own status, and the cause to the log.
        log?.error({ err: failure, code: error.code }, 'the app\'s error format failed; answered with Problem Details');
        return problemWire.answer(error, requestId);
      }
    },
    custom: { format, mediaType: given.split(';')[0]!.trim().toLowerCase(), name: format.name ?? 'Error' },
  };
  wires.set(option as object, wire);
  return wire;
}
