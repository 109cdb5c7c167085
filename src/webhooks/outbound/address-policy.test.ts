import { describe, expect, it } from 'vitest';
import { checkAddress, ipLiteral, parseAddress } from './address-policy.js';

// Teredo's client address is stored inverted: ~127.0.0.1 = 80ff:fffe, ~8.8.8.8 = f7f7:f7f7,
// ~169.254.169.254 = 5601:5601. 4136:e378 is the public server 65.54.227.120.
describe('checkAddress', () => {
  // [address, range, the IPv4 address it carries]
  const refused: Array<[string, string, string?]> = [
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['169.254.169.254', 'linkLocal'],
    ['169.254.0.1', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['febf::1', 'linkLocal'],
    ['fec0::1', 'deprecatedSiteLocal'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.1', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['ff0e::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    // Documentation and benchmarking.
    ['192.0.2.10', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['3fff::1', 'reserved'],
    ['2001:2::1', 'benchmarking'],
    ['100::1', 'discard'],
    // Outside 2000::/3, with no name in ipaddr.js: unassigned.
    ['4000::1', 'reserved'],
    ['e000::1', 'reserved'],
    // Zone ids.
    ['fe80::1%eth0', 'linkLocal'],
    ['::ffff:127.0.0.1%eth0', 'loopback', '127.0.0.1'],
    // IPv4-mapped, in every spelling.
    ['::ffff:127.0.0.1', 'loopback', '127.0.0.1'],
    ['::ffff:7f00:1', 'loopback', '127.0.0.1'],
    ['::FFFF:7F00:0001', 'loopback', '127.0.0.1'],
    ['0:0:0:0:0:ffff:7f00:1', 'loopback', '127.0.0.1'],
    ['0000:0000:0000:0000:0000:ffff:127.0.0.1', 'loopback', '127.0.0.1'],
    ['::ffff:10.0.0.1', 'private', '10.0.0.1'],
    ['::ffff:169.254.169.254', 'linkLocal', '169.254.169.254'],
    ['::ffff:0.0.0.0', 'unspecified', '0.0.0.0'],
    // IPv4-translated (RFC 6145).
    ['::ffff:0:127.0.0.1', 'loopback', '127.0.0.1'],
    ['::ffff:0:7f00:1', 'loopback', '127.0.0.1'],
    // IPv4-compatible: judged by what it carries, and refused anyway (deprecated).
    ['::127.0.0.1', 'loopback', '127.0.0.1'],
    ['::7f00:1', 'loopback', '127.0.0.1'],
    ['0:0:0:0:0:0:7f00:1', 'loopback', '127.0.0.1'],
    ['::a00:1', 'private', '10.0.0.1'],
    ['::a9fe:a9fe', 'linkLocal', '169.254.169.254'],
    ['::0.0.0.2', 'unspecified', '0.0.0.2'],
    ['::8.8.8.8', 'ipv4Compatible'],
    // NAT64, well-known and local-use.
    ['64:ff9b::127.0.0.1', 'loopback', '127.0.0.1'],
    ['64:ff9b::7f00:1', 'loopback', '127.0.0.1'],
    ['64:ff9b::a9fe:a9fe', 'linkLocal', '169.254.169.254'],
    ['64:ff9b:1::7f00:1', 'loopback', '127.0.0.1'],
    ['64:ff9b:1:808:8:808:808:808', 'nat64LocalUse'],
    // 6to4.
    ['2002:7f00:1::1', 'loopback', '127.0.0.1'],
    ['2002:a9fe:a9fe::1', 'linkLocal', '169.254.169.254'],
    ['2002:c0a8:101::', 'private', '192.168.1.1'],
    // Teredo: client (inverted) and server.
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback', '127.0.0.1'],
    ['2001:0:4136:e378:8000:63bf:5601:5601', 'linkLocal', '169.254.169.254'],
    ['2001:0:a00:1:8000:63bf:f7f7:f7f7', 'private', '10.0.0.1'],
    // ISATAP interface ids.
    ['2a00:1450::5efe:7f00:1', 'loopback', '127.0.0.1'],
    ['2a00:1450::200:5efe:a9fe:a9fe', 'linkLocal', '169.254.169.254'],
    ['fe80::5efe:808:808', 'linkLocal'],
    // What a custom resolver might answer: IPv4 in inet_aton's notations.
    ['0177.0.0.1', 'loopback'],
    ['0x7f.1', 'loopback'],
    ['2130706433', 'loopback'],
    ['127.1', 'loopback'],
    ['not an address', 'invalid'],
    ['1.2.3.4.5', 'invalid'],
    ['::ffff:0x7f.0.0.1', 'invalid'],
    ['::1]@evil.example', 'invalid'],
    ['10.0.0.1%eth0', 'invalid'],
  ];
  it.each(refused)('refuses %s (%s %s)', (address, range, carried) => {
    expect(checkAddress(address)).toEqual({ allowed: false, address, range, ...(carried ? { carried } : {}) });
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '::ffff:0:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2002:808:808::1',
    '2001:0:4136:e378:8000:63bf:f7f7:f7f7',
    '2a00:1450::5efe:808:808',
  ])('allows the public address %s', (address) => {
    expect(checkAddress(address)).toEqual({ allowed: true, address });
  });

  it('with allowPrivate, opens loopback, private, unique-local and CGNAT only, in whatever carries them', () => {
    const opened = ['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.0.0.1', '192.168.0.2', 'fd00::5', '100.64.0.1', '2002:7f00:1::1', '64:ff9b::a00:1'];
    for (const address of opened) expect(checkAddress(address, { allowPrivate: true }).allowed, address).toBe(true);
    const closed = [
      '169.254.169.254',
      'fe80::1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '240.0.0.1',
      '::ffff:169.254.169.254',
      '2002:a9fe:a9fe::1',
      '64:ff9b::a9fe:a9fe',
      '2001:0:4136:e378:8000:63bf:5601:5601',
      '::7f00:1',
      '64:ff9b:1::7f00:1',
      '4000::1',
    ];
    for (const address of closed) expect(checkAddress(address, { allowPrivate: true }).allowed, address).toBe(false);
  });
});

describe('parseAddress', () => {
  it('reads addresses as the socket does, in canonical form', () => {
    expect(parseAddress('::127.0.0.1')).toMatchObject({ text: '::7f00:1', family: 6 });
    expect(parseAddress('0:0:0:0:0:FFFF:127.0.0.1')).toMatchObject({ text: '::ffff:7f00:1', family: 6 });
    expect(parseAddress('fe80::1%eth0')).toMatchObject({ text: 'fe80::1%eth0', family: 6 });
    expect(parseAddress('0x7f.1')).toMatchObject({ text: '127.0.0.1', family: 4 });
    expect(parseAddress('2130706433')).toMatchObject({ text: '127.0.0.1', family: 4 });
    expect(parseAddress('example.com')).toBeUndefined();
  });
});

describe('ipLiteral', () => {
  it('recognizes IPv4 and bracketed IPv6 hosts, not names', () => {
    expect(ipLiteral('127.0.0.1')).toBe('127.0.0.1');
    expect(ipLiteral(new URL('http://[::1]:8080/').hostname)).toBe('::1');
    expect(ipLiteral(new URL('http://0x7f.1/').hostname)).toBe('127.0.0.1');
    expect(ipLiteral(new URL('http://2130706433/').hostname)).toBe('127.0.0.1');
    expect(ipLiteral(new URL('http://0177.0.0.1./').hostname)).toBe('127.0.0.1');
    expect(ipLiteral('hooks.example.com')).toBeUndefined();
    expect(ipLiteral('localhost')).toBeUndefined();
  });
});
