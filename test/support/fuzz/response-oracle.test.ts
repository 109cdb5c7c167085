import { describe, expect, it } from 'vitest';
import type { FuzzRequest, Operation } from './operation-requests.js';
import { judge } from './response-oracle.js';

const operation: Operation = { method: 'get', path: '/api/v1/things/{id}', id: 'getThing', parameters: [], responses: new Set([200, 400, 401, 404, 429, 500, 503]) };
const request = (change: Partial<FuzzRequest> = {}): FuzzRequest => ({ method: 'GET', url: '/api/v1/things/x', headers: {}, caller: 'user', operation, undeclaredBody: false, ...change });
const problem = (status: number, code: string, change: Record<string, unknown> = {}) => ({
  statusCode: status,
  headers: { 'content-type': 'application/problem+json; charset=utf-8', 'x-request-id': 'r1' },
  body: JSON.stringify({ type: 'urn:x', title: 'T', status, code, requestId: 'r1', ...change }),
});

describe("the fuzzer's judge", () => {
  it('passes a declared success and a well-formed declared problem', () => {
    expect(judge(request(), { statusCode: 200, headers: {}, body: '{}' })).toBeUndefined();
    expect(judge(request(), problem(404, 'RAMPART_NOT_FOUND'))).toBeUndefined();
  });

  it('refuses any 5xx, declared or not', () => {
    expect(judge(request(), problem(500, 'RAMPART_INTERNAL'))).toBe('a 500');
    expect(judge(request(), problem(503, 'RAMPART_UNAVAILABLE'))).toBe('a 503');
  });

  it('refuses a status the operation does not declare, but for the generic ones', () => {
    expect(judge(request(), problem(409, 'RAMPART_CONFLICT'))).toBe('undeclared status 409');
    expect(judge(request(), problem(415, 'RAMPART_UNSUPPORTED_MEDIA_TYPE'))).toBe('undeclared status 415');
    expect(judge(request({ undeclaredBody: true }), problem(415, 'RAMPART_UNSUPPORTED_MEDIA_TYPE'))).toBeUndefined();
    expect(judge(request({ operation: undefined }), { ...problem(405, 'RAMPART_METHOD_NOT_ALLOWED'), headers: { ...problem(405, 'x').headers, allow: 'GET' } })).toBeUndefined();
    expect(judge(request({ operation: undefined }), problem(404, 'RAMPART_ROUTE_NOT_FOUND'))).toBe('undeclared status 404');
  });

  it('refuses errors that are not Problem Details with a catalog code, its status and the request id', () => {
    expect(judge(request(), { statusCode: 400, headers: { 'content-type': 'application/json' }, body: '{}' })).toMatch(/not application\/problem\+json/);
    expect(judge(request(), { ...problem(400, 'RAMPART_BAD_REQUEST'), body: 'oops' })).toMatch(/not JSON/);
    expect(judge(request(), problem(400, 'RAMPART_BAD_REQUEST', { code: undefined }))).toMatch(/without code/);
    expect(judge(request(), problem(400, 'RAMPART_NOT_FOUND'))).toMatch(/catalog gives status 404/);
    expect(judge(request(), problem(400, 'RAMPART_BAD_REQUEST', { status: 404 }))).toMatch(/status member is 404/);
    expect(judge(request(), problem(400, 'RAMPART_BAD_REQUEST', { requestId: 'other' }))).toMatch(/requestId/);
  });
});
