import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { StartupError } from '../../errors/app-error.js';
import { resolveWorkerCount } from './worker-count.js';

describe('resolveWorkerCount', () => {
  it('runs one process unless asked for more', () => {
    expect(resolveWorkerCount(undefined, {})).toBe(1);
    expect(resolveWorkerCount(undefined, { WEB_CONCURRENCY: '' })).toBe(1);
  });

  it('takes --workers first, then WEB_CONCURRENCY; auto is one per CPU', () => {
    expect(resolveWorkerCount('3', { WEB_CONCURRENCY: '5' })).toBe(3);
    expect(resolveWorkerCount(undefined, { WEB_CONCURRENCY: '5' })).toBe(5);
    expect(resolveWorkerCount('auto', {})).toBe(availableParallelism());
    expect(resolveWorkerCount(undefined, { WEB_CONCURRENCY: 'auto' })).toBe(availableParallelism());
  });

  it('refuses anything else, naming where the value came from', () => {
    for (const bad of ['0', '-1', '1.5', 'two', '', '2000', 'app.ts']) {
      expect(() => resolveWorkerCount(bad, {})).toThrow(StartupError);
    }
    expect(() => resolveWorkerCount('app.ts', {})).toThrow(/--workers: expected .* got "app.ts"/);
    expect(() => resolveWorkerCount(undefined, { WEB_CONCURRENCY: 'many' })).toThrow(/WEB_CONCURRENCY/);
  });
});
