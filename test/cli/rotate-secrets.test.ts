import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { sealCredentials } from '../../src/app/payments/payment-providers.ts';
import { secretKeyId } from '../../src/app/secrets/secret-box.ts';
import { createWebhookEndpoint } from '../../src/app/webhooks/create-webhook-endpoint.ts';
import { openWebhookSecret } from '../../src/app/webhooks/webhook-secret-box.ts';
import { secretRing } from '../../src/core/secret-ring.ts';
import { type DatabaseKind, openDatabase } from '../../src/db/connect-database.ts';
import { contractDatabaseKinds, testDatabaseUrl, withDatabase } from '../support/test-env.ts';

/** `rotate-secrets` as an operator runs it, in its own process, on an embedded database and on PostgreSQL. */

const OLD = 'old-app-secret-0123456789abcdef0123456789abcdef';
const NEW = 'new-app-secret-fedcba9876543210fedcba9876543210';
const UNKNOWN = 'lost-app-secret-0123456789abcdef0123456789abcd';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** An empty database of the kind, as the environment variables that point the CLI at it. */
async function emptyDatabase(kind: DatabaseKind): Promise<Record<string, string>> {
  if (kind === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'invoice-portal-rotate-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    return { DATA_DIR: dataDir, DATABASE_URL: '' };
  }
  const url = testDatabaseUrl() ?? '';
  const name = `invoice_portal_rotate_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const dropper = new pg.Client({ connectionString: url });
    await dropper.connect();
    await dropper.query(`drop database if exists ${name} with (force)`);
    await dropper.end();
  });
  return { DATABASE_URL: withDatabase(url, name), DATA_DIR: tmpdir() };
}

function cli(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    env: { ...process.env, APP_SECRET: '', APP_SECRET_PREVIOUS: '', LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

/** Runs `work` on the database while no CLI process holds it (an embedded database has one user at a time). */
async function withDb<T>(
  env: Record<string, string>,
  work: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>,
) {
  const database = await openDatabase(
    env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL, poolSize: 2 } : { dataDir: env.DATA_DIR ?? '' },
  );
  try {
    return await work(database.db);
  } finally {
    await database.close();
  }
}

describe.each(contractDatabaseKinds())('rotate-secrets [%s]', (kind) => {
  it('re-encrypts with the new secret once, names what no key opens and leaves it, then lets the old secret go', async () => {
    const env = await emptyDatabase(kind);
    const created = cli(
      [
        'create-organization',
        ...['--name', 'Rotation SRL', '--country', 'BE', '--time-zone', 'Europe/Brussels'],
        ...[
          '--language',
          'en',
          '--currency',
          'EUR',
          '--admin-name',
          'Ann',
          '--admin-email',
          'ann@rotation.example',
        ],
      ],
      { ...env, APP_SECRET: OLD },
    );
    expect(created.stderr).toBe('');
    const organizationId = /Organization: ([0-9a-f-]{36})/.exec(created.stdout)?.[1] ?? '';

    // Under the old secret: a webhook endpoint, and an account sealed with a secret nobody has any more.
    const { endpointId, secret, lostId, lostSealed } = await withDb(env, async (db) => {
      const endpoint = await createWebhookEndpoint(
        { db, appSecret: OLD },
        {
          organizationId,
          endpoint: { url: 'https://receiver.example/hooks', events: ['comment.created'], enabled: true },
          actor: 'test',
        },
      );
      if (!endpoint.ok) throw new Error(endpoint.code);
      const sealed = sealCredentials(UNKNOWN, organizationId, { provider: 'mollie', apiKey: 'test_lost' });
      const lost = await db
        .insertInto('payment_accounts')
        .values({
          organization_id: organizationId,
          provider: 'mollie',
          credentials_encrypted: sealed,
          account_name: 'Rotation SRL',
          test_mode: true,
          connected_at: new Date(),
          updated_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return {
        endpointId: endpoint.value.endpoint.id,
        secret: endpoint.value.secret,
        lostId: lost.id,
        lostSealed: sealed,
      };
    });

    const rotated = { ...env, APP_SECRET: NEW, APP_SECRET_PREVIOUS: OLD };
    const first = cli(['rotate-secrets'], rotated);
    expect(first.status).toBe(1);
    expect(first.stdout).toContain(
      `with APP_SECRET (key ${secretKeyId(NEW)}); 1 previous secret(s) accepted`,
    );
    expect(first.stdout).toMatch(
      /webhook_endpoints\.secret_encrypted\s+re-encrypted 1, already current 0, unreadable 0/,
    );
    expect(first.stdout).toMatch(
      /payment_accounts\.credentials_encrypted\s+re-encrypted 0, already current 0, unreadable 1/,
    );
    expect(first.stderr).toContain(
      'error: 1 stored secret(s) open with neither APP_SECRET nor any APP_SECRET_PREVIOUS',
    );
    expect(first.stderr).toContain(`payment_accounts ${lostId}`);

    await withDb(env, async (db) => {
      const lost = await db
        .selectFrom('payment_accounts')
        .select('credentials_encrypted')
        .where('id', '=', lostId)
        .executeTakeFirstOrThrow();
      expect(lost.credentials_encrypted).toBe(lostSealed);
      // The operator replaces what cannot be opened (here: disconnects the account).
      await db.deleteFrom('payment_accounts').where('id', '=', lostId).execute();
    });

    const second = cli(['rotate-secrets'], rotated);
    expect(second.stderr).toBe('');
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(
      /webhook_endpoints\.secret_encrypted\s+re-encrypted 0, already current 1, unreadable 0/,
    );
    expect(second.stdout).toContain('Every stored secret is sealed with APP_SECRET.');

    // The old secret dropped: the endpoint's secret opens with the new one alone.
    await withDb(env, async (db) => {
      const row = await db
        .selectFrom('webhook_endpoints')
        .select('secret_encrypted')
        .where('id', '=', endpointId)
        .executeTakeFirstOrThrow();
      expect(openWebhookSecret(secretRing(NEW), organizationId, row.secret_encrypted)).toBe(secret);
      expect(() => openWebhookSecret(secretRing(OLD), organizationId, row.secret_encrypted)).toThrow();
    });
  }, 420_000); // four cold CLI processes (120 s each at most: tsx compiles each) and three openings of the database, on busy cores
});
