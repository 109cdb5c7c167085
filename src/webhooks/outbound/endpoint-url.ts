import { checkAddress, ipLiteral, refusedRange } from './address-policy.js';

/*
 * The check of an endpoint URL when an admin saves it. It can only judge what the text
 * shows: the scheme, credentials, and a host that is an IP literal or a loopback name.
 * A name that resolves to a private address passes here and is refused at every
 * delivery, after DNS, by the safe client (DNS can change after saving anyway).
 */

/** The longest endpoint URL accepted. */
export const maxEndpointUrlLength = 2048;

/**
 * Why an endpoint URL is refused, or undefined when it is acceptable.
 *
 * @example
 * endpointUrlProblem('https://hooks.example.com/rampart', false); // undefined
 * endpointUrlProblem('ftp://example.com/', false);                // 'must be an http: or https: URL'
 * endpointUrlProblem('http://127.0.0.1:4000/hook', false);        // 'targets a loopback address; ...'
 */
export function endpointUrlProblem(text: string, allowPrivate: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an absolute http: or https: URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http: or https: URL';
  // Credentials in the URL would be shown back in every listing; receivers authenticate
  // deliveries by their signature instead.
  if (url.username || url.password) return 'must not contain credentials';
  const literal = ipLiteral(url.hostname);
  if (literal) {
    const verdict = checkAddress(literal, { allowPrivate });
    if (!verdict.allowed) return `targets ${refusedRange(verdict)}; outbound webhooks only reach public addresses`;
  }
  // RFC 6761 §6.3: `localhost` and names under it are loopback wherever they resolve.
  const name = url.hostname.toLowerCase().replace(/\.$/, '');
  if (!allowPrivate && (name === 'localhost' || name.endsWith('.localhost'))) {
    return 'targets a loopback name; outbound webhooks only reach public addresses';
  }
  return undefined;
}
