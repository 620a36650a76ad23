import { type Kysely, sql } from 'kysely';

/**
 * Rate limits shared by every process (issue 13): the bad-portal-link limit and the limit on unsigned
 * payment-provider notices count here, so N processes behind a load balancer hold one limit, not N.
 *
 * - `rate_limit_counters`: one row per bucket (what is limited), client key (an HMAC of the client's
 *   address under APP_SECRET: no address is stored) and fixed window; `hits` counts the window's requests
 *   and `expires_at` is the window's end, after which the row counts for nothing and may be deleted.
 *
 * UNLOGGED: the counters are written on hot paths and are worth nothing after a crash, so they skip the
 * write-ahead log (PostgreSQL empties an unlogged table after a crash and does not copy it to standbys; a
 * limit then starts again from zero, which is harmless). PGlite accepts UNLOGGED too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create unlogged table rate_limit_counters (
      bucket text not null,
      key_hmac text not null,
      window_start timestamptz not null,
      expires_at timestamptz not null,
      hits integer not null,
      primary key (bucket, key_hmac, window_start)
    )`.execute(db);
  await sql`create index rate_limit_counters_expiry on rate_limit_counters (expires_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table rate_limit_counters`.execute(db);
}
