import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import type { FieldIssue } from '../errors/app-error.js';

const prefixes: Record<string, string> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' };

/** Converts zod issues to `{ path, message }` entries rooted at the request part. */
export function issuesOf(error: z.ZodError, part: string): FieldIssue[] {
  return error.issues.map((issue) => {
    // zod reports unknown keys on the object itself; naming the key is more useful.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    return keys.map((key) => ({
      path: [prefixes[part] ?? part, ...issue.path.map(String), ...(key ? [key] : [])].join('.'),
      message: key ? 'unknown field' : issue.message,
    }));
  }).flat();
}

/**
 * Fastify validator compiler for zod schemas: the route's schema is the zod object
 * itself, so validation, types and OpenAPI come from one declaration. Every failing
 * field is reported, not only the first.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  return (data: unknown) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    const error = Object.assign(new Error('validation failed'), {
      validation: [],
      issues: issuesOf(result.error, httpPart ?? 'body'),
    });
    return { error };
  };
};
