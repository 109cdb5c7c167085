import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyStandardWebhook } from '../standard-webhooks.js';
import { buildDeliveryRequest, webhookPayload } from './delivery-request.js';

// The example secret of the Standard Webhooks specification.
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const endpoint = { url: 'https://hooks.example.com/in', secret };
const payload = webhookPayload('markets.created', { id: 'm1', name: 'Rain tomorrow' }, new Date('2025-01-15T12:00:00Z'));

describe('buildDeliveryRequest', () => {
  const now = new Date('2025-01-15T12:00:05.900Z');
  const request = buildDeliveryRequest(endpoint, { id: 'evt_01', payload }, now);

  it('sends the payload unchanged with the Standard Webhooks headers', () => {
    expect(request.url).toBe(endpoint.url);
    expect(request.body).toBe(payload);
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Rampart-Webhooks/1',
      'webhook-id': 'evt_01',
      'webhook-timestamp': '1736942405',
    });
  });

  it('signs id.timestamp.body with HMAC-SHA256 of the decoded secret, as the specification says', () => {
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`evt_01.1736942405.${payload}`).digest('base64');
    expect(request.headers['webhook-signature']).toBe(`v1,${expected}`);
  });

  it('passes the Standard Webhooks verifier, and fails it for another body or secret', () => {
    const check = (body: string, key = secret) =>
      verifyStandardWebhook({
        secret: key,
        id: request.headers['webhook-id'],
        timestamp: request.headers['webhook-timestamp'],
        signature: request.headers['webhook-signature'],
        body,
        now: now.getTime(),
      });
    expect(check(payload)).toEqual({ ok: true });
    expect(check(payload.replace('Rain', 'Snow')).ok).toBe(false);
    expect(check(payload, 'whsec_' + Buffer.alloc(24, 7).toString('base64')).ok).toBe(false);
  });

  it('keeps webhook-id across attempts and stamps each attempt with its own time', () => {
    const later = buildDeliveryRequest(endpoint, { id: 'evt_01', payload }, new Date('2025-01-15T13:00:00Z'));
    expect(later.headers['webhook-id']).toBe('evt_01');
    expect(later.headers['webhook-timestamp']).toBe('1736946000');
    expect(later.headers['webhook-signature']).not.toBe(request.headers['webhook-signature']);
  });
});

describe('webhookPayload', () => {
  it('wraps data as { type, timestamp, data }', () => {
    expect(JSON.parse(payload)).toEqual({ type: 'markets.created', timestamp: '2025-01-15T12:00:00.000Z', data: { id: 'm1', name: 'Rain tomorrow' } });
  });
});
