import { describe, expect, it } from 'vitest';
import { checkAddress, ipLiteral } from './address-policy.js';

describe('checkAddress', () => {
  const refused: Array<[string, string]> = [
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['169.254.169.254', 'linkLocal'],
    ['169.254.0.1', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.1', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['2002:7f00:1::1', '6to4'],
    ['not an address', 'invalid'],
  ];
  it.each(refused)('refuses %s (%s)', (address, range) => {
    expect(checkAddress(address)).toEqual({ allowed: false, address, range });
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8'])(
    'allows the public address %s',
    (address) => {
      expect(checkAddress(address)).toEqual({ allowed: true, address });
    },
  );

  it('with allowPrivate, opens loopback, private, unique-local and CGNAT only', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.0.0.1', '192.168.0.2', 'fd00::5', '100.64.0.1']) {
      expect(checkAddress(address, { allowPrivate: true }).allowed, address).toBe(true);
    }
    for (const address of ['169.254.169.254', 'fe80::1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '240.0.0.1']) {
      expect(checkAddress(address, { allowPrivate: true }).allowed, address).toBe(false);
    }
  });
});

describe('ipLiteral', () => {
  it('recognizes IPv4 and bracketed IPv6 hosts, not names', () => {
    expect(ipLiteral('127.0.0.1')).toBe('127.0.0.1');
    expect(ipLiteral(new URL('http://[::1]:8080/').hostname)).toBe('::1');
    expect(ipLiteral(new URL('http://0x7f.1/').hostname)).toBe('127.0.0.1');
    expect(ipLiteral(new URL('http://2130706433/').hostname)).toBe('127.0.0.1');
    expect(ipLiteral('hooks.example.com')).toBeUndefined();
    expect(ipLiteral('localhost')).toBeUndefined();
  });
});
