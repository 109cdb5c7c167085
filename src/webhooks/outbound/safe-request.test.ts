import { afterEach, describe, expect, it, vi } from 'vitest';
import { startReceiver, type Receiver, type ReceiverHandler } from './receiver-fixture.js';
import { pinnedLookup, type HostLookup } from './resolve-target.js';
import { deliver } from './safe-request.js';

// Every refused target below is refused before any socket opens; the private and
// metadata addresses are never contacted (nothing here sends traffic off this machine).

const receivers: Receiver[] = [];
async function receiver(handler?: ReceiverHandler, host?: string): Promise<Receiver> {
  const started = await startReceiver(handler, host);
  receivers.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const body = '{"type":"markets.created","data":{"id":"m1"}}';
const fakeDns = (answers: Record<string, string[]>): HostLookup & { calls: string[] } => {
  const calls: string[] = [];
  const lookup = async (hostname: string) => {
    calls.push(hostname);
    const found = answers[hostname];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(lookup, { calls });
};

describe('deliver: SSRF guard', () => {
  it('refuses 127.0.0.1 without connecting', async () => {
    const target = await receiver();
    const result = await deliver({ url: `${target.url}/hook`, body });
    expect(result).toMatchObject({ ok: false, errorKind: 'address_refused', gone: false });
    expect(result.status).toBeUndefined();
    expect(result.error).toContain('127.0.0.1 is a loopback address');
    expect(target.connections()).toBe(0);
  });

  it.each([
    ['http://10.0.0.1/hook', 'private'],
    ['http://172.16.5.4:8080/hook', 'private'],
    ['http://192.168.1.1/hook', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['http://[fe80::1]/hook', 'linkLocal'],
    ['http://100.64.0.1/hook', 'carrierGradeNat'],
    ['http://0.0.0.0/hook', 'unspecified'],
    ['http://[::]/hook', 'unspecified'],
    ['http://0x7f.1/hook', 'loopback'],
    ['http://2130706433/hook', 'loopback'],
  ])('refuses %s (%s)', async (url, range) => {
    const result = await deliver({ url, body });
    expect(result).toMatchObject({ ok: false, errorKind: 'address_refused' });
    expect(result.error).toMatch(new RegExp(`is an? ${range} address`));
  });

  // Each form is refused before any socket opens; the receiver on 127.0.0.1 (which a
  // dual-stack socket reaches through ::ffff:127.0.0.1) must see no connection at all.
  it.each([
    ['[::127.0.0.1]', 'loopback'],
    ['[::7f00:1]', 'loopback'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['[0:0:0:0:0:ffff:7f00:1]', 'loopback'],
    ['[::ffff:0:127.0.0.1]', 'loopback'],
    ['[64:ff9b::127.0.0.1]', 'loopback'],
    ['[64:ff9b:1::7f00:1]', 'loopback'],
    ['[2002:7f00:1::1]', 'loopback'],
    ['[2001:0:4136:e378:8000:63bf:80ff:fffe]', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['127.0.0.1.', 'loopback'],
  ])('refuses http://%s:port/ (%s) without connecting', async (host, range) => {
    const target = await receiver();
    const result = await deliver({ url: `http://${host}:${target.port}/hook`, body, timeouts: { connectMs: 500 } });
    expect(result).toMatchObject({ ok: false, errorKind: 'address_refused' });
    expect(result.error).toContain(`is a ${range} address`);
    expect(target.connections()).toBe(0);
  });

  it('pins the connection to the canonical form of what a resolver answered', async () => {
    const target = await receiver();
    const lookup = fakeDns({ 'odd.test': ['0x7f.0.0.1'] });
    const result = await deliver({ url: `http://odd.test:${target.port}/hook`, body, lookup, allowPrivate: true });
    expect(result).toMatchObject({ ok: true, status: 204 });
    expect(target.connections()).toBe(1);
  });

  it('refuses [::1] and ::ffff:127.0.0.1 without connecting', async () => {
    const v4 = await receiver();
    const v6 = await receiver(undefined, '::1').catch(() => undefined); // where IPv6 is off, only the verdict is checked
    const loopback6 = await deliver({ url: `http://[::1]:${v6?.port ?? v4.port}/hook`, body });
    const mapped = await deliver({ url: `http://[::ffff:127.0.0.1]:${v4.port}/hook`, body });
    expect(loopback6).toMatchObject({ ok: false, errorKind: 'address_refused' });
    expect(mapped).toMatchObject({ ok: false, errorKind: 'address_refused' });
    expect(mapped.error).toContain('loopback');
    expect(v4.connections()).toBe(0);
    expect(v6?.connections() ?? 0).toBe(0);
  });

  it('refuses localhost, a name resolving to loopback, without connecting', async () => {
    const target = await receiver();
    const result = await deliver({ url: `http://localhost:${target.port}/hook`, body });
    expect(result).toMatchObject({ ok: false, errorKind: 'address_refused' });
    expect(result.error).toContain('(resolved from localhost)');
    expect(target.connections()).toBe(0);
  });

  it('refuses a name that resolves to a private address', async () => {
    const lookup = fakeDns({ 'hooks.internal.test': ['10.1.2.3'] });
    const result = await deliver({ url: 'https://hooks.internal.test/hook', body, lookup });
    expect(result).toMatchObject({ ok: false, errorKind: 'address_refused' });
    expect(result.error).toBe('10.1.2.3 (resolved from hooks.internal.test) is a private address; outbound webhooks only reach public addresses');
    expect(lookup.calls).toEqual(['hooks.internal.test']);
  });

  it('refuses a name when any one of its addresses is private', async () => {
    const lookup = fakeDns({ 'mixed.test': ['93.184.215.14', '169.254.169.254'] });
    const result = await deliver({ url: 'http://mixed.test/hook', body, lookup });
    expect(result).toMatchObject({ ok: false, errorKind: 'address_refused' });
    expect(result.error).toContain('169.254.169.254');
  });

  it('refuses the metadata address even with allowPrivate', async () => {
    const lookup = fakeDns({ 'metadata.test': ['169.254.169.254'] });
    const result = await deliver({ url: 'http://metadata.test/', body, lookup, allowPrivate: true });
    expect(result).toMatchObject({ ok: false, errorKind: 'address_refused' });
  });

  it.each(['ftp://example.com/hook', 'file:///etc/passwd', 'gopher://example.com/', 'javascript:alert(1)', 'data:text/plain,x', 'not a url'])(
    'refuses %s before any network use',
    async (url) => {
      const lookup = fakeDns({ 'example.com': ['93.184.215.14'] });
      const result = await deliver({ url, body, lookup, allowPrivate: true });
      expect(result).toMatchObject({ ok: false, errorKind: 'invalid_url' });
      expect(lookup.calls).toEqual([]);
    },
  );

  it('reports a name that does not resolve', async () => {
    const result = await deliver({ url: 'http://nowhere.test/hook', body, lookup: fakeDns({}) });
    expect(result).toMatchObject({ ok: false, errorKind: 'dns', error: 'nowhere.test did not resolve (ENOTFOUND)' });
  });
});

describe('deliver: allowed targets (allowPrivate)', () => {
  it('sends the exact body and headers to a loopback receiver', async () => {
    const target = await receiver((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks'));
    const headers = { 'content-type': 'application/json', 'webhook-id': 'evt_1', 'user-agent': 'Rampart-Webhooks/1' };
    const result = await deliver({ url: `${target.url}/hook?x=1`, headers, body, allowPrivate: true });
    expect(result).toMatchObject({ ok: true, status: 200, gone: false, responseBody: 'thanks', responseTruncated: false });
    expect(result.error).toBeUndefined();
    expect(target.requests).toHaveLength(1);
    const [received] = target.requests;
    expect(received).toMatchObject({ method: 'POST', url: '/hook?x=1', body });
    expect(received?.headers).toMatchObject({ ...headers, 'content-length': String(Buffer.byteLength(body)), host: `127.0.0.1:${target.port}` });
  });

  it('connects to the checked address, resolving the name once, and keeps the name as Host', async () => {
    const target = await receiver();
    let calls = 0;
    // A second resolution would get a different answer (DNS rebinding); there must be none.
    const lookup: HostLookup = async () => {
      calls++;
      if (calls > 1) throw new Error('resolved twice');
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const result = await deliver({ url: `http://hooks.example.test:${target.port}/in`, body, lookup, allowPrivate: true });
    expect(result).toMatchObject({ ok: true, status: 204 });
    expect(calls).toBe(1);
    expect(target.requests[0]?.headers.host).toBe(`hooks.example.test:${target.port}`);
  });

  it('does not follow a redirect to loopback', async () => {
    const inner = await receiver();
    const outer = await receiver((_req, res) => res.writeHead(302, { location: `${inner.url}/steal` }).end());
    const result = await deliver({ url: `${outer.url}/hook`, body, allowPrivate: true });
    expect(result).toMatchObject({ ok: false, status: 302, errorKind: 'redirect', gone: false });
    expect(result.error).toContain('redirects are not followed');
    expect(outer.requests).toHaveLength(1);
    expect(inner.connections()).toBe(0);
  });

  it('flags 410 as gone', async () => {
    const target = await receiver((_req, res) => res.writeHead(410).end('endpoint removed'));
    const result = await deliver({ url: target.url, body, allowPrivate: true });
    expect(result).toMatchObject({ ok: false, status: 410, gone: true, errorKind: 'http_status', error: 'HTTP 410', responseBody: 'endpoint removed' });
  });

  it('parses Retry-After in seconds and as an HTTP date', async () => {
    const seconds = await receiver((_req, res) => res.writeHead(503, { 'retry-after': '7' }).end());
    const date = await receiver((_req, res) => res.writeHead(429, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() }).end());
    const plain = await receiver((_req, res) => res.writeHead(500).end('boom'));
    const first = await deliver({ url: seconds.url, body, allowPrivate: true });
    const second = await deliver({ url: date.url, body, allowPrivate: true });
    const third = await deliver({ url: plain.url, body, allowPrivate: true });
    expect(first).toMatchObject({ ok: false, status: 503, retryAfterMs: 7000, gone: false });
    expect(second).toMatchObject({ ok: false, status: 429 });
    // The HTTP date has whole-second precision.
    expect(second.retryAfterMs).toBeGreaterThan(58_000);
    expect(second.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(third).toMatchObject({ ok: false, status: 500, error: 'HTTP 500', responseBody: 'boom' });
    expect(third.retryAfterMs).toBeUndefined();
  });

  it('keeps only maxResponseBytes of the body and drops the connection', async () => {
    let closedEarly = false;
    const target = await receiver((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(16 * 1024, 'a');
      let sent = 0;
      res.on('close', () => {
        closedEarly = !res.writableFinished;
      });
      // 4 MiB, written as fast as the socket takes it.
      const pump = () => {
        while (sent < 256 && res.write(chunk)) sent++;
        if (sent < 256 && !res.destroyed) res.once('drain', pump);
        else if (!res.destroyed) res.end();
      };
      pump();
    });
    const result = await deliver({ url: target.url, body, allowPrivate: true, maxResponseBytes: 1000 });
    expect(result).toMatchObject({ ok: true, status: 200, responseTruncated: true });
    expect(result.responseBody).toBe('a'.repeat(1000));
    await vi.waitFor(() => expect(closedEarly).toBe(true));
  });

  it('keeps a body of exactly maxResponseBytes whole', async () => {
    const target = await receiver((_req, res) => res.writeHead(200).end('b'.repeat(1000)));
    const result = await deliver({ url: target.url, body, allowPrivate: true, maxResponseBytes: 1000 });
    expect(result).toMatchObject({ ok: true, responseTruncated: false, responseBody: 'b'.repeat(1000) });
  });

  it('gives up on a receiver that never answers (response timeout)', async () => {
    const target = await receiver(() => undefined);
    const result = await deliver({ url: target.url, body, allowPrivate: true, timeouts: { responseMs: 300 } });
    expect(result).toMatchObject({ ok: false, errorKind: 'response_timeout' });
    expect(result.status).toBeUndefined();
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
    expect(result.durationMs).toBeLessThan(2000);
    expect(target.requests).toHaveLength(1);
  });

  it('gives up on a receiver that trickles its body (the response timeout covers the body)', async () => {
    const target = await receiver((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(timer));
    });
    const result = await deliver({ url: target.url, body, allowPrivate: true, timeouts: { responseMs: 400 } });
    expect(result).toMatchObject({ ok: false, errorKind: 'response_timeout' });
    expect(result.durationMs).toBeLessThan(2000);
  });

  it('bounds name resolution by the connect timeout', async () => {
    const hanging: HostLookup = () => new Promise(() => undefined);
    const result = await deliver({ url: 'http://slow-dns.test/', body, lookup: hanging, timeouts: { connectMs: 200 } });
    expect(result).toMatchObject({ ok: false, errorKind: 'connect_timeout' });
    expect(result.durationMs).toBeLessThan(2000);
  });

  it('reports a refused connection as a network error', async () => {
    const target = await receiver();
    await target.close();
    const result = await deliver({ url: target.url, body, allowPrivate: true });
    expect(result).toMatchObject({ ok: false, errorKind: 'network' });
    expect(result.error).toContain('ECONNREFUSED');
  });
});

describe('pinnedLookup', () => {
  const lookup = pinnedLookup([
    { address: '127.0.0.1', family: 4 },
    { address: '::1', family: 6 },
  ]);
  const ask = (options: object) =>
    new Promise<unknown[]>((resolve) => (lookup as (...a: unknown[]) => void)('anything.test', options, (...args: unknown[]) => resolve(args)));

  it('answers with the checked addresses whatever the name', async () => {
    expect(await ask({ all: true })).toEqual([null, [{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }]]);
    expect(await ask({})).toEqual([null, '127.0.0.1', 4]);
    expect(await ask({ family: 6 })).toEqual([null, '::1', 6]);
  });

  it('fails rather than answer with an unchecked family', async () => {
    const only4 = pinnedLookup([{ address: '127.0.0.1', family: 4 }]) as (...a: unknown[]) => void;
    const [error] = await new Promise<unknown[]>((resolve) => only4('x', { family: 6 }, (...args: unknown[]) => resolve(args)));
    expect(error).toMatchObject({ code: 'ENOTFOUND' });
  });
});
