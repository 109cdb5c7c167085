import ipaddr from 'ipaddr.js';

/*
 * IPv6 addresses whose traffic ends up at an IPv4 address they carry. An SSRF guard that
 * judged only the IPv6 range would let `::7f00:1` or `2002:7f00:1::` through to loopback
 * wherever a translator, tunnel or dual-stack socket sits on the path, so the carried
 * address is judged as well.
 *
 * Written by hand because ipaddr.js names these ranges but extracts the IPv4 address
 * from IPv4-mapped addresses only (`toIPv4Address`), and its parser reads the
 * IPv4-compatible `::a.b.c.d` as IPv4-mapped `::ffff:a.b.c.d`, unlike the URL parser and
 * the socket: bytes are read here from the canonical form, never from ipaddr's dotted parse.
 */

/** How an IPv6 address carries IPv4. */
export type CarrierForm = 'ipv4Mapped' | 'ipv4Translated' | 'ipv4Compatible' | 'nat64' | 'nat64LocalUse' | '6to4' | 'teredo' | 'isatap';

/** The IPv4 addresses an IPv6 address leads to, and the form that carries them. */
export interface CarriedIPv4 {
  form: CarrierForm;
  /** Every address traffic may reach; all must pass. */
  addresses: ipaddr.IPv4[];
}

const nat64 = ipaddr.IPv6.parse('64:ff9b::');
const nat64LocalUse = ipaddr.IPv6.parse('64:ff9b:1::');
const sixToFour = ipaddr.IPv6.parse('2002::');
const teredo = ipaddr.IPv6.parse('2001::');

const ipv4 = (bytes: number[]) => new ipaddr.IPv4(bytes);
const zeros = (bytes: number[], count: number) => bytes.slice(0, count).every((byte) => byte === 0);

/**
 * The IPv4 addresses `address` carries, or undefined for a plain IPv6 address.
 *
 * | form | prefix | IPv4 address |
 * |---|---|---|
 * | IPv4-mapped (RFC 4291) | `::ffff:0:0/96` | last 32 bits |
 * | IPv4-translated (RFC 6145) | `::ffff:0:0:0/96` | last 32 bits |
 * | IPv4-compatible (RFC 4291, deprecated) | `::/96` but `::` and `::1` | last 32 bits |
 * | NAT64 well-known (RFC 6052) | `64:ff9b::/96` | last 32 bits |
 * | NAT64 local-use (RFC 8215) | `64:ff9b:1::/48` | where RFC 6052 §2.2 puts it for a /96, /64, /56 or /48 prefix (the operator's prefix length is unknown here) |
 * | 6to4 (RFC 3056) | `2002::/16` | bits 16-47 |
 * | Teredo (RFC 4380) | `2001::/32` | the server (bits 32-63) and the client (the last 32 bits inverted) |
 * | ISATAP (RFC 5214) | any, with interface id `[00/02]00:5efe:a.b.c.d` | last 32 bits |
 *
 * @example
 * carriedIPv4(ipaddr.IPv6.parse('2002:7f00:1::1'))?.addresses[0]?.toString(); // '127.0.0.1'
 */
export function carriedIPv4(address: ipaddr.IPv6): CarriedIPv4 | undefined {
  const b = address.toByteArray();
  const last = ipv4(b.slice(12));
  if (zeros(b, 10) && b[10] === 0xff && b[11] === 0xff) return { form: 'ipv4Mapped', addresses: [last] };
  if (zeros(b, 8) && b[8] === 0xff && b[9] === 0xff && b[10] === 0 && b[11] === 0) return { form: 'ipv4Translated', addresses: [last] };
  if (zeros(b, 12)) {
    // :: and ::1 are IPv6's own unspecified and loopback addresses, judged as such.
    const unspecifiedOrLoopback = b[12] === 0 && b[13] === 0 && b[14] === 0 && (b[15] ?? 0) <= 1;
    return unspecifiedOrLoopback ? undefined : { form: 'ipv4Compatible', addresses: [last] };
  }
  if (address.match(nat64, 96)) return { form: 'nat64', addresses: [last] };
  if (address.match(nat64LocalUse, 48)) {
    // RFC 6052 §2.2: bits 64-71 (byte 8) are always zero, the IPv4 address goes around them.
    const at = (indexes: number[]) => ipv4(indexes.map((i) => b[i] ?? 0));
    return { form: 'nat64LocalUse', addresses: [last, at([9, 10, 11, 12]), at([7, 9, 10, 11]), at([6, 7, 9, 10])] };
  }
  if (address.match(sixToFour, 16)) return { form: '6to4', addresses: [ipv4(b.slice(2, 6))] };
  if (address.match(teredo, 32)) {
    return { form: 'teredo', addresses: [ipv4(b.slice(4, 8)), ipv4(b.slice(12).map((byte) => ~byte & 0xff))] };
  }
  // The universal/local and group bits of the interface id may be set (RFC 5214 §6.1).
  if (((b[8] ?? 0) & 0xfc) === 0 && b[9] === 0 && b[10] === 0x5e && b[11] === 0xfe) return { form: 'isatap', addresses: [last] };
  return undefined;
}
