import { AppError } from '../../errors/app-error.js';

/** One bad query parameter, named exactly as the client sent it. */
export interface QueryIssue {
  /** The raw parameter name, e.g. `volume[gte]`. */
  param: string;
  /** Client-safe explanation, without the parameter name. */
  message: string;
  /** Set for parameters the API does not know, so the detail reads "Unknown ...". */
  unknown?: boolean;
}

/** The sentence of the problem `detail` for one issue; it always quotes the parameter. */
function describe(issue: QueryIssue): string {
  // Parameter names come from the client: bounded so the detail stays readable.
  const param = issue.param.length > 100 ? `${issue.param.slice(0, 100)}...` : issue.param;
  if (param !== issue.param) return describe({ ...issue, param });
  return issue.unknown
    ? `Unknown query parameter "${issue.param}".`
    : `Invalid query parameter "${issue.param}": ${issue.message}.`;
}

/**
 * Builds the single 400 that reports every bad parameter of a request at once, so a
 * client fixes its query in one round trip instead of one error at a time.
 *
 * @example
 * throw invalidQuery([{ param: 'limit', message: 'expected a whole number from 1 to 100' }]);
 */
export function invalidQuery(issues: readonly QueryIssue[]): AppError {
  // A query of thousands of junk parameters must not produce a response as large.
  const shown = issues.slice(0, maxReported);
  const more = issues.length - shown.length;
  const detail = shown.map(describe).join(' ') + (more > 0 ? ` And ${more} more invalid parameters.` : '');
  return new AppError('RAMPART_INVALID_QUERY', detail, {
    errors: shown.map((i) => ({ path: `query.${i.param}`, message: i.message })),
  });
}

/** How many bad parameters one response reports. */
export const maxReported = 20;

/**
 * Thrown by the small parsers of this folder. It is itself the 400 for its one
 * parameter, so each parser is safe to call alone; `parseListQuery` collects several
 * into one {@link invalidQuery} error.
 *
 * @example
 * throw new QueryIssueError({ param: 'total', message: 'expected true or false' });
 */
export class QueryIssueError extends AppError {
  constructor(readonly issue: QueryIssue) {
    super('RAMPART_INVALID_QUERY', describe(issue), {
      errors: [{ path: `query.${issue.param}`, message: issue.message }],
    });
  }
}

/**
 * Collects parser failures so one response can report every bad parameter.
 *
 * @example
 * const issues = new IssueCollector();
 * const limit = issues.attempt(() => parseLimit(raw, 100));
 * if (issues.list.length > 0) throw invalidQuery(issues.list);
 */
export class IssueCollector {
  readonly list: QueryIssue[] = [];

  /** Runs a parser; a {@link QueryIssueError} is recorded (and undefined returned), anything else rethrown. */
  attempt<T>(run: () => T): T | undefined {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof QueryIssueError)) throw error;
      this.list.push(error.issue);
      return undefined;
    }
  }
}

/** Shorthand for throwing a {@link QueryIssueError}. */
export function fail(param: string, message: string, unknown?: boolean): never {
  throw new QueryIssueError(unknown ? { param, message, unknown } : { param, message });
}

/** The client-safe message of whatever a field's `parseQueryValue` threw. */
export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : '';
  return text.length > 0 ? text.replace(/\.$/, '') : 'invalid value';
}
