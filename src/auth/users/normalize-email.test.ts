import { describe, expect, it } from 'vitest';
import { emailProblem, normalizeEmail, tryNormalizeEmail } from './normalize-email.js';
import { toPublicUser } from './public-user.js';

describe('normalizeEmail', () => {
  it('trims and lower-cases valid addresses', () => {
    expect(normalizeEmail('  Ann.Lee+news@Example.COM ')).toBe('ann.lee+news@example.com');
    expect(tryNormalizeEmail('BOB@example.org')).toBe('bob@example.org');
  });

  it('refuses invalid and over-long addresses with a client-safe message', () => {
    for (const raw of ['', 'ann', 'ann@', '@example.com', 'ann@example', 'a b@example.com', 'ann@exa mple.com']) {
      expect(tryNormalizeEmail(raw)).toBeNull();
      expect(emailProblem(raw)).toBe('must be a valid email address');
    }
    const longest = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    expect(longest).toHaveLength(254);
    expect(emailProblem(longest)).toBeNull();
    expect(emailProblem(`a${longest}`)).toBe('must be at most 254 characters long');
    expect(emailProblem('ann@example.com')).toBeNull();
  });

  it('throws a validation error naming the field', () => {
    expect(() => normalizeEmail('nope', 'body.newEmail')).toThrow(
      expect.objectContaining({ code: 'RAMPART_VALIDATION', errors: [{ path: 'body.newEmail', message: 'must be a valid email address' }] }),
    );
  });
});

describe('toPublicUser', () => {
  it('copies only public columns and renders timestamps as ISO UTC', () => {
    const row = {
      id: 'u1',
      email: 'a@example.com',
      name: null,
      role: 'user',
      password_hash: '$argon2id$secret',
      created_at: new Date('2026-01-01T00:00:00Z'),
      updated_at: '2026-01-02T00:00:00.000Z',
    };
    expect(toPublicUser(row)).toEqual({
      id: 'u1',
      email: 'a@example.com',
      name: null,
      role: 'user',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
    });
  });
});
