import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { generateWebhookSecret } from '../standard-webhooks.js';
import { standardHeaders } from './signatures-fixture.js';
import { standardVerifier } from './standard-verifier.js';

const config = loadConfig({ NODE_ENV: 'test' });
const secret = generateWebhookSecret();
const body = '{"type":"invoice.paid","data":{"amount":100}}';
const bind = (options = {}) => standardVerifier(secret, options).bind({ config, env: {}, webhook: 'billing' });

describe('verify.standard', () => {
  it('accepts a signed delivery and identifies it by webhook-id and the payload type', () => {
    const request = { headers: standardHeaders(secret, 'msg_1', body), rawBody: Buffer.from(body), now: Date.now() };
    const bound = bind();
    expect(bound.check(request)).toEqual({ ok: true });
    expect(bound.identify(request, JSON.parse(body))).toEqual({ id: 'msg_1', type: 'invoice.paid' });
  });

  it('refuses a stale delivery unless the tolerance allows it', () => {
    const headers = standardHeaders(secret, 'msg_1', body, Math.floor(Date.now() / 1000) - 400);
    const request = { headers, rawBody: Buffer.from(body), now: Date.now() };
    expect(bind().check(request)).toEqual({ ok: false, reason: 'webhook-timestamp outside the tolerance' });
    expect(bind({ toleranceSeconds: 600 }).check(request).ok).toBe(true);
  });

  it('refuses a tampered body and a missing header', () => {
    const headers = standardHeaders(secret, 'msg_1', body);
    expect(bind().check({ headers, rawBody: Buffer.from(body.replace('100', '999')), now: Date.now() }).ok).toBe(false);
    const { 'webhook-id': _dropped, ...rest } = headers;
    expect(bind().check({ headers: rest, rawBody: Buffer.from(body), now: Date.now() })).toEqual({ ok: false, reason: 'missing webhook-id header' });
  });

  it('stops at startup on a secret that is not whsec_ base64, naming the variable', () => {
    expect(() => standardVerifier({ env: 'BILLING_SECRET' }).bind({ config, env: { BILLING_SECRET: 'whsec_***' }, webhook: 'billing' })).toThrow(
      /webhook "billing": BILLING_SECRET must be whsec_ followed by base64/,
    );
  });
});
