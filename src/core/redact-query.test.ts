import { describe, expect, it } from 'vitest';
import { censor, redactQuery } from './redact-query.js';
import { createSecretNames, isSecretName } from './secret-names.js';

const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl';
const r = (text: string) => redactQuery(text, isSecretName);

describe('redactQuery', () => {
  it.each([
    ['one secret among harmless ones', '/a?sort=-v&jwt=abc&limit=5', `/a?sort=-v&jwt=${censor}&limit=5`],
    ['every issue-15 name', '/a?jwt=1&refresh=2&pwd=3&sig=4&sid=5&otp=6&bearer=7&credential=8',
      `/a?jwt=${censor}&refresh=${censor}&pwd=${censor}&sig=${censor}&sid=${censor}&otp=${censor}&bearer=${censor}&credential=${censor}`],
    ['repeated parameters, each one', '/a?token=1&token=2&token=3', `/a?token=${censor}&token=${censor}&token=${censor}`],
    ['percent-encoded names', '/a?access%5Ftoken=1&%61pi_key=2&%2574oken=3', `/a?access%5Ftoken=${censor}&%61pi_key=${censor}&%2574oken=${censor}`],
    ['bracketed names', '/a?user[password]=p&volume[gte]=5', `/a?user[password]=${censor}&volume[gte]=5`],
    ['a fragment (OAuth implicit flow)', '/cb#access_token=abc&state=xyz', `/cb#access_token=${censor}&state=xyz`],
    ['query and fragment', '/cb?code=1#id_token=2', `/cb?code=${censor}#id_token=${censor}`],
    ['a JWT whatever its name', `/a?x=${jwt}&y=1`, `/a?x=${censor}&y=1`],
    ['a bare JWT', `/a?${jwt}`, `/a?${censor}`],
    ['an encoded equals sign in a bare name', '/a?token%3Dabc&sort=1', `/a?token=${censor}&sort=1`],
    ['a URL quoted in a message', 'GET https://x.example/h?api_key=k1 failed: 500', `GET https://x.example/h?api_key=${censor} failed: 500`],
    ['a URL in quotes', 'fetch("https://x/?secret=s") failed', `fetch("https://x/?secret=${censor}") failed`],
  ])('%s', (_case, input, expected) => {
    expect(r(input)).toBe(expected);
  });

  it.each([
    ['no query', '/api/v1/markets'],
    ['harmless names', '/api/v1/markets?sort=-volume&limit=20&status=active&offset=5&cursor=abc&fields=id,name'],
    ['a secret name without a value', '/a?token&sort=1'],
    ['a secret name with an empty value', '/a?token=&sort=1'],
    ['prose with a question mark', 'did you forget to "return reply"? (GET)'],
  ])('leaves %s alone', (_case, input) => {
    expect(r(input)).toBe(input);
  });

  it('applies a custom rule', () => {
    const isSecret = createSecretNames({ names: ['ssn'] });
    expect(redactQuery('/a?ssn=1&user_ssn=2&sort=3', isSecret)).toBe(`/a?ssn=${censor}&user_ssn=${censor}&sort=3`);
  });
});
