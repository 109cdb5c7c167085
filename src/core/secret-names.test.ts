import { describe, expect, it } from 'vitest';
import { createSecretNames, isSecretName } from './secret-names.js';

// Every member of the family the rule promises to catch, in the spellings clients use.
const secret = [
  // tokens
  'token', 'access_token', 'AccessToken', 'accessToken', 'refresh_token', 'refreshToken', 'id_token', 'X-Auth-Token',
  'oauth_token', 'csrf_token', 'xsrf', 'TOKEN', 'tokens',
  // secrets, passwords
  'secret', 'client_secret', 'client-secret', 'clientSecret', 'password', 'Password', 'new_password', 'pwd', 'passwd',
  'pass', 'passphrase', 'user[password]', 'pin',
  // keys
  'key', 'api_key', 'apikey', 'apiKey', 'api-key', 'X-Api-Key', 'x-api-key', 'accesskey', 'access_key', 'private_key', 'KEY',
  // signatures
  'sig', 'signature', 'X-Signature', 'hmac_sig', 'hmacSig',
  // auth, sessions, JWTs, one-time codes
  'auth', 'authorization', 'Proxy-Authorization', 'authToken', 'auth-code', 'session', 'session_id', 'sessionId', 'sid',
  'JSESSIONID', 'jwt', 'JWT', 'otp', 'totp', 'code', 'auth_code', 'verificationCode', 'passcode', 'mfa',
  // credentials, refresh, bearer, cookies, assertions
  'credential', 'credentials', 'aws_credential', 'refresh', 'bearer', 'cookie', 'Set-Cookie', 'SAMLResponse', 'assertion',
  // percent-encoded, once and twice, and form-encoded spaces
  'access%5Ftoken', '%74oken', '%2574oken', 'api%2Dkey', 'client%20secret', 'client+secret', 'ACCESS%5FTOKEN',
];

// Names APIs use every day that must stay readable in logs.
const harmless = [
  'sort', 'limit', 'status', 'offset', 'cursor', 'fields', 'include', 'q', 'page', 'filter', 'order', 'id', 'name',
  'email', 'state', 'nonce', 'redirect_uri', 'client_id', 'author', 'authors', 'keyword', 'signal', 'design', 'insight',
  'outside', 'statusCode', 'status_code', 'zipcode', 'country_code', 'currencyCode', 'volume[gte]', 'createdAt',
  'expand', 'lang', 'format', 'method', 'url', 'ms', 'requestId', 'bypass', 'compass', 'pinned', 'publicKey',
];

describe('isSecretName', () => {
  it.each(secret)('%s is a secret', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each(harmless)('%s is not', (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});

describe('createSecretNames', () => {
  it('adds names in any case or separator style, as a whole name or a run of words', () => {
    const isSecret = createSecretNames({ names: ['ssn', 'membership_number'] });
    for (const name of ['ssn', 'SSN', 'user_ssn', 'userSsn', 'membershipNumber', 'membership-number', 'x_membership_number']) {
      expect(isSecret(name), name).toBe(true);
    }
    for (const name of ['lessons', 'membership', 'number', 'sort']) expect(isSecret(name), name).toBe(false);
    expect(isSecret('token')).toBe(true);
  });

  it('lets a matcher have the final say, knowing the built-in verdict', () => {
    const isSecret = createSecretNames({
      names: ['ssn'],
      match: (name, builtIn) => (name === 'sortKey' ? false : builtIn || name.startsWith('private_')),
    });
    expect(isSecret('sortKey')).toBe(false);
    expect(isSecret('private_note')).toBe(true);
    expect(isSecret('ssn')).toBe(true);
    expect(isSecret('jwt')).toBe(true);
    expect(isSecret('limit')).toBe(false);
  });

  it('remembers a bounded number of verdicts: random names cannot grow memory', () => {
    let calls = 0;
    const isSecret = createSecretNames({ match: (_name, builtIn) => (calls++, builtIn) });
    for (let i = 0; i < 5000; i++) isSecret(`n${i}`);
    isSecret('n4999');
    expect(calls).toBe(5000);
    isSecret('n0');
    expect(calls).toBe(5001);
  });
});
