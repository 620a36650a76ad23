import { sql } from 'kysely';
import type { DeliverEmailDeps } from '../../src/app/emails/deliver-outgoing-email.ts';
import { createOrganization } from '../../src/app/organizations/create-organization.ts';
import type { EventLog } from '../../src/core/event-log.ts';
import type { DatabaseHandle, DatabaseKind } from '../../src/db/connect-database.ts';
import type { DocumentRenderer } from '../../src/documents/document-renderer.ts';
import { buildApp } from '../../src/http/build-app.ts';
import type { MetricsRouteOptions } from '../../src/http/operations/metrics-routes.ts';
import {
  createJobQueue,
  jobSender,
  QUEUE_POLICIES,
  type QueuePolicies,
  startJobQueue,
} from '../../src/jobs/job-queue.ts';
import type { Mailer } from '../../src/mail/mailer.ts';
import type { PaymentProviderFactory } from '../../src/payments/payment-provider.ts';
import { type EmailWorkerDeps, registerEmailWorkers } from '../../src/workers/email-workers.ts';
import { registerPaymentWorkers } from '../../src/workers/payment-workers.ts';
import { openTestDatabase } from './test-database.ts';
import { defaultDatabaseKind } from './test-env.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests read responses field by field; the assertions are the type check.
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

export interface TestOrganization {
  id: string;
  key: string;
}

/** A Belgian, French-speaking organization with an IBAN and a late-fee policy: what the tests bill from. */
export function belgianTestOrganization(legalName: string) {
  return {
    legalName,
    country: 'BE',
    timeZone: 'Europe/Brussels',
    defaultLanguage: 'fr',
    defaultCurrency: 'EUR',
    iban: 'BE71 0961 2345 6769',
    lateFeePolicy: {
      lateFeeBp: 1000,
      lateFeeMinimumMinor: 5000,
      annualInterestRateBp: 800,
      fixedCompensationB2B: true,
    },
  };
}

/** The real app on a real test database, with two organizations and their API keys. */
export async function createApiHarness(
  options: {
    kind?: DatabaseKind;
    now?: () => Date;
    log?: EventLog;
    /** Queue retry policies (tests of retries shorten them). */
    policies?: QueuePolicies;
    /** How often pg-boss looks for jobs whose worker died (tests of crashes lower it). */
    superviseIntervalSeconds?: number;
    /** Payment provider adapters (pointed at fake servers). */
    providers?: PaymentProviderFactory;
    /** The PDF renderer (default: pdfkit in the test process). */
    renderer?: DocumentRenderer;
    /** Serve `/metrics` from this registry and feed its request histogram. */
    metrics?: MetricsRouteOptions;
    /** Webhook endpoints may be saved with loopback hosts (tests with a receiver on 127.0.0.1). */
    allowPrivateWebhookAddresses?: boolean;
  } = {},
) {
  const database: DatabaseHandle = await openTestDatabase(options.kind ?? defaultDatabaseKind());
  const jobOptions = {
    pollingIntervalSeconds: 0.5,
    batchSize: 10,
    concurrency: 1,
    poolSize: 2,
    ...(options.superviseIntervalSeconds
      ? { superviseIntervalSeconds: options.superviseIntervalSeconds }
      : {}),
  };
  const policies = options.policies ?? QUEUE_POLICIES;
  const boss = createJobQueue(database, jobOptions);
  // Errors of the queue's own background work (e.g. its pool losing a connection) must not crash the test
  // process; no test depends on them.
  boss.on('error', () => {});
  await startJobQueue(boss, policies);
  const appSecret = 'test-secret-0123456789abcdef0123456789abcdef';
  const app = await buildApp({
    db: database.db,
    appSecret,
    jobs: jobSender(boss),
    clock: options.now ?? (() => new Date('2026-05-30T10:00:00Z')),
    publicBaseUrl: 'http://portal.test',
    mailFrom: 'invoices@portal.test',
    ...(options.log ? { log: options.log } : {}),
    ...(options.providers ? { providers: options.providers } : {}),
    ...(options.renderer ? { renderer: options.renderer } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    allowPrivateWebhookAddresses: options.allowPrivateWebhookAddresses ?? false,
  });
  const silentLog: EventLog = { info: () => {}, warn: () => {} };
  const mailers: Mailer[] = [];

  /** Starts the e-mail workers (sending and comment notifications) of this harness, sending with `mailer`. */
  async function startEmailWorkers(
    mailer: Mailer,
    extra: { afterAccepted?: DeliverEmailDeps['afterAccepted']; metrics?: EmailWorkerDeps['metrics'] } = {},
  ): Promise<void> {
    mailers.push(mailer);
    await registerEmailWorkers(
      boss,
      {
        db: database.db,
        mailer,
        jobs: jobSender(boss),
        log: options.log ?? silentLog,
        clock: () => new Date(),
        mailFrom: 'invoices@portal.test',
        mail: { publicBaseUrl: 'http://portal.test', appSecret, mailFrom: 'invoices@portal.test' },
        ...extra,
      },
      { options: jobOptions, policies },
    );
  }
  const makeOrg = async (name: string) => {
    const created = await createOrganization(database.db, {
      organization: belgianTestOrganization(name),
      admin: {
        name: `${name} admin`,
        email: `admin@${name.toLowerCase().replace(/\W+/g, '')}.example`,
        language: 'fr',
      },
      actor: 'test',
    });
    return { id: created.organization.id, key: created.apiKey };
  };
  const a = await makeOrg('Alpha SRL');
  const b = await makeOrg('Beta BV');

  // biome-ignore lint/suspicious/noExplicitAny: see ApiResponse.
  async function request<T = any>(
    key: string | null,
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const response = await app.inject({
      method: method as 'GET',
      url,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body as string }),
    });
    const text = response.body;
    return {
      status: response.statusCode,
      body: text && response.headers['content-type']?.toString().includes('json') ? JSON.parse(text) : text,
      headers: response.headers,
    };
  }

  /** A digest of every row of every table (optionally one organization's rows): equal digests, nothing written. */
  async function fingerprint(organizationId?: string): Promise<string> {
    const tables = await sql<{ table_name: string; tenant: boolean }>`
      select t.table_name, exists (
        select 1 from information_schema.columns c
        where c.table_schema = 'public' and c.table_name = t.table_name and c.column_name = 'organization_id'
      ) as tenant
      from information_schema.tables t
      where t.table_schema = 'public' and t.table_type = 'BASE TABLE' and t.table_name <> 'kysely_migration_lock'
        -- Rate-limit counters count requests, refused ones too: not a change a request makes.
        and t.table_name <> 'rate_limit_counters'
      order by t.table_name`.execute(database.db);
    // One statement digests every table (one round trip rather than one per table).
    const digests = tables.rows.map(({ table_name, tenant }) => {
      const column = table_name === 'organizations' ? 'id' : 'organization_id';
      // Tables of no tenant (migrations, sign-in requests) are digested whole.
      const hasColumn = table_name === 'organizations' || tenant;
      const filter =
        organizationId && hasColumn ? sql`where t.${sql.ref(column)} = ${organizationId}` : sql``;
      // A session's use moves its idle expiry (at most once a minute): not a change a request makes.
      // Likewise an API key's use moves its `last_used_at` (at most once a minute).
      const source =
        table_name === 'admin_sessions'
          ? sql`(select id_hash, organization_id, admin_user_id, created_at, expires_at, revoked_at from admin_sessions)`
          : table_name === 'api_keys'
            ? sql`(select id, organization_id, name, prefix, key_hash, created_at, revoked_at from api_keys)`
            : sql.table(table_name);
      return sql`select ${table_name}::text as name, count(*)::int as n,
        md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest
        from ${source} t ${filter}`;
    });
    if (digests.length === 0) return '';
    const rows = await sql<{
      name: string;
      digest: string;
      n: number;
    }>`${sql.join(digests, sql` union all `)}`.execute(database.db);
    const byName = new Map(rows.rows.map((row) => [row.name, row]));
    const parts = tables.rows.map(({ table_name }) => {
      const row = byName.get(table_name);
      return `${table_name}:${row?.n}:${row?.digest}`;
    });
    return parts.join('\n');
  }

  return {
    database,
    app,
    boss,
    appSecret,
    a,
    b,
    request,
    fingerprint,
    startEmailWorkers,
    /** Starts the payment workers (applying provider events, queueing payment e-mails). */
    async startPaymentWorkers(): Promise<void> {
      await registerPaymentWorkers(
        boss,
        {
          db: database.db,
          jobs: jobSender(boss),
          clock: options.now ?? (() => new Date()),
          appSecret,
          publicBaseUrl: 'http://portal.test',
          providers: options.providers ?? {
            connect: () => {
              throw new Error('no provider adapters in this harness');
            },
          },
          mail: { publicBaseUrl: 'http://portal.test', appSecret, mailFrom: 'invoices@portal.test' },
        },
        { options: jobOptions },
      );
    },
    async close() {
      await app.close();
      await boss.stop({ graceful: false });
      for (const mailer of mailers) await mailer.close();
      await database.close();
    },
  };
}

export type ApiHarness = Awaited<ReturnType<typeof createApiHarness>>;
