import { describe, expect, it } from 'vitest';
import { uniqueIndexName } from './unique-index-name.js';

describe('uniqueIndexName', () => {
  it('names short combinations plainly', () => {
    expect(uniqueIndexName('favorites', ['user_id', 'article_id'])).toBe('favorites_user_id_article_id_unique');
  });

  it('keeps long names within PostgreSQL 63 bytes, stable and distinct', () => {
    const table = 'concert_hall_seat_reservations_for_the_season';
    const a = uniqueIndexName(table, ['row', 'seat_number']);
    const b = uniqueIndexName(table, ['row', 'seat_letter']);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(a).toMatch(/^concert_hall_seat_reservations_for_the_season_[0-9a-f]{10}_unique$/);
    expect(uniqueIndexName(table, ['row', 'seat_number'])).toBe(a);
    expect(a).not.toBe(b);
  });
});
