/*
 * Which names (query parameters, headers, logged fields) carry secrets. One rule for
 * the whole family rather than a list of spellings: a list always misses the next one
 * (`?jwt=`, `?sig=`, `X-Auth-Token`, `client-secret`, `access%5Ftoken`), and a secret in a
 * log outlives its rotation. Over-redacting a harmless name costs a log reader one value;
 * under-redacting leaks a credential, so the rule leans toward redacting.
 */

/** What `createApp({ logRedaction })` and `LOG_REDACT_NAMES` add to the built-in rule. */
export interface LogRedactionOptions {
  /** More names to redact, in any case or separator style (`ssn`, `membership_number`). */
  names?: string[];
  /**
   * The final say on a name: gets the name as written and the built-in verdict
   * (extra `names` included) and returns whether to redact it.
   */
  match?: (name: string, secret: boolean) => boolean;
}

/** Whether a name (any case, separators, percent-encoding) names a secret. */
export type SecretNameMatcher = (name: string) => boolean;

// Found anywhere in the name once case and separators are gone: compounds such as
// `accesstoken`, `clientsecret`, `xapikey`, `proxyauthorization` and `jsessionid` match.
const fragments = /token|secret|saml|assertion|passw|passphrase|pwd|signature|credential|bearer|jwt|apikey|privatekey|cookie|session|csrf|xsrf|auth(?!or)|authorization/;

// Short words that are secrets alone or as a part (`api_key`, `sig`, `X-Sid`, `otp`,
// `auth-code`) but too common inside harmless words (`monkey`, `signal`, `outside`) to
// be matched as fragments.
const words = new Set(['key', 'keys', 'sig', 'sid', 'otp', 'totp', 'hotp', 'code', 'pass', 'pin', 'refresh', 'mfa']);

// A compound ending in one of these is a secret too (`accesskey`, `hmacsig`, `passcode`).
const endings = /(key|keys|sig|code)$/;

// Names the rule would catch that are known not to be secrets: status and error codes
// (every log line has a `statusCode`), places and currencies, public keys.
const harmless = new Set([
  'statuscode',
  'errorcode',
  'exitcode',
  'httpcode',
  'responsecode',
  'reasoncode',
  'countrycode',
  'currencycode',
  'languagecode',
  'langcode',
  'localecode',
  'zipcode',
  'postcode',
  'postalcode',
  'areacode',
  'regioncode',
  'statecode',
  'barcode',
  'publickey',
  'publickeys',
]);

function decoded(name: string): string {
  let out = name.includes('+') ? name.replace(/\+/g, ' ') : name;
  // Twice: a name encoded twice (`%2574oken`) is still one decoding away from `token`
  // for whatever reads the URL next.
  for (let i = 0; i < 2 && out.includes('%'); i++) {
    try {
      out = decodeURIComponent(out);
    } catch {
      break;
    }
  }
  return out;
}

/** The name's words, lower case: `X-Api-Key` → x api key, `AccessToken` → access token. */
export function nameWords(name: string): string[] {
  return decoded(name)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}

function builtIn(joined: string, parts: string[]): boolean {
  if (harmless.has(joined)) return false;
  return fragments.test(joined) || endings.test(joined) || parts.some((w) => words.has(w));
}

// Names repeat (the same few query parameters and log fields on every line), so verdicts
// are kept; the bound stops random names sent by a client from growing it.
const maxRemembered = 1024;

/**
 * The matcher for the built-in rule plus `options`: extra names match as a whole name
 * or as a run of words inside one (`ssn` matches `user_ssn`); `match` decides last.
 *
 * @example
 * const isSecret = createSecretNames({ names: ['ssn'] });
 * isSecret('X-Api-Key'); // true
 * isSecret('user_ssn'); // true
 * isSecret('sort'); // false
 */
export function createSecretNames(options: LogRedactionOptions = {}): SecretNameMatcher {
  const extra = (options.names ?? []).map(nameWords).filter((w) => w.length > 0);
  const remembered = new Map<string, boolean>();
  const decide = (name: string): boolean => {
    const parts = nameWords(name);
    const joined = parts.join('');
    const spaced = ` ${parts.join(' ')} `;
    const secret =
      builtIn(joined, parts) || extra.some((x) => joined === x.join('') || spaced.includes(` ${x.join(' ')} `));
    return options.match ? options.match(name, secret) : secret;
  };
  return (name) => {
    let verdict = remembered.get(name);
    if (verdict === undefined) {
      verdict = decide(name);
      if (remembered.size >= maxRemembered) remembered.clear();
      remembered.set(name, verdict);
    }
    return verdict;
  };
}

/** The built-in rule alone. */
export const isSecretName: SecretNameMatcher = createSecretNames();
