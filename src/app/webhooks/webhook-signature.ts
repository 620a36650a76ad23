import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures as the Standard Webhooks specification defines them (https://www.standardwebhooks.com):
 *
 * - the secret is `whsec_` + base64 of 32 random bytes; the HMAC key is those bytes;
 * - `webhook-id` is the event id (the same on every retry, so a receiver can drop duplicates);
 * - `webhook-timestamp` is the attempt's time in unix seconds;
 * - `webhook-signature` is `v1,` + base64 HMAC-SHA256(key, `${id}.${timestamp}.${body}`); several
 *   space-separated signatures may be sent, one verifying is enough.
 *
 * Any Standard Webhooks library (e.g. the `standardwebhooks` npm package) verifies what we send.
 */

const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;

/** A new signing secret, `whsec_<base64 of 32 random bytes>`. */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) throw new Error('webhook secret is empty');
  return key;
}

function signature(secret: string, id: string, timestamp: number, body: string): string {
  return createHmac('sha256', secretKey(secret))
    .update(`${id}.${timestamp}.${body}`, 'utf8')
    .digest('base64');
}

export type SignedWebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/**
 * The signature headers of one attempt. `body` must be the exact bytes sent.
 *
 * @example
 * const headers = signWebhook({ secret, id: event.id, body, now: new Date() });
 * await fetch(url, { method: 'POST', body, headers: { ...headers, 'content-type': 'application/json' } });
 */
export function signWebhook(input: {
  secret: string;
  id: string;
  body: string;
  now: Date;
}): SignedWebhookHeaders {
  const timestamp = Math.floor(input.now.getTime() / 1000);
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `v1,${signature(input.secret, input.id, timestamp, input.body)}`,
  };
}

export type WebhookVerification =
  | { ok: true; id: string; timestamp: number }
  | { ok: false; reason: 'missing_headers' | 'stale_timestamp' | 'bad_signature' };

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Checks a received webhook: the timestamp is within `toleranceSeconds` of `now` (either way, so a
 * captured request cannot be replayed later), and one of the `v1` signatures matches, compared in
 * constant time. `body` must be the raw request body, before any JSON parsing.
 */
export function verifyWebhookSignature(input: {
  secret: string;
  headers: HeaderSource;
  body: string;
  now: Date;
  toleranceSeconds?: number;
}): WebhookVerification {
  const id = header(input.headers, 'webhook-id');
  const timestampText = header(input.headers, 'webhook-timestamp');
  const signatures = header(input.headers, 'webhook-signature');
  if (!id || !timestampText || !signatures || !/^\d{1,12}$/.test(timestampText)) {
    return { ok: false, reason: 'missing_headers' };
  }
  const timestamp = Number(timestampText);
  const tolerance = input.toleranceSeconds ?? 300;
  if (Math.abs(input.now.getTime() / 1000 - timestamp) > tolerance)
    return { ok: false, reason: 'stale_timestamp' };
  const expected = Buffer.from(signature(input.secret, id, timestamp, input.body), 'base64');
  for (const candidate of signatures.split(' ')) {
    const [version, value] = candidate.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected))
      return { ok: true, id, timestamp };
  }
  return { ok: false, reason: 'bad_signature' };
}
