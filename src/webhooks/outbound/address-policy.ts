import ipaddr from 'ipaddr.js';
import { carriedIPv4 } from './carried-ipv4.js';

/*
 * Which IP addresses an outbound webhook may connect to. The special-purpose ranges come
 * from ipaddr.js (IANA's registries: RFC 1918, 6598, 3927, 4291, 4193...), so there is
 * no hand-kept CIDR list to fall behind. Only global unicast passes by default: public
 * IPv4, and IPv6 inside 2000::/3 (IANA's global unicast space; everything outside it that
 * ipaddr.js has no name for is unassigned and counts as reserved). An IPv6 address that
 * carries an IPv4 address (carried-ipv4.ts) is judged by what it carries.
 *
 * `allowPrivate` (OUTBOUND_WEBHOOKS_ALLOW_PRIVATE, for tests and local development)
 * opens loopback, RFC 1918, unique-local and CGNAT: where a developer's receiver runs. Link-local stays refused even then: it holds the cloud metadata service
 * (169.254.169.254), the usual SSRF prize, and no receiver lives there. So do the
 * unspecified address (0.0.0.0 reaches the local host on Linux), multicast, broadcast
 * and reserved ranges, which no HTTP receiver can be, the deprecated IPv4-compatible form,
 * and local-use NAT64, where the sender cannot know which bits hold the IPv4 address.
 */

/** Ranges `allowPrivate` opens, by ipaddr.js range name. */
const privateRanges = new Set(['loopback', 'private', 'uniqueLocal', 'carrierGradeNat']);

const globalUnicast = ipaddr.IPv6.parse('2000::');

/** The verdict on one address: allowed, or refused with the range it falls in. */
export type AddressVerdict =
  | { allowed: true; address: string }
  | {
      allowed: false;
      address: string;
      range: string;
      /** The IPv4 address, carried by the IPv6 one, that was refused. */
      carried?: string;
    };

/** Options of {@link checkAddress}. */
export interface AddressPolicyOptions {
  /** Also allow loopback, private (RFC 1918, fc00::/7) and CGNAT addresses. */
  allowPrivate?: boolean;
}

/** An IP address read the way the socket will read it. */
export interface ParsedAddress {
  ip: ipaddr.IPv4 | ipaddr.IPv6;
  /** The canonical text (zone kept): what a connection is pinned to. */
  text: string;
  family: 4 | 6;
}

/**
 * Reads an IP address as the socket would: IPv6 through the WHATWG URL parser (the one
 * that read the endpoint URL; ipaddr.js reads `::a.b.c.d` differently), IPv4 in any
 * notation inet_aton accepts (`0177.0.0.1`, `0x7f.1`, `2130706433`), as a custom
 * resolver might answer. Undefined for anything else.
 *
 * @example
 * parseAddress('::127.0.0.1')?.text; // '::7f00:1'
 * parseAddress('0x7f.1')?.text;      // '127.0.0.1'
 */
export function parseAddress(address: string): ParsedAddress | undefined {
  const percent = address.indexOf('%');
  const bare = percent === -1 ? address : address.slice(0, percent);
  // A zone index (fe80::1%eth0) names an interface, not part of the address.
  const zone = percent === -1 ? '' : address.slice(percent);
  if (bare.includes(':')) {
    // Only address characters go into the URL, so nothing in them can change its shape.
    if (!/^[0-9a-f:.]+$/i.test(bare) || !/^%[\w.-]+$|^$/.test(zone)) return undefined;
    let canonical: string;
    try {
      canonical = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
    } catch {
      return undefined;
    }
    if (!ipaddr.IPv6.isValid(canonical)) return undefined;
    return { ip: ipaddr.IPv6.parse(canonical), text: `${canonical}${zone}`, family: 6 };
  }
  if (zone || !ipaddr.IPv4.isValid(bare)) return undefined;
  const ip = ipaddr.IPv4.parse(bare);
  return { ip, text: ip.toString(), family: 4 };
}

/**
 * Judges one IP address (as `dns.lookup` returns it, or a URL's literal host) against
 * the outbound policy. Something that is not an IP address is refused.
 *
 * @example
 * checkAddress('93.184.215.14');                        // { allowed: true, ... }
 * checkAddress('::ffff:127.0.0.1');                     // { allowed: false, range: 'loopback', carried: '127.0.0.1', ... }
 * checkAddress('10.0.0.1', { allowPrivate: true });     // { allowed: true, ... }
 * checkAddress('169.254.169.254', { allowPrivate: true }); // { allowed: false, range: 'linkLocal', ... }
 */
export function checkAddress(address: string, options: AddressPolicyOptions = {}): AddressVerdict {
  const parsed = parseAddress(address);
  if (!parsed) return { allowed: false, address, range: 'invalid' };
  const passes = (range: string) => range === 'unicast' || (options.allowPrivate === true && privateRanges.has(range));
  if (parsed.ip.kind() === 'ipv4') {
    const range = parsed.ip.range();
    return passes(range) ? { allowed: true, address } : { allowed: false, address, range };
  }
  const ip = parsed.ip as ipaddr.IPv6;
  const carried = carriedIPv4(ip);
  if (carried) {
    for (const inner of carried.addresses) {
      const range = inner.range();
      if (!passes(range)) return { allowed: false, address, range, carried: inner.toString() };
    }
    // IPv4-compatible is deprecated since 2006 (RFC 4291 §2.5.5.1); local-use NAT64 is
    // not global, and where it holds the IPv4 address is the operator's choice.
    if (carried.form === 'ipv4Compatible' || carried.form === 'nat64LocalUse') return { allowed: false, address, range: carried.form };
    // ISATAP's prefix is an ordinary one, judged below; the other forms' prefixes only carry.
    if (carried.form !== 'isatap') return { allowed: true, address };
  }
  const named = ip.range();
  const range = named === 'unicast' && !ip.match(globalUnicast, 3) ? 'reserved' : named;
  return passes(range) ? { allowed: true, address } : { allowed: false, address, range };
}

/**
 * A refusal in words: the range, and the IPv4 address an IPv6 one carries.
 *
 * @example
 * refusedRange({ allowed: false, address: '::7f00:1', range: 'loopback', carried: '127.0.0.1' });
 * // 'a loopback address (it carries 127.0.0.1)'
 */
export function refusedRange(verdict: { range: string; carried?: string }): string {
  // 'an unspecified', 'an ipv4Compatible', but 'a uniqueLocal'.
  const article = /^(?:[aeio]|un(?!i))/i.test(verdict.range) ? 'an' : 'a';
  return `${article} ${verdict.range} address${verdict.carried ? ` (it carries ${verdict.carried})` : ''}`;
}

/**
 * Whether a URL host is an IP literal rather than a name. WHATWG URL parsing has already
 * normalized IPv4 spellings such as `0x7f.1` or `2130706433` to dotted quads, and keeps
 * IPv6 in brackets, in canonical form.
 *
 * @example
 * ipLiteral(new URL('http://[::1]:8080/').hostname); // '::1'
 * ipLiteral('hooks.example.com');                    // undefined
 */
export function ipLiteral(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) && (bare.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(bare)) ? bare : undefined;
}
