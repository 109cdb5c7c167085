import ipaddr from 'ipaddr.js';

/*
 * Which IP addresses an outbound webhook may connect to. The special-purpose ranges come
 * from ipaddr.js (IANA's registries: RFC 1918, 6598, 3927, 4291, 4193...), so there is
 * no hand-kept CIDR list to fall behind. Only plain public unicast passes by default.
 *
 * `allowPrivate` (OUTBOUND_WEBHOOKS_ALLOW_PRIVATE, for tests and local development)
 * opens loopback, RFC 1918, unique-local and CGNAT: where a developer's receiver runs.
 * Link-local stays refused even then: it holds the cloud metadata service
 * (169.254.169.254), the usual SSRF prize, and no receiver lives there. So do the
 * unspecified address (0.0.0.0 reaches the local host on Linux), multicast, broadcast
 * and reserved ranges, which no HTTP receiver can be.
 */

/** Ranges `allowPrivate` opens, by ipaddr.js range name. */
const privateRanges = new Set(['loopback', 'private', 'uniqueLocal', 'carrierGradeNat']);

/** The verdict on one address: allowed, or refused with the range it falls in. */
export type AddressVerdict = { allowed: true; address: string } | { allowed: false; address: string; range: string };

/** Options of {@link checkAddress}. */
export interface AddressPolicyOptions {
  /** Also allow loopback, private (RFC 1918, fc00::/7) and CGNAT addresses. */
  allowPrivate?: boolean;
}

// IPv6 forms that carry an IPv4 address a connection ends up at: ::ffff:a.b.c.d
// (IPv4-mapped), ::ffff:0:a.b.c.d (RFC 6145) and 64:ff9b::a.b.c.d (NAT64, RFC 6052).
// The embedded address is judged instead, so ::ffff:127.0.0.1 is loopback.
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const range = address.range();
  const wellKnownNat64 = address.match(ipaddr.IPv6.parse('64:ff9b::'), 96);
  if (range !== 'ipv4Mapped' && range !== 'rfc6145' && !wellKnownNat64) return undefined;
  const bytes = address.toByteArray();
  return new ipaddr.IPv4(bytes.slice(12));
}

/**
 * Judges one IP address (as `dns.lookup` returns it, or a URL's literal host) against
 * the outbound policy. Something that is not an IP address is refused.
 *
 * @example
 * checkAddress('93.184.215.14');                        // { allowed: true, ... }
 * checkAddress('::ffff:127.0.0.1');                     // { allowed: false, range: 'loopback', ... }
 * checkAddress('10.0.0.1', { allowPrivate: true });     // { allowed: true, ... }
 * checkAddress('169.254.169.254', { allowPrivate: true }); // { allowed: false, range: 'linkLocal', ... }
 */
export function checkAddress(address: string, options: AddressPolicyOptions = {}): AddressVerdict {
  // A zone index (fe80::1%eth0) names an interface, not part of the address.
  const bare = address.split('%')[0] ?? '';
  if (!ipaddr.isValid(bare)) return { allowed: false, address, range: 'invalid' };
  let parsed: ipaddr.IPv4 | ipaddr.IPv6 = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv6') parsed = embeddedIPv4(parsed as ipaddr.IPv6) ?? parsed;
  const range = parsed.range();
  if (range === 'unicast') return { allowed: true, address };
  if (options.allowPrivate && privateRanges.has(range)) return { allowed: true, address };
  return { allowed: false, address, range };
}

/**
 * Whether a URL host is an IP literal rather than a name. WHATWG URL parsing has already
 * normalized IPv4 spellings such as `0x7f.1` or `2130706433` to dotted quads, and keeps
 * IPv6 in brackets.
 *
 * @example
 * ipLiteral(new URL('http://[::1]:8080/').hostname); // '::1'
 * ipLiteral('hooks.example.com');                    // undefined
 */
export function ipLiteral(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) && (bare.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(bare)) ? bare : undefined;
}
