import { describe, expect, it } from 'vitest';
import type { PathItemObject } from './openapi-objects.js';
import { annotateOperations, ownRateLimit } from './operation-notes.js';

describe('operation notes', () => {
  it('spells a budget window in words', () => {
    const windowOf = (timeWindow: string | number) => ownRateLimit({ max: 1, timeWindow })['x-rampart-rate-limit'];
    expect(windowOf(60_000)).toEqual({ budget: 'operation', max: 1, timeWindow: '1 minute' });
    expect(windowOf(7_200_000)).toMatchObject({ timeWindow: '2 hours' });
    expect(windowOf(86_400_000)).toMatchObject({ timeWindow: '1 day' });
    expect(windowOf(30_000)).toMatchObject({ timeWindow: '30 seconds' });
    expect(windowOf(1500)).toMatchObject({ timeWindow: '1500 ms' });
    expect(windowOf('10 minutes')).toMatchObject({ timeWindow: '10 minutes' });
    expect(ownRateLimit(undefined)).toEqual({});
  });

  it('closes each description with the access rule and the rate limit', () => {
    const paths: Record<string, PathItemObject> = {
      '/a': { get: { operationId: 'a', description: 'Reads a.', 'x-rampart-access': 'owner', responses: {} } },
      '/b': { get: { operationId: 'b', 'x-rampart-access': 'public', 'x-rampart-rate-limit': { budget: 'none' }, responses: {} } },
    };
    annotateOperations(paths);
    expect(paths['/a']!.get!.description).toBe('Reads a.\n\n**Access:** `owner` (signed in, and the rule must allow the caller)');
    expect(paths['/b']!.get!.description).toBe('**Access:** public: anyone, signed in or not · **Rate limit:** none (an infrastructure endpoint)');
  });
});
