import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSeed, seedDemo } from '../../src/app/demo/seed-demo.ts';
import { emitWebhookEvent } from '../../src/app/webhooks/emit-webhook-event.ts';
import { webhookEgress } from '../../src/app/webhooks/webhook-egress.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { insertProviderEvent } from '../../src/db/repositories/provider-event.repository.ts';
import { registerMetrics } from '../../src/http/operations/metrics-routes.ts';
import { jobSender, QUEUES } from '../../src/jobs/job-queue.ts';
import { smtpMailer } from '../../src/mail/smtp-mailer.ts';
import { startService } from '../../src/main.ts';
import { registerQueueMetrics } from '../../src/metrics/queue-metrics.ts';
import { createServiceMetrics, type ServiceMetrics } from '../../src/metrics/service-metrics.ts';
import { registerPaymentWorkers } from '../../src/workers/payment-workers.ts';
import { registerWebhookWorker } from '../../src/workers/webhook-worker.ts';
import { FAST_POLICIES } from '../emails/support.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { eventually, type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { contractDatabaseKinds, defaultDatabaseKind } from '../support/test-env.ts';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * Reads Prometheus text exposition format 0.0.4 strictly: every line is empty, a HELP, a TYPE or a sample; every
 * sample belongs to a family whose TYPE came before it; label values are quoted with their escapes.
 * Anything else throws, naming the line.
 */
function parsePrometheusText(text: string): Sample[] {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const familyOf = (name: string) => {
    if (types.has(name)) return name;
    const base = name.replace(/_(bucket|sum|count)$/, '');
    if (base !== name && ['histogram', 'summary'].includes(types.get(base) ?? '')) return base;
    return null;
  };
  const lines = text.split('\n');
  expect(lines.at(-1)).toBe('');
  for (const line of lines.slice(0, -1)) {
    // The format ignores empty lines (prom-client puts one between families).
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(meta[3] ?? ''))
          throw new Error(`bad type: ${line}`);
        types.set(meta[2] ?? '', meta[3] ?? '');
      }
      continue;
    }
    const sample =
      /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\})? (\S+)$/.exec(
        line,
      );
    if (!sample) throw new Error(`not Prometheus text: ${JSON.stringify(line)}`);
    const [, name = '', rawLabels = '', rawValue = ''] = sample;
    if (familyOf(name) === null) throw new Error(`sample before its TYPE: ${line}`);
    // Prometheus reads values with Go's ParseFloat, which takes NaN and Inf in any case (prom-client
    // writes an empty event-loop histogram's mean as `Nan`).
    const special = rawValue.toLowerCase();
    const value =
      special === '+inf' || special === 'inf'
        ? Infinity
        : special === '-inf'
          ? -Infinity
          : special === 'nan'
            ? Number.NaN
            : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(rawValue)
              ? Number(rawValue)
              : undefined;
    if (value === undefined) throw new Error(`bad value: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key = '', raw = ''] of rawLabels.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[key] = raw.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name, labels, value });
  }
  return samples;
}

/** The one sample of `name` whose labels include `labels`, or undefined. */
function sampleValue(
  samples: Sample[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const found = samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

describe.each(contractDatabaseKinds())('Prometheus metrics of the service on %s', (kind) => {
  let h: ApiHarness;
  let sink: SmtpSink;
  let demo: DemoSeed;
  let service: ServiceMetrics;
  const scrape = async () => {
    const response = await h.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    return { response, samples: parsePrometheusText(response.body) };
  };

  beforeAll(async () => {
    sink = await startSmtpSink({ rejectRecipient: (address) => address.startsWith('nobody@') });
    service = createServiceMetrics();
    h = await createApiHarness({
      kind,
      now: () => new Date('2026-11-25T10:00:00Z'),
      policies: FAST_POLICIES,
      // pg-boss's monitor counts the queues each pass; one a second instead of a minute.
      superviseIntervalSeconds: 1,
      metrics: { registry: service.registry, token: null },
    });
    registerQueueMetrics(service.registry, h.boss, { cacheMs: 0 });
    demo = await seedDemo(h.database.db, {
      today: '2026-11-25',
      now: new Date('2026-11-25T09:00:00Z'),
      actor: 'test',
    });
    await h.startEmailWorkers(smtpMailer(sink.url), { metrics: service.metrics });
  });
  afterAll(async () => {
    await h?.close();
    await sink?.stop();
  });

  it('answers Prometheus text with the process defaults, the counters at 0 and every queue', async () => {
    const { response, samples } = await scrape();
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(sampleValue(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sampleValue(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(sampleValue(samples, 'emails_failed_total')).toBe(0);
    expect(sampleValue(samples, 'payment_events_given_up_total')).toBe(0);
    expect(sampleValue(samples, 'webhook_deliveries_failed_total')).toBe(0);
    expect(sampleValue(samples, 'job_queue_read_errors_total')).toBe(0);
    for (const queue of Object.values(QUEUES)) {
      expect(sampleValue(samples, 'job_attempts_failed_total', { queue })).toBe(0);
      for (const state of ['queued', 'deferred', 'active', 'failed'])
        expect(sampleValue(samples, 'job_queue_jobs', { queue, state })).toBeGreaterThanOrEqual(0);
    }
  });

  it('counts requests under their route pattern, with a latency histogram, and never a token or URL', async () => {
    const invoice = demo.cases[0];
    if (!invoice) throw new Error('no demo invoice');
    const link = await h.request(demo.apiKey, 'GET', `/api/v1/invoices/${invoice.invoiceId}/portal-link`);
    expect(link.status).toBe(200);
    const url = new URL(link.body.url);
    const token = /^\/p\/([A-Za-z0-9_-]+)\//.exec(url.pathname)?.[1] ?? '';
    expect(token).toHaveLength(48);
    for (let i = 0; i < 3; i++)
      expect((await h.app.inject({ method: 'GET', url: url.pathname })).statusCode).toBe(200);
    const unknown = await h.app.inject({ method: 'GET', url: `/no-such-page/${token}` });
    expect(unknown.statusCode).toBe(404);

    const { response, samples } = await scrape();
    const page = {
      method: 'GET',
      route: '/p/:token/invoices/:invoiceId',
      status_code: '200',
    };
    expect(sampleValue(samples, 'http_request_duration_seconds_count', page)).toBe(3);
    expect(sampleValue(samples, 'http_request_duration_seconds_bucket', { ...page, le: '+Inf' })).toBe(3);
    expect(sampleValue(samples, 'http_request_duration_seconds_sum', page)).toBeGreaterThan(0);
    const buckets = samples.filter(
      (s) => s.name === 'http_request_duration_seconds_bucket' && s.labels.route === page.route,
    );
    expect(buckets.length).toBeGreaterThan(5);
    expect(buckets.map((b) => b.value)).toEqual(buckets.map((b) => b.value).sort((x, y) => x - y));
    expect(
      sampleValue(samples, 'http_request_duration_seconds_count', {
        method: 'GET',
        route: 'unmatched',
        status_code: '404',
      }),
    ).toBe(1);
    expect(
      sampleValue(samples, 'http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/v1/invoices/:invoiceId/portal-link',
        status_code: '200',
      }),
    ).toBe(1);
    expect(response.body).not.toContain(token);
    expect(response.body).not.toContain(invoice.invoiceId);
    expect(response.body).not.toContain('no-such-page');
    // A route label is a pattern (no token-sized segment) or `unmatched`.
    for (const s of samples.filter((x) => x.name === 'http_request_duration_seconds_count'))
      expect(s.labels.route).toMatch(/^(unmatched|\/([a-z0-9.-]*|:[A-Za-z]+)(\/([a-z0-9.-]*|:[A-Za-z]+))*)$/);
  });

  it('shows the jobs waiting in a queue, as pg-boss counts them', async () => {
    // No worker takes webhook deliveries in this harness: the jobs stay queued.
    const queue = QUEUES.webhookDeliver;
    const before = sampleValue((await scrape()).samples, 'job_queue_jobs', { queue, state: 'queued' });
    expect(before).toBe(0);
    for (let i = 0; i < 3; i++)
      await h.boss.send(queue, { organizationId: demo.organization.id, deliveryId: randomUUID() });
    await eventually(async () => {
      const { samples } = await scrape();
      return sampleValue(samples, 'job_queue_jobs', { queue, state: 'queued' }) === 3;
    }, 'three queued webhook deliveries in job_queue_jobs');
    await h.boss.deleteQueuedJobs(queue);
  });

  it('counts an e-mail the server refuses for good in emails_failed_total, not as a retried attempt', async () => {
    const before = sampleValue((await scrape()).samples, 'emails_failed_total') ?? Number.NaN;
    const invoice = demo.cases.find((c) => c.shows.startsWith('reverse charge'));
    if (!invoice) throw new Error('no reverse-charge demo invoice');
    const queued = await h.request(demo.apiKey, 'POST', `/api/v1/invoices/${invoice.invoiceId}/send`, {
      to: ['nobody@mueller-soehne.example'],
    });
    expect(queued.status).toBe(202);
    await eventually(async () => {
      const email = await h.request(demo.apiKey, 'GET', `/api/v1/emails/${queued.body.id}`);
      return email.body.status === 'failed';
    }, 'the refused e-mail failed');
    const { samples } = await eventually(async () => {
      const reading = await scrape();
      return sampleValue(reading.samples, 'emails_failed_total') === before + 1 ? reading : undefined;
    }, 'emails_failed_total to count it');
    expect(sampleValue(samples, 'job_attempts_failed_total', { queue: QUEUES.emailSend })).toBe(0);
  });

  it('counts a provider event given up, a webhook delivery failed for good, and failed attempts per queue', async () => {
    const db = h.database.db;
    const organizationId = demo.organization.id;
    const jobs = jobSender(h.boss);
    const quiet = { info: () => {}, warn: () => {} };
    await registerPaymentWorkers(
      h.boss,
      {
        db,
        jobs,
        clock: () => new Date(),
        appSecret: h.appSecret,
        publicBaseUrl: 'http://portal.test',
        providers: {
          connect: () => {
            throw new Error('no provider adapters in this test');
          },
        },
        mail: {
          publicBaseUrl: 'http://portal.test',
          appSecret: h.appSecret,
          mailFrom: 'invoices@portal.test',
        },
        log: quiet,
        metrics: service.metrics,
      },
      { options: { pollingIntervalSeconds: 0.5, batchSize: 10, concurrency: 1 } },
    );

    // The queue gave up an event that was never applied: marked gave_up, counted once.
    const eventRowId = await insertProviderEvent(db, {
      organization_id: organizationId,
      provider: 'stripe',
      event_id: `evt_metrics_${kind}`,
      event_type: 'checkout.session.completed',
      checkout_id: 'cs_test_metrics',
      payment_id: null,
    });
    if (!eventRowId) throw new Error('the provider event was not stored');
    await h.boss.send(QUEUES.paymentEventDead, { organizationId, eventRowId });
    // An event row that does not exist fails its attempts (retried by the queue), never given up here.
    await h.boss.send(QUEUES.paymentEvent, { organizationId, eventRowId: randomUUID() });
    await eventually(async () => {
      const { samples } = await scrape();
      return (
        sampleValue(samples, 'payment_events_given_up_total') === 1 &&
        (sampleValue(samples, 'job_attempts_failed_total', { queue: QUEUES.paymentEvent }) ?? 0) >= 1
      );
    }, 'the given-up event and the failed attempt counted');
    const stored = await db
      .selectFrom('provider_events')
      .select('outcome')
      .where('id', '=', eventRowId)
      .executeTakeFirstOrThrow();
    expect(stored.outcome).toBe('gave_up');
    await h.boss.deleteQueuedJobs(QUEUES.paymentEvent);

    // A delivery queued for an endpoint disabled before it went out ends failed, counted once.
    const endpoint = await h.request(demo.apiKey, 'POST', '/api/v1/webhook-endpoints', {
      url: 'https://receiver.example/hooks',
      events: ['invoice.viewed'],
    });
    expect(endpoint.status).toBe(201);
    await db.transaction().execute((trx) =>
      emitWebhookEvent(trx, jobs, {
        organizationId,
        type: 'invoice.viewed',
        occurredAt: new Date(),
        data: { invoiceId: randomUUID() },
      }),
    );
    const disabled = await h.request(demo.apiKey, 'PATCH', `/api/v1/webhook-endpoints/${endpoint.body.id}`, {
      enabled: false,
    });
    expect(disabled.status).toBe(200);
    await registerWebhookWorker(
      h.boss,
      {
        db,
        appSecret: h.appSecret,
        fetch: globalThis.fetch,
        egress: webhookEgress({ allowPrivateAddresses: true }),
        clock: () => new Date(),
      },
      {
        options: { pollingIntervalSeconds: 0.5, batchSize: 10, concurrency: 1 },
        metrics: service.metrics,
      },
    );
    await eventually(async () => {
      const { samples } = await scrape();
      return sampleValue(samples, 'webhook_deliveries_failed_total') === 1;
    }, 'the failed delivery counted');
    const deliveries = await h.request(
      demo.apiKey,
      'GET',
      `/api/v1/webhook-endpoints/${endpoint.body.id}/deliveries`,
    );
    expect(deliveries.body.data.map((d: { status: string }) => d.status)).toEqual(['failed']);
    const { samples } = await scrape();
    expect(sampleValue(samples, 'job_attempts_failed_total', { queue: QUEUES.webhookDeliver })).toBe(0);
  });
});

describe('the /metrics route on any Fastify instance', () => {
  const TOKEN = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
  const build = async (token: string | null) => {
    const { registry } = createServiceMetrics({ defaultMetrics: false });
    const app = Fastify();
    registerMetrics(app, { registry, token });
    app.get('/things/:id', async () => ({ ok: true }));
    await app.ready();
    return app;
  };

  it('asks for the bearer token when one is set: 401 with WWW-Authenticate without it, 200 with it', async () => {
    const app = await build(TOKEN);
    try {
      for (const authorization of [
        undefined,
        `Bearer ${TOKEN.slice(0, -1)}`,
        `Bearer ${TOKEN}x`,
        `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`,
        TOKEN,
        'Bearer ',
      ]) {
        const refused = await app.inject({
          method: 'GET',
          url: '/metrics',
          headers: { 'accept-language': 'fr', ...(authorization ? { authorization } : {}) },
        });
        expect(refused.statusCode).toBe(401);
        expect(refused.headers['www-authenticate']).toBe('Bearer realm="metrics"');
        expect(refused.json().error.code).toBe('UNAUTHORIZED');
        expect(refused.body).not.toContain('http_request_duration_seconds');
      }
      const english = await app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { 'accept-language': 'en' },
      });
      const french = await app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { 'accept-language': 'fr' },
      });
      expect(english.json().error.message).not.toBe(french.json().error.message);

      await app.inject({ method: 'GET', url: '/things/42' });
      for (const authorization of [`Bearer ${TOKEN}`, `bearer ${TOKEN}`]) {
        const allowed = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization } });
        expect(allowed.statusCode).toBe(200);
        const samples = parsePrometheusText(allowed.body);
        expect(
          sampleValue(samples, 'http_request_duration_seconds_count', {
            method: 'GET',
            route: '/things/:id',
            status_code: '200',
          }),
        ).toBe(1);
        // The refused scrapes were requests too, counted under the route's pattern.
        expect(
          sampleValue(samples, 'http_request_duration_seconds_count', {
            method: 'GET',
            route: '/metrics',
            status_code: '401',
          }),
        ).toBe(8);
      }
    } finally {
      await app.close();
    }
  });

  it('is open without a token', async () => {
    const app = await build(null);
    try {
      const open = await app.inject({ method: 'GET', url: '/metrics' });
      expect(open.statusCode).toBe(200);
      expect(() => parsePrometheusText(open.body)).not.toThrow();
      // Only this registry's metrics: no process defaults were asked for.
      expect(open.body).not.toContain('process_cpu_user_seconds_total');
    } finally {
      await app.close();
    }
  });

  it('takes METRICS_TOKEN from the configuration, refusing a weak one in one line that does not repeat it', () => {
    const env = { DATA_DIR: '/tmp/invoice-portal-metrics-config', APP_SECRET: 'x'.repeat(40) };
    expect(loadConfig(env).metrics).toEqual({ token: null });
    expect(loadConfig({ ...env, METRICS_TOKEN: TOKEN }).metrics).toEqual({ token: TOKEN });
    for (const bad of ['short-token', `${TOKEN} with spaces`, `${TOKEN}"`]) {
      let problems: string[] = [];
      try {
        loadConfig({ ...env, METRICS_TOKEN: bad });
      } catch (error) {
        if (error instanceof ConfigError) problems = error.problems;
      }
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^METRICS_TOKEN must be 16 to 256 characters/);
      expect(problems[0]).not.toContain(bad);
    }
  });
});

describe('the service as main.ts composes it', () => {
  it('serves /metrics behind METRICS_TOKEN with the queues, the process and its own requests', async () => {
    const token = 'main-ts-metrics-token-0123456789';
    const config = {
      ...loadConfig({
        DATA_DIR: '/tmp/invoice-portal-metrics-config',
        APP_SECRET: 'y'.repeat(40),
        LOG_LEVEL: 'silent',
        METRICS_TOKEN: token,
        RENDER_WORKERS: '1',
      }),
      port: 0,
    };
    const service = await startService(config, await openTestDatabase(defaultDatabaseKind()));
    try {
      const address = service.app.server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const refused = await fetch(`${base}/metrics`);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      const scraped = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(scraped.status).toBe(200);
      const samples = parsePrometheusText(await scraped.text());
      expect(sampleValue(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(sampleValue(samples, 'job_queue_jobs', { queue: QUEUES.emailSend, state: 'queued' })).toBe(0);
      expect(sampleValue(samples, 'emails_failed_total')).toBe(0);
      expect(
        sampleValue(samples, 'http_request_duration_seconds_count', {
          method: 'GET',
          route: '/healthz',
          status_code: '200',
        }),
      ).toBe(1);
      expect(
        sampleValue(samples, 'http_request_duration_seconds_count', {
          method: 'GET',
          route: '/metrics',
          status_code: '401',
        }),
      ).toBe(1);
    } finally {
      await service.stop();
    }
  });
});
