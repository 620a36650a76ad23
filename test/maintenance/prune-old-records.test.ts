import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { retryOutgoingEmail } from '../../src/app/emails/retry-outgoing-email.ts';
import { pruneOldRecords } from '../../src/app/maintenance/prune-old-records.ts';
import { sealWebhookSecret } from '../../src/app/webhooks/webhook-secret-box.ts';
import type { EventLog } from '../../src/core/event-log.ts';
import {
  countRateLimitHits,
  type RateLimitWindow,
  recordRateLimitHit,
} from '../../src/db/repositories/rate-limit.repository.ts';
import type { Db } from '../../src/db/transaction.ts';
import { jobSender } from '../../src/jobs/job-queue.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * Retention on both databases: what is older than its window is pruned, what is newer is kept, nothing
 * still in flight is touched, an e-mail keeps its row without its body, and the records of the business
 * (invoices, payments, credit notes, comments, the audit trail) are exactly as they were.
 */

const NOW = new Date('2026-12-01T03:17:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 60 * 60 * 1000);
const RETENTION = { emailBodyDays: 90, webhookDeliveryDays: 30, providerEventDays: 90 };
const KEPT_TABLES = [
  'invoices',
  'invoice_lines',
  'payments',
  'credit_notes',
  'comments',
  'audit_events',
] as const;

async function countRows(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of KEPT_TABLES) {
    const row = await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    counts[table] = Number(row.rows[0]?.n);
  }
  return counts;
}

function recordingLog() {
  const lines: string[] = [];
  const log: EventLog = { info: (_data, message) => lines.push(message), warn: () => {} };
  return { lines, log };
}

describe.each(contractDatabaseKinds())('pruneOldRecords (%s)', (kind) => {
  let h: ApiHarness;
  let db: Db;
  let organizationId = '';
  let adminUserId = '';
  let endpointId = '';

  beforeAll(async () => {
    h = await createApiHarness({ kind });
    db = h.database.db;
    organizationId = h.a.id;
    // Invoices, payments, credit notes and comments to leave alone.
    await seedDemo(db, { today: '2026-12-01', now: NOW, actor: 'test' });
    const admin = await db
      .selectFrom('admin_users')
      .select('id')
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow();
    adminUserId = admin.id;
    const endpoint = await db
      .insertInto('webhook_endpoints')
      .values({
        organization_id: organizationId,
        url: 'https://hooks.example.com/in',
        description: null,
        events: ['invoice.paid'],
        enabled: true,
        secret_encrypted: sealWebhookSecret(h.appSecret, organizationId, 'whsec_dGVzdA=='),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    endpointId = endpoint.id;
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  async function email(status: 'queued' | 'sent' | 'failed', at: Date) {
    const row = await db
      .insertInto('outgoing_emails')
      .values({
        organization_id: organizationId,
        invoice_id: null,
        kind: 'sign-in',
        dedupe_key: null,
        message_id: `<${randomUUID()}@portal.test>`,
        from_name: 'Alpha SRL',
        reply_to: null,
        to_addresses: ['someone@example.com'],
        language: 'en',
        subject: `Subject ${status}`,
        text_body: 'The text',
        html_body: '<p>The text</p>',
        attachments: JSON.stringify([{ kind: 'logo' }]),
        status,
        queued_at: at,
        sent_at: status === 'sent' ? at : null,
        failed_at: status === 'failed' ? at : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function delivery(status: 'pending' | 'delivered' | 'failed', at: Date) {
    const row = await db
      .insertInto('webhook_deliveries')
      .values({
        organization_id: organizationId,
        endpoint_id: endpointId,
        event_id: randomUUID(),
        event_type: 'invoice.paid',
        body: '{}',
        status,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function providerEvent(state: 'applied' | 'waiting' | 'gave_up', at: Date) {
    const row = await db
      .insertInto('provider_events')
      .values({
        organization_id: organizationId,
        provider: 'stripe',
        event_id: `evt_${randomUUID()}`,
        event_type: 'checkout.session.completed',
        checkout_id: null,
        payment_id: null,
        received_at: at,
        applied_at: state === 'applied' ? at : null,
        outcome: state === 'applied' ? 'paid' : state === 'gave_up' ? 'gave_up' : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function session(ends: { revoked?: Date; expires: Date; idle: Date }) {
    const idHash = randomUUID();
    await db
      .insertInto('admin_sessions')
      .values({
        id_hash: idHash,
        organization_id: organizationId,
        admin_user_id: adminUserId,
        created_at: daysAgo(40),
        last_seen_at: daysAgo(1),
        idle_expires_at: ends.idle,
        expires_at: ends.expires,
        revoked_at: ends.revoked ?? null,
        user_agent: null,
      })
      .execute();
    return idHash;
  }

  it('prunes what is past its window, keeps the rest, and leaves the business records alone', async () => {
    const oldSent = await email('sent', daysAgo(91));
    const oldFailed = await email('failed', daysAgo(120));
    const oldQueued = await email('queued', daysAgo(200));
    const recentSent = await email('sent', daysAgo(89));

    const oldDelivered = await delivery('delivered', daysAgo(31));
    const oldFailedDelivery = await delivery('failed', daysAgo(45));
    const oldPending = await delivery('pending', daysAgo(60));
    const recentDelivered = await delivery('delivered', daysAgo(29));

    const oldApplied = await providerEvent('applied', daysAgo(91));
    const oldGaveUp = await providerEvent('gave_up', daysAgo(100));
    const oldWaiting = await providerEvent('waiting', daysAgo(100));
    const recentApplied = await providerEvent('applied', daysAgo(80));

    const revoked = await session({ revoked: daysAgo(2), expires: daysAgo(-20), idle: daysAgo(-1) });
    const expired = await session({ expires: daysAgo(1), idle: daysAgo(2) });
    const idle = await session({ expires: daysAgo(-20), idle: daysAgo(0.5) });
    const live = await session({ expires: daysAgo(-20), idle: daysAgo(-0.25) });

    const tokenOf = (hash: string, expires: Date) =>
      db
        .insertInto('admin_sign_in_tokens')
        .values({
          token_hash: hash,
          organization_id: organizationId,
          admin_user_id: adminUserId,
          created_at: new Date(expires.getTime() - 15 * 60_000),
          expires_at: expires,
          used_at: null,
        })
        .execute();
    await tokenOf('expired-token', daysAgo(1));
    await tokenOf('valid-token', new Date(NOW.getTime() + 10 * 60_000));
    const challengeOf = (hash: string, expires: Date) =>
      db
        .insertInto('admin_passkey_challenges')
        .values({
          challenge_hash: hash,
          purpose: 'sign-in',
          organization_id: null,
          admin_user_id: null,
          client_key: 'client',
          created_at: new Date(expires.getTime() - 5 * 60_000),
          expires_at: expires,
        })
        .execute();
    await challengeOf('expired-challenge', new Date(NOW.getTime() - 60_000));
    await challengeOf('valid-challenge', new Date(NOW.getTime() + 60_000));
    await db
      .insertInto('admin_sign_in_requests')
      .values([
        { email_key: 'old', client_key: 'c', created_at: new Date(NOW.getTime() - 2 * 60 * 60_000) },
        { email_key: 'recent', client_key: 'c', created_at: new Date(NOW.getTime() - 5 * 60_000) },
      ])
      .execute();

    const windowOf = (start: Date): RateLimitWindow => ({
      bucket: 'bad-portal-link',
      keyHmac: 'client',
      windowStart: start,
      expiresAt: new Date(start.getTime() + 60_000),
    });
    const endedWindow = windowOf(new Date(NOW.getTime() - 2 * 60_000));
    const currentWindow = windowOf(new Date(NOW.getTime() - 30_000));
    await recordRateLimitHit(db, endedWindow);
    await recordRateLimitHit(db, currentWindow);

    const before = await countRows(db);
    expect(before.invoices).toBeGreaterThan(0);
    expect(before.payments).toBeGreaterThan(0);
    expect(before.audit_events).toBeGreaterThan(0);
    const { lines, log } = recordingLog();
    // Batches of 1 show that the batching goes on until nothing is left.
    const counts = await pruneOldRecords({ db, log }, { now: NOW, retention: RETENTION, batchSize: 1 });

    expect(counts).toEqual({
      emailBodies: 2,
      webhookDeliveries: 2,
      providerEvents: 2,
      sessions: 3,
      signInTokens: 1,
      signInRequests: 1,
      passkeyChallenges: 1,
      rateLimitCounters: 1,
    });
    expect(await countRateLimitHits(db, endedWindow)).toBe(0);
    expect(await countRateLimitHits(db, currentWindow)).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('emailBodies=2 webhookDeliveries=2 providerEvents=2 sessions=3');
    expect(await countRows(db)).toEqual(before);

    const emails = await db
      .selectFrom('outgoing_emails')
      .select([
        'id',
        'subject',
        'status',
        'message_id',
        'text_body',
        'html_body',
        'attachments',
        'body_pruned_at',
      ])
      .where('id', 'in', [oldSent, oldFailed, oldQueued, recentSent])
      .execute();
    const byId = new Map(emails.map((row) => [row.id, row]));
    for (const id of [oldSent, oldFailed]) {
      expect(byId.get(id)).toMatchObject({
        text_body: '',
        html_body: null,
        attachments: [],
        body_pruned_at: NOW,
      });
      expect(byId.get(id)?.message_id).toMatch(/@portal\.test>$/);
    }
    expect(byId.get(oldSent)?.subject).toBe('Subject sent');
    for (const id of [oldQueued, recentSent]) {
      expect(byId.get(id)).toMatchObject({
        text_body: 'The text',
        html_body: '<p>The text</p>',
        body_pruned_at: null,
      });
    }

    const deliveries = await db.selectFrom('webhook_deliveries').select('id').execute();
    const deliveryIds = deliveries.map((row) => row.id);
    expect(deliveryIds).toEqual(expect.arrayContaining([oldPending, recentDelivered]));
    expect(deliveryIds).not.toContain(oldDelivered);
    expect(deliveryIds).not.toContain(oldFailedDelivery);

    const events = (await db.selectFrom('provider_events').select('id').execute()).map((row) => row.id);
    expect(events).toEqual(expect.arrayContaining([oldWaiting, recentApplied]));
    expect(events).not.toContain(oldApplied);
    expect(events).not.toContain(oldGaveUp);

    const sessions = (await db.selectFrom('admin_sessions').select('id_hash').execute()).map(
      (r) => r.id_hash,
    );
    expect(sessions).toContain(live);
    for (const ended of [revoked, expired, idle]) expect(sessions).not.toContain(ended);
    expect(
      (await db.selectFrom('admin_sign_in_tokens').select('token_hash').execute()).map((r) => r.token_hash),
    ).toEqual(['valid-token']);
    expect(
      (await db.selectFrom('admin_passkey_challenges').select('challenge_hash').execute()).map(
        (r) => r.challenge_hash,
      ),
    ).toEqual(['valid-challenge']);
    expect(
      (await db.selectFrom('admin_sign_in_requests').select('email_key').execute()).map((r) => r.email_key),
    ).toEqual(['recent']);

    // A failed message whose body is gone cannot be sent again: there is nothing left to send.
    const retried = await retryOutgoingEmail(
      { db, jobs: jobSender(h.boss) },
      { organizationId, emailId: oldFailed, actor: 'test' },
    );
    expect(retried).toMatchObject({ ok: false, code: 'EMAIL_NOT_RETRYABLE' });

    // A second run finds nothing more, and 0 days keeps everything for ever.
    const again = await pruneOldRecords({ db, log }, { now: NOW, retention: RETENTION });
    expect(Object.values(again).every((n) => n === 0)).toBe(true);
    await email('sent', daysAgo(5000));
    const forever = await pruneOldRecords(
      { db, log },
      { now: NOW, retention: { emailBodyDays: 0, webhookDeliveryDays: 0, providerEventDays: 0 } },
    );
    expect(forever.emailBodies).toBe(0);
  });

  it('stops a run after its batch budget and leaves the rest for the next run', async () => {
    for (let i = 0; i < 5; i += 1) await delivery('delivered', daysAgo(40 + i));
    const { log } = recordingLog();
    const first = await pruneOldRecords(
      { db, log },
      { now: NOW, retention: RETENTION, batchSize: 2, maxBatches: 2 },
    );
    expect(first.webhookDeliveries).toBe(4);
    const second = await pruneOldRecords(
      { db, log },
      { now: NOW, retention: RETENTION, batchSize: 2, maxBatches: 2 },
    );
    expect(second.webhookDeliveries).toBe(1);
  });
});
