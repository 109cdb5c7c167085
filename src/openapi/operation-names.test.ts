import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { nameResources, OperationIds, pascalCase, routeOperationId, singular } from './operation-names.js';
import { hasRefs, rebaseRefs, zodJsonSchema } from './zod-json-schema.js';

describe('names', () => {
  it.each([
    ['markets', 'market'],
    ['categories', 'category'],
    ['addresses', 'address'],
    ['boxes', 'box'],
    ['matches', 'match'],
    ['houses', 'house'],
    ['keys', 'key'],
    ['order-items', 'order-item'],
    ['people', 'person'],
    ['statuses', 'status'],
    ['status', 'status'],
    ['news', 'news'],
  ])('singular(%s) is %s', (plural, one) => {
    expect(singular(plural)).toBe(one);
  });

  it('builds PascalCase from kebab, snake and camel case', () => {
    expect(pascalCase('order-items')).toBe('OrderItems');
    expect(pascalCase('user_id')).toBe('UserId');
    expect(pascalCase('marketId')).toBe('MarketId');
  });

  it('derives custom route operation ids from the method and path', () => {
    expect(routeOperationId('GET', '/api/v1/markets/:id/summary')).toBe('getMarketsByIdSummary');
    expect(routeOperationId('POST', '/api/v2/order-items/:itemId(^\\d+)')).toBe('postOrderItemsByItemId');
    expect(routeOperationId('GET', '/api/v1')).toBe('getRoot');
    expect(routeOperationId('DELETE', '/webhooks/:id')).toBe('deleteWebhooksById');
  });

  it('keeps plural names when two resources share a singular', () => {
    const names = nameResources([{ name: 'status' }, { name: 'statuses' }, { name: 'order-items' }]);
    expect([...names.values()]).toEqual([
      { one: 'Status', many: 'Status', noun: 'status', nouns: 'status' },
      { one: 'Statuses', many: 'Statuses', noun: 'statuses', nouns: 'statuses' },
      { one: 'OrderItem', many: 'OrderItems', noun: 'order item', nouns: 'order items' },
    ]);
  });

  it('hands out unique operation ids', () => {
    const ids = new OperationIds();
    expect([ids.take('a'), ids.take('a'), ids.take('a'), ids.take('b')]).toEqual(['a', 'a2', 'a3', 'b']);
  });
});

describe('zod to JSON Schema', () => {
  it('drops $schema and documents dates as date-time strings', () => {
    const schema = zodJsonSchema(z.object({ at: z.date() }), 'output');
    expect(schema).toEqual({
      type: 'object',
      properties: { at: { type: 'string', format: 'date-time' } },
      required: ['at'],
      additionalProperties: false,
    });
  });

  it('documents a transform output as any value instead of failing', () => {
    expect(zodJsonSchema(z.string().transform((s) => s.length), 'output')).toEqual({});
    expect(zodJsonSchema(z.string().transform((s) => s.length), 'input')).toEqual({ type: 'string' });
  });

  it('rebases local refs and leaves component refs alone', () => {
    const schema = { a: { $ref: '#' }, b: [{ $ref: '#/$defs/x' }], c: { $ref: '#/components/schemas/Y' }, d: 1 };
    expect(rebaseRefs(schema, '#/components/schemas/Z')).toEqual({
      a: { $ref: '#/components/schemas/Z' },
      b: [{ $ref: '#/components/schemas/Z/$defs/x' }],
      c: { $ref: '#/components/schemas/Y' },
      d: 1,
    });
    expect(hasRefs(schema)).toBe(true);
    expect(hasRefs({ a: [1, { b: null }] })).toBe(false);
  });
});
