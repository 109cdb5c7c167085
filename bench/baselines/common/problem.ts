/**
 * Error bodies of the baselines: RFC 9457 problem documents, as Rampart answers, minus
 * its stable error codes and request ids (neither is part of the compared work).
 */
export interface Problem {
  status: number;
  title: string;
  detail: string;
  errors?: { path: string; message: string }[];
}

export const problemType = 'application/problem+json';

export const problems = {
  unauthorized: (): Problem => ({ status: 401, title: 'Unauthorized', detail: 'Sign in to do this.' }),
  notFound: (what: string): Problem => ({ status: 404, title: 'Not Found', detail: `No ${what}.` }),
  invalid: (errors: { path: string; message: string }[]): Problem => ({
    status: 400,
    title: 'Bad Request',
    detail: 'The request is invalid.',
    errors,
  }),
};

/** The JSON text of a problem document. */
export function problemBody(problem: Problem): string {
  return JSON.stringify({ type: 'about:blank', ...problem });
}
