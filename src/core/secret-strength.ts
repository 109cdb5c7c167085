import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/**
 * The fewest guesses, as a power of ten, a production secret must need. zxcvbn counts a
 * character it cannot explain as 10 guesses, so a random secret of n characters rates
 * about 10^n: `openssl rand -base64 32` (44 characters) about 10^44, 16 random bytes in
 * hex (32 characters) 10^29-10^32. Written secrets rate far lower: a dictionary phrase
 * of 32+ characters about 10^20-10^25, repeats and keyboard walks below 10^16.
 */
export const minSecretGuessesLog10 = 27;

export const generateSecretHint =
  `generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))" or: openssl rand -base64 32`;

let estimator: ZxcvbnFactory | undefined;

// zxcvbn-ts, built only when a secret is checked (production boot): its dictionaries take
// ~70 ms to load. Eight l33t substitutions find "p4ssw0rd" at ~60 ms for a 64-character
// secret; its default (512) costs ~300 ms and finds nothing more in a secret.
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, l33tMaxSubstitutions: 8 });
  return estimator;
}

/**
 * How many guesses (log10) a secret needs, by zxcvbn's pattern matching (repeats,
 * sequences, keyboard walks, dictionary words, l33t), taking the lower of two readings:
 * the whole string, and the sum over its words split at separators. zxcvbn is built for
 * passwords and prices the gap between two words as raw characters to brute-force, so
 * "correct horse battery staple yes" rates 10^24 whole but 10^20 word by word; a
 * generated secret has few separators and rates the same either way.
 *
 * @example
 * secretGuessesLog10('a'.repeat(32)); // ~2.6
 * secretGuessesLog10(randomBytes(32).toString('base64url')); // ~43
 */
export function secretGuessesLog10(secret: string): number {
  const z = zxcvbn();
  const whole = z.check(secret).guessesLog10;
  const words = secret.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.length <= 1) return whole;
  // A separator is one of a handful of characters: one guess in ten, as zxcvbn's own
  // separator matcher prices it.
  const separators = (secret.match(/[^\p{L}\p{N}]+/gu) ?? []).length;
  const split = words.reduce((sum, word) => sum + z.check(word).guessesLog10, separators);
  return Math.min(whole, split);
}

/**
 * Why a secret is too weak to sign tokens with in production, or `undefined` when it is
 * strong enough. Only generated secrets pass reliably; the reason says how to make one.
 *
 * @example
 * secretWeakness('correct horse battery staple 2024'); // 'it reads as written text ...'
 */
export function secretWeakness(secret: string): string | undefined {
  // Generators (hex, base64, base64url) never emit whitespace; a secret with some is a
  // sentence, which zxcvbn's word list rates too kindly (10^30+ for a famous pangram).
  if (/\s/u.test(secret)) return `it contains spaces, so it reads as written text, not a generated secret; ${generateSecretHint}`;
  const guesses = secretGuessesLog10(secret);
  if (guesses >= minSecretGuessesLog10) return undefined;
  return `too easy to guess (repeated, sequential, keyboard or dictionary patterns: about 10^${Math.floor(guesses)} guesses, at least 10^${minSecretGuessesLog10} needed); ${generateSecretHint}`;
}

/**
 * One line per weak secret among those given (unset ones are skipped), naming the
 * variable and never showing its value, for the startup error.
 *
 * @example
 * weakSecrets({ JWT_SECRET: 'x'.repeat(32) }); // ['JWT_SECRET: too easy to guess (...)']
 */
export function weakSecrets(secrets: Record<string, string | undefined>): string[] {
  return Object.entries(secrets).flatMap(([name, value]) => {
    const reason = value === undefined ? undefined : secretWeakness(value);
    return reason ? [`${name}: ${reason}`] : [];
  });
}
