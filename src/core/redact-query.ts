import type { SecretNameMatcher } from './secret-names.js';

/** What replaces a secret. */
export const censor = '[redacted]';

// A JWT is a credential whatever the parameter is called, or when it has no name at all.
const jwtShape = /^eyJ[\w-]{4,}\.[\w-]{4,}\./;
const isJwt = (text: string) => text.startsWith('eyJ') && jwtShape.test(text);

const amp = 38;
const hash = 35;
const question = 63;
const equals = 61;

// Where a URL quoted in prose stops: whitespace, quotes, angle brackets.
const ends = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 34 || c === 39 || c === 60 || c === 62;

function nextStart(text: string, from: number): number {
  const q = text.indexOf('?', from);
  const h = text.indexOf('#', from);
  return q < 0 ? h : h < 0 ? q : Math.min(q, h);
}

/** The text to put in place of one parameter, or undefined to keep it. */
function replacement(text: string, name: string, value: string | undefined, isSecret: SecretNameMatcher): string | undefined {
  if (value === undefined) {
    // A bare `?eyJ...` token, or `?token%3Dabc`, which some reader may decode into `token=abc`.
    if (isJwt(name)) return censor;
    const eq = name.search(/=|%3d/i);
    return eq > 0 && isSecret(name.slice(0, eq)) ? `${name.slice(0, eq)}=${censor}` : undefined;
  }
  if (value === '' || value === censor) return undefined;
  return isSecret(name) || isJwt(value) ? `${name}=${censor}` : undefined;
}

/**
 * `text` (a URL, or a message quoting one) with the values of secret-named query and
 * fragment parameters (OAuth's implicit flow puts `access_token` in the fragment)
 * replaced by `[redacted]`, and JWT-shaped values whatever their name. Returned as is
 * (the same string) when nothing in it was secret.
 *
 * A scanner rather than a regular expression with a replacer: every request line with
 * a query passes here, and the replacer's per-match calls and strings cost several
 * times the scan.
 *
 * @example
 * redactQuery('/x?sort=name&access_token=abc', isSecretName); // '/x?sort=name&access_token=[redacted]'
 */
export function redactQuery(text: string, isSecret: SecretNameMatcher): string {
  let at = nextStart(text, 0);
  let out = '';
  let copied = 0;
  while (at >= 0) {
    // `at` is a separator (? & #); a parameter starts after it, and a `?` before its `=`
    // starts it again.
    let start = at + 1;
    let eq = -1;
    let end = start;
    for (; end < text.length; end++) {
      const c = text.charCodeAt(end);
      if (c === amp || c === hash || ends(c)) break;
      if (eq < 0 && c === equals) eq = end;
      else if (eq < 0 && c === question) start = end + 1;
    }
    const name = text.slice(start, eq < 0 ? end : eq);
    const put = name === '' ? undefined : replacement(text, name, eq < 0 ? undefined : text.slice(eq + 1, end), isSecret);
    if (put !== undefined) {
      out += text.slice(copied, start) + put;
      copied = end;
    }
    if (end >= text.length) break;
    const c = text.charCodeAt(end);
    at = c === amp || c === hash ? end : nextStart(text, end);
  }
  return copied === 0 ? text : out + text.slice(copied);
}
