import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { checkAddress, ipLiteral, parseAddress, refusedRange } from './address-policy.js';
import { DeliveryFailure } from './delivery-failure.js';

/*
 * The SSRF guard's core. A host name is resolved once, every address it resolves to is
 * judged (one private address among public ones is enough to refuse: which one the
 * connection would use is not ours to predict), and the socket is then handed exactly
 * those addresses through a pinned `lookup`. The name is never resolved again between
 * the check and the connect, so a DNS answer that changes in between (DNS rebinding)
 * cannot move the connection to an address that was not checked.
 */

/** One resolved address, as `dns.lookup` with `all: true` returns it. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to all its addresses; injectable so tests can fake DNS. */
export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

/**
 * The system resolver (`dns.lookup`, so /etc/hosts counts, as it would for any client).
 *
 * @example
 * await systemLookup('localhost'); // [{ address: '127.0.0.1', family: 4 }, ...]
 */
export const systemLookup: HostLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Options of {@link resolveTarget}. */
export interface ResolveTargetOptions {
  allowPrivate?: boolean;
  lookup?: HostLookup;
}

function refuse(host: string, verdict: { address: string; range: string; carried?: string }): DeliveryFailure {
  const via = host === verdict.address ? '' : ` (resolved from ${host})`;
  return new DeliveryFailure('address_refused', `${verdict.address}${via} is ${refusedRange(verdict)}; outbound webhooks only reach public addresses`);
}

/**
 * The checked addresses of a URL host (a name or an IP literal, brackets allowed), or a
 * {@link DeliveryFailure}: `address_refused` when any address is refused, `dns` when the
 * name does not resolve.
 *
 * @example
 * await resolveTarget('hooks.example.com');            // [{ address: '93.184.215.14', family: 4 }]
 * await resolveTarget('localhost');                    // throws DeliveryFailure('address_refused', ...)
 * await resolveTarget('[::1]', { allowPrivate: true }); // [{ address: '::1', family: 6 }]
 */
export async function resolveTarget(host: string, options: ResolveTargetOptions = {}): Promise<ResolvedAddress[]> {
  const literal = ipLiteral(host);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: literal, family: literal.includes(':') ? 6 : 4 }];
  } else {
    try {
      addresses = await (options.lookup ?? systemLookup)(host);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'lookup failed';
      throw new DeliveryFailure('dns', `${host} did not resolve (${code})`);
    }
    if (addresses.length === 0) throw new DeliveryFailure('dns', `${host} did not resolve (no addresses)`);
  }
  const checked: ResolvedAddress[] = [];
  for (const { address } of addresses) {
    const verdict = checkAddress(address, { allowPrivate: options.allowPrivate });
    if (!verdict.allowed) throw refuse(literal ?? host, verdict);
    // The socket gets the canonical text of what was judged, with its family, never the
    // resolver's own spelling (an injected resolver may answer `0x7f.1` or a wrong family).
    const parsed = parseAddress(address);
    if (parsed) checked.push({ address: parsed.text, family: parsed.family });
  }
  return checked;
}

/**
 * A `lookup` for `http.request` / `net.connect` that answers with addresses already
 * checked, whatever name it is asked about, so the connection goes where the check said.
 *
 * @example
 * http.request({ hostname: 'hooks.example.com', lookup: pinnedLookup(await resolveTarget('hooks.example.com')) });
 */
export function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return ((_hostname: string, options: { all?: boolean; family?: number | string }, callback: (...args: unknown[]) => void) => {
    // With autoSelectFamily (Node's default since 20) net asks for every address and
    // tries them in turn; otherwise it wants one, of the family it asked for if any.
    if (options.all) return process.nextTick(callback, null, addresses);
    const family = options.family === 'IPv6' || options.family === 6 ? 6 : options.family === 'IPv4' || options.family === 4 ? 4 : 0;
    const chosen = addresses.find((a) => family === 0 || a.family === family);
    if (!chosen) return process.nextTick(callback, Object.assign(new Error('no checked address of the requested family'), { code: 'ENOTFOUND' }));
    process.nextTick(callback, null, chosen.address, chosen.family);
  }) as LookupFunction;
}
