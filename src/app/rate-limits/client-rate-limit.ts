import { createHmac } from 'node:crypto';
import {
  countRateLimitHits,
  deleteExpiredRateLimitCounters,
  type RateLimitWindow,
  recordRateLimitHit,
} from '../../db/repositories/rate-limit.repository.ts';
import type { Db } from '../../db/transaction.ts';

/** What is limited, how many requests a client address may make, and per how many seconds. */
export interface RateLimitPolicy {
  /** The counters' name; one limit's counts never mix with another's. */
  bucket: string;
  limit: number;
  windowSeconds: number;
}

/** Bad portal links (unknown, forged, rotated, revoked): 10 a minute per address, then 429 on every link. */
export const BAD_PORTAL_LINKS: RateLimitPolicy = { bucket: 'bad-portal-link', limit: 10, windowSeconds: 60 };

/**
 * Unsigned payment-provider notices (Mollie, demo) a client address may post a minute, unless configured.
 * Generous: every organization's Mollie notices come from Mollie's few addresses, and one answered 429 is
 * sent again later by the provider.
 */
export const DEFAULT_UNSIGNED_NOTICES_PER_MINUTE = 600;

/** Unsigned payment-provider notices (Mollie, demo) per address and minute; the limit is configured. */
export const unsignedProviderNotices = (perMinute: number): RateLimitPolicy => ({
  bucket: 'unsigned-provider-notice',
  limit: perMinute,
  windowSeconds: 60,
});

/** Counters deleted at most per counted hit: each request cleans a bounded share of expired windows. */
const PRUNE_PER_HIT = 20;

/**
 * A limit on requests per client address, counted in PostgreSQL so every process shares it (the port the
 * HTTP routes hold). Windows are fixed (aligned to the epoch): a client over the limit waits until its
 * window ends; across a window's edge it can make at most twice the limit in a short burst, which none of
 * our limits needs to prevent.
 */
export interface ClientRateLimit {
  /** Seconds until the address may try again, or 0 when it is not blocked. Counts nothing. */
  blockedFor(address: string, now: Date): Promise<number>;
  /**
   * Counts one request of the address. Returns the seconds it must wait when this request was over the
   * limit, else 0.
   */
  hit(address: string, now: Date): Promise<number>;
}

/**
 * The rate limit of a policy over the database. Addresses are counted by their HMAC under APP_SECRET, as
 * the sign-in limits do, so the counters hold no address.
 */
export function clientRateLimit(
  deps: { db: Db; appSecret: string },
  policy: RateLimitPolicy,
): ClientRateLimit {
  const windowMs = policy.windowSeconds * 1000;
  const windowOf = (address: string, now: Date): RateLimitWindow => {
    const start = Math.floor(now.getTime() / windowMs) * windowMs;
    return {
      bucket: policy.bucket,
      keyHmac: createHmac('sha256', deps.appSecret)
        .update(`rate-limit:v1\u0000${policy.bucket}\u0000${address}`, 'utf8')
        .digest('hex'),
      windowStart: new Date(start),
      expiresAt: new Date(start + windowMs),
    };
  };
  const waitUntil = (window: RateLimitWindow, now: Date) =>
    Math.max(1, Math.ceil((window.expiresAt.getTime() - now.getTime()) / 1000));
  return {
    async blockedFor(address, now) {
      const window = windowOf(address, now);
      const hits = await countRateLimitHits(deps.db, window);
      return hits >= policy.limit ? waitUntil(window, now) : 0;
    },
    async hit(address, now) {
      const window = windowOf(address, now);
      const hits = await recordRateLimitHit(deps.db, window);
      await deleteExpiredRateLimitCounters(deps.db, now, PRUNE_PER_HIT);
      return hits > policy.limit ? waitUntil(window, now) : 0;
    },
  };
}
