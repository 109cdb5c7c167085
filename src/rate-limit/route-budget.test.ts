import { describe, expect, it } from 'vitest';
import { budgetConfig } from './route-budget.js';

describe('budgetConfig', () => {
  it('gives every route the one budget, or each operation its own', () => {
    const one = { max: 30, timeWindow: '1 minute' };
    expect(budgetConfig(one, 'list', 'markets')).toEqual({ config: { rateLimit: one } });
    expect(budgetConfig(one, 'delete', 'markets')).toEqual({ config: { rateLimit: one } });
    const perOp = { create: { max: 5, timeWindow: 60_000 } };
    expect(budgetConfig(perOp, 'create', 'markets')).toEqual({ config: { rateLimit: { max: 5, timeWindow: 60_000 } } });
    expect(budgetConfig(perOp, 'list', 'markets')).toEqual({});
    expect(budgetConfig(undefined, 'list', 'markets')).toEqual({});
  });

  it('stops at startup on a budget that would not limit anything', () => {
    for (const bad of [
      { max: 0, timeWindow: '1 minute' },
      { max: 1.5, timeWindow: '1 minute' },
      { max: 5, timeWindow: 'soon' },
      { max: 5, timeWindow: 0 },
    ]) {
      expect(() => budgetConfig(bad, 'list', 'markets')).toThrow(/markets: rateLimit needs/);
    }
    expect(() => budgetConfig({ create: { max: -1, timeWindow: '1 hour' } }, 'create', 'markets')).toThrow(/markets: rateLimit.create needs/);
  });
});
