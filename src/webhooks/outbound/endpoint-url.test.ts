import { describe, expect, it } from 'vitest';
import { endpointUrlProblem } from './endpoint-url.js';
import { matchesEventType } from './event-types.js';

describe('endpointUrlProblem', () => {
  it('accepts public http and https URLs, and names it cannot judge before DNS', () => {
    for (const url of ['https://hooks.example.com/rampart', 'http://93.184.215.14:8080/in?x=1', 'https://internal.corp.example/hook']) {
      expect(endpointUrlProblem(url, false), url).toBeUndefined();
    }
  });

  it.each([
    ['ftp://example.com/hook', 'must be an http: or https: URL'],
    ['file:///etc/passwd', 'must be an http: or https: URL'],
    ['javascript:alert(1)', 'must be an http: or https: URL'],
    ['/relative/path', 'must be an absolute http: or https: URL'],
    ['https://user:pass@hooks.example.com/', 'must not contain credentials'],
    ['http://127.0.0.1:4000/hook', 'targets a loopback address; outbound webhooks only reach public addresses'],
    ['http://[::1]/hook', 'targets a loopback address; outbound webhooks only reach public addresses'],
    ['http://[::ffff:127.0.0.1]/hook', 'targets a loopback address (it carries 127.0.0.1); outbound webhooks only reach public addresses'],
    ['http://[::127.0.0.1]:8080/hook', 'targets a loopback address (it carries 127.0.0.1); outbound webhooks only reach public addresses'],
    ['http://[::8.8.8.8]/hook', 'targets an ipv4Compatible address; outbound webhooks only reach public addresses'],
    ['http://10.0.0.1/hook', 'targets a private address; outbound webhooks only reach public addresses'],
    ['http://169.254.169.254/latest', 'targets a linkLocal address; outbound webhooks only reach public addresses'],
    ['http://0x7f.1/hook', 'targets a loopback address; outbound webhooks only reach public addresses'],
    ['http://localhost:3000/hook', 'targets a loopback name; outbound webhooks only reach public addresses'],
    ['http://api.LOCALHOST./hook', 'targets a loopback name; outbound webhooks only reach public addresses'],
  ])('refuses %s', (url, problem) => {
    expect(endpointUrlProblem(url, false)).toBe(problem);
  });

  it('with allowPrivate, accepts loopback and private hosts but never other schemes or metadata', () => {
    expect(endpointUrlProblem('http://127.0.0.1:4000/hook', true)).toBeUndefined();
    expect(endpointUrlProblem('http://localhost:4000/hook', true)).toBeUndefined();
    expect(endpointUrlProblem('http://10.0.0.1/hook', true)).toBeUndefined();
    expect(endpointUrlProblem('ftp://127.0.0.1/hook', true)).toBe('must be an http: or https: URL');
    expect(endpointUrlProblem('http://169.254.169.254/', true)).toContain('linkLocal');
  });
});

describe('matchesEventType', () => {
  it('matches exact names, resource wildcards and *', () => {
    expect(matchesEventType(['markets.created'], 'markets.created')).toBe(true);
    expect(matchesEventType(['markets.created'], 'markets.updated')).toBe(false);
    expect(matchesEventType(['markets.*'], 'markets.deleted')).toBe(true);
    expect(matchesEventType(['markets.*'], 'marketsx.deleted')).toBe(false);
    expect(matchesEventType(['posts.created', '*'], 'anything')).toBe(true);
    expect(matchesEventType([], 'markets.created')).toBe(false);
  });
});
