import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateWebhookSecret,
  signWebhook,
  verifyWebhookSignature,
} from '../../src/app/webhooks/webhook-signature.ts';

const now = new Date('2026-05-30T10:00:00Z');
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const body = '{"id":"8c1a4b0e-0000-4000-8000-000000000001","type":"comment.created","data":{"body":"Merci"}}';
const id = '8c1a4b0e-0000-4000-8000-000000000001';

describe('signWebhook', () => {
  it('signs "{id}.{timestamp}.{body}" with the base64-decoded secret, as computed independently here', () => {
    const timestamp = Math.floor(now.getTime() / 1000);
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
    expect(signWebhook({ secret, id, body, now })).toEqual({
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': `v1,${expected}`,
    });
  });

  it('matches the Standard Webhooks reference test vector', () => {
    const headers = signWebhook({
      secret,
      id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      body: '{"test": 2432232314}',
      now: new Date(1614265330 * 1000),
    });
    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('makes secrets of 32 random bytes, never the same twice', () => {
    const one = generateWebhookSecret();
    expect(one).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(one.slice(6), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(one);
  });
});

describe('verifyWebhookSignature', () => {
  const signed = signWebhook({ secret, id, body, now });
  const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

  it.each([
    { what: 'the signed request', headers: signed, body, at: now, result: { ok: true } },
    { what: 'at the edge of the tolerance', headers: signed, body, at: later(300), result: { ok: true } },
    { what: 'from a clock slightly behind', headers: signed, body, at: later(-300), result: { ok: true } },
    {
      what: 'among several signatures (secret rotation)',
      headers: { ...signed, 'webhook-signature': `v1,bm9wZQ== ${signed['webhook-signature']}` },
      body,
      at: now,
      result: { ok: true },
    },
    {
      what: 'with headers in another case',
      headers: Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toUpperCase(), v])),
      body,
      at: now,
      result: { ok: true },
    },
    {
      what: 'a tampered body',
      headers: signed,
      body: body.replace('Merci', 'Pay'),
      at: now,
      result: { ok: false, reason: 'bad_signature' },
    },
    {
      what: 'another event id',
      headers: { ...signed, 'webhook-id': 'another' },
      body,
      at: now,
      result: { ok: false, reason: 'bad_signature' },
    },
    {
      what: 'a replayed timestamp',
      headers: { ...signed, 'webhook-timestamp': String(Number(signed['webhook-timestamp']) + 1) },
      body,
      at: now,
      result: { ok: false, reason: 'bad_signature' },
    },
    {
      what: 'an unknown signature version',
      headers: { ...signed, 'webhook-signature': signed['webhook-signature'].replace('v1,', 'v2,') },
      body,
      at: now,
      result: { ok: false, reason: 'bad_signature' },
    },
    {
      what: 'a truncated signature',
      headers: { ...signed, 'webhook-signature': signed['webhook-signature'].slice(0, 20) },
      body,
      at: now,
      result: { ok: false, reason: 'bad_signature' },
    },
    {
      what: 'a stale request',
      headers: signed,
      body,
      at: later(301),
      result: { ok: false, reason: 'stale_timestamp' },
    },
    {
      what: 'a request from the future',
      headers: signed,
      body,
      at: later(-301),
      result: { ok: false, reason: 'stale_timestamp' },
    },
    {
      what: 'no signature header',
      headers: { 'webhook-id': id, 'webhook-timestamp': signed['webhook-timestamp'] },
      body,
      at: now,
      result: { ok: false, reason: 'missing_headers' },
    },
    {
      what: 'a timestamp that is not a number',
      headers: { ...signed, 'webhook-timestamp': '1e9' },
      body,
      at: now,
      result: { ok: false, reason: 'missing_headers' },
    },
  ])('$what → $result.ok', ({ headers, body: received, at, result }) => {
    expect(verifyWebhookSignature({ secret, headers, body: received, now: at })).toMatchObject(result);
  });

  it('refuses a signature made with another secret', () => {
    const other = signWebhook({ secret: generateWebhookSecret(), id, body, now });
    expect(verifyWebhookSignature({ secret, headers: other, body, now })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('reads a fetch Headers object, and honours a custom tolerance', () => {
    const headers = new Headers(signed);
    expect(verifyWebhookSignature({ secret, headers, body, now: later(60) }).ok).toBe(true);
    expect(verifyWebhookSignature({ secret, headers, body, now: later(60), toleranceSeconds: 30 })).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
  });
});
