import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientRateLimit } from '../../src/app/rate-limits/client-rate-limit.ts';
import { type DatabaseHandle, openDatabase } from '../../src/db/connect-database.ts';
import {
  countRateLimitHits,
  deleteExpiredRateLimitCounters,
  recordRateLimitHit,
} from '../../src/db/repositories/rate-limit.repository.ts';
import { buildApp } from '../../src/http/build-app.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

const SECRET = 'rate-limit-test-secret-0123456789abcdef';
const policy = { bucket: 'test-bucket', limit: 3, windowSeconds: 60 };
/** 10:00:05 UTC: 55 s left in its minute window. */
const at = (seconds: number) => new Date(Date.UTC(2026, 11, 8, 10, 0, 5 + seconds));

describe.each(contractDatabaseKinds())('shared rate limits [%s]', (kind) => {
  let database: DatabaseHandle;
  /** A second connection pool to the same database, as a second process has (PostgreSQL only). */
  let other: DatabaseHandle | null = null;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    if (database.connectionString)
      other = await openDatabase({ databaseUrl: database.connectionString, poolSize: 4 });
  });
  afterAll(async () => {
    await other?.close();
    await database?.close();
  });

  it('keeps its counters in an unlogged table', async () => {
    const row = await sql<{ relpersistence: string }>`
      select relpersistence from pg_class where relname = 'rate_limit_counters'`.execute(database.db);
    expect(row.rows).toEqual([{ relpersistence: 'u' }]);
  });

  it('blocks an address past the limit until its window ends, counting hits from every process', async () => {
    const here = clientRateLimit({ db: database.db, appSecret: SECRET }, policy);
    const there = clientRateLimit({ db: (other ?? database).db, appSecret: SECRET }, policy);
    expect(await here.blockedFor('198.51.100.1', at(0))).toBe(0);
    expect(await here.hit('198.51.100.1', at(0))).toBe(0);
    expect(await there.hit('198.51.100.1', at(1))).toBe(0);
    expect(await here.blockedFor('198.51.100.1', at(2))).toBe(0);
    expect(await there.hit('198.51.100.1', at(2))).toBe(0);
    // Three hits, two of them from the other pool: blocked on both, until the window's end (10:01:00).
    expect(await here.blockedFor('198.51.100.1', at(3))).toBe(52);
    expect(await there.blockedFor('198.51.100.1', at(3))).toBe(52);
    expect(await here.hit('198.51.100.1', at(4))).toBe(51);
    expect(await here.blockedFor('198.51.100.2', at(4))).toBe(0);
    expect(await there.blockedFor('198.51.100.1', at(55))).toBe(0);
  });

  it('counts every one of many simultaneous hits', async () => {
    const pools = [database, other ?? database];
    const limits = pools.map((p) => clientRateLimit({ db: p.db, appSecret: SECRET }, policy));
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => limits[i % 2]?.hit('203.0.113.9', at(10)) ?? 0),
    );
    expect(answers.filter((wait) => wait === 0)).toHaveLength(policy.limit);
    const rows = await sql<{ hits: number }>`
      select hits from rate_limit_counters where bucket = ${policy.bucket} and window_start = ${new Date(Date.UTC(2026, 11, 8, 10, 0, 0))}
      order by hits desc`.execute(database.db);
    expect(rows.rows.map((r) => r.hits)).toContain(40);
  });

  it('stores an HMAC of the address, never the address', async () => {
    const limit = clientRateLimit({ db: database.db, appSecret: SECRET }, { ...policy, bucket: 'hmac-test' });
    await limit.hit('192.0.2.123', at(0));
    const rows = await sql<{ dump: string; key_hmac: string }>`
      select t::text as dump, key_hmac from rate_limit_counters t where bucket = 'hmac-test'`.execute(
      database.db,
    );
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]?.key_hmac).toMatch(/^[0-9a-f]{64}$/);
    expect(rows.rows[0]?.dump).not.toContain('192.0.2.123');
  });

  it('deletes expired windows a bounded number at a time, never a live one', async () => {
    const bucket = `prune-${randomUUID()}`;
    await sql`delete from rate_limit_counters`.execute(database.db);
    for (let i = 0; i < 45; i++) {
      const start = new Date(Date.UTC(2026, 0, 1, 0, i));
      await recordRateLimitHit(database.db, {
        bucket,
        keyHmac: `k${i}`,
        windowStart: start,
        expiresAt: new Date(start.getTime() + 60_000),
      });
    }
    const live = { bucket, keyHmac: 'live', windowStart: at(0), expiresAt: at(55) };
    await recordRateLimitHit(database.db, live);
    expect(await deleteExpiredRateLimitCounters(database.db, at(1), 20)).toBe(20);
    expect(await deleteExpiredRateLimitCounters(database.db, at(1), 20)).toBe(20);
    expect(await deleteExpiredRateLimitCounters(database.db, at(1), 20)).toBe(5);
    expect(await deleteExpiredRateLimitCounters(database.db, at(1), 20)).toBe(0);
    expect(await countRateLimitHits(database.db, live)).toBe(1);
    // Each counted hit cleans its share: old windows of a busy limit do not pile up.
    const limit = clientRateLimit({ db: database.db, appSecret: SECRET }, { ...policy, bucket });
    await limit.hit('198.51.100.50', at(0));
    await limit.hit('198.51.100.50', at(61));
    const left = await sql<{ n: number }>`
      select count(*)::int as n from rate_limit_counters where bucket = ${bucket}`.execute(database.db);
    expect(left.rows[0]?.n).toBe(1);
  });

  it('answers unsigned provider notices (Mollie, demo) past the per-address limit with 429 and Retry-After; Stripe’s are not limited', async () => {
    const app = await buildApp({
      db: database.db,
      appSecret: SECRET,
      clock: () => at(0),
      publicBaseUrl: 'http://portal.test',
      unsignedNoticesPerMinute: 3,
    });
    try {
      const post = (provider: string, ip: string) =>
        app.inject({
          method: 'POST',
          url: `/webhooks/${provider}/${randomUUID()}`,
          remoteAddress: ip,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'id=tr_test',
        });
      const ip = '198.51.100.77';
      for (const provider of ['mollie', 'demo', 'mollie'])
        expect((await post(provider, ip)).statusCode).not.toBe(429);
      for (const provider of ['mollie', 'demo']) {
        const refused = await post(provider, ip);
        expect(refused.statusCode).toBe(429);
        expect(refused.headers['retry-after']).toBe('55');
      }
      expect((await post('mollie', '198.51.100.78')).statusCode).not.toBe(429);
      for (let i = 0; i < 6; i++) expect((await post('stripe', ip)).statusCode).not.toBe(429);
    } finally {
      await app.close();
    }
  });
});
