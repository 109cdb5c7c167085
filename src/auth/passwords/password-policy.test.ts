import { dictionary } from '@zxcvbn-ts/language-common';
import { describe, expect, it } from 'vitest';
import { commonPasswordKey, isCommonPassword } from './common-passwords.js';
import { checkPassword } from './password-policy.js';

describe('checkPassword', () => {
  it('counts length in code points: 12 to 128 by default', () => {
    expect(checkPassword('abcdefghijk')).toEqual(['must be at least 12 characters long']);
    expect(checkPassword('abcdefghijkl')).toEqual([]);
    expect(checkPassword('x'.repeat(128))).toEqual([]);
    expect(checkPassword('x'.repeat(129))).toEqual(['must be at most 128 characters long']);
    expect(checkPassword('')).toHaveLength(1);
  });

  it('counts an emoji as one character and accepts emoji-only passwords', () => {
    const emoji = '🐍🦀🐘🦊🐙🦉🐢🦋🐝🦄🐳🦒';
    expect(emoji.length).toBe(24); // UTF-16 units: the count a naive check would use
    expect(checkPassword(emoji)).toEqual([]);
    expect(checkPassword(emoji.slice(0, -2))).toEqual(['must be at least 12 characters long']);
  });

  it('accepts any character, spaces included, without composition rules', () => {
    expect(checkPassword('correct horse battery staple')).toEqual([]);
    expect(checkPassword('ñandú über straße')).toEqual([]);
    expect(checkPassword('alllowercaseletters')).toEqual([]);
  });

  it('refuses common passwords, whatever their case or surrounding spaces', () => {
    const message = 'is too common; choose a less predictable password';
    expect(checkPassword('password1234')).toEqual([message]);
    expect(checkPassword('PassWord1234')).toEqual([message]);
    expect(checkPassword('  qwerty123456 ')).toEqual([message]);
    // Full-width letters normalize (NFKC) to the listed ASCII password.
    expect(checkPassword('ｐａｓｓｗｏｒｄ１２３４')).toEqual([message]);
    const listed = dictionary['passwords-common'].filter((p) => p.length >= 12);
    expect(listed.length).toBeGreaterThan(100);
    for (const p of listed) expect(checkPassword(p)).toEqual([message]);
  });

  it('follows the configured bounds', () => {
    expect(checkPassword('abcdefgh', { minLength: 8 })).toEqual([]);
    expect(checkPassword('password', { minLength: 8 })).toEqual(['is too common; choose a less predictable password']);
    expect(checkPassword('x'.repeat(20), { maxLength: 16 })).toEqual(['must be at most 16 characters long']);
  });
});

describe('isCommonPassword', () => {
  it('matches the lower-cased, trimmed password exactly', () => {
    expect(commonPasswordKey(' AbC ')).toBe('abc');
    expect(isCommonPassword('Qwerty')).toBe(true);
    expect(isCommonPassword('qwerty!')).toBe(false);
  });
});

describe('ill-formed Unicode', () => {
  it('refuses a password with a lone surrogate, which would hash like U+FFFD', () => {
    expect(checkPassword('\ud800'.repeat(12))).toEqual(['contains invalid Unicode (a lone surrogate)']);
    expect(checkPassword(`abc def ghi \udc00 jk`)).toHaveLength(1);
    expect(checkPassword('\ud83e\udd8a'.repeat(12))).toEqual([]);
  });
});
