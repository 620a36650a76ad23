import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { portalPaths, portalToken } from '../../src/app/portal-links/portal-link.ts';
import type { DatabaseHandle } from '../../src/db/connect-database.ts';
import { AdmissionGate, type AdmissionLimits } from '../../src/http/admission-gate.ts';
import { buildApp } from '../../src/http/build-app.ts';
import { PORTAL_MESSAGES } from '../../src/i18n/portal-messages.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

const SECRET = 'gate-secret-0123456789abcdef0123456789abcdef';
const NOW = new Date('2026-11-25T10:00:00Z');
const CONCURRENT = 50;

describe('AdmissionGate', () => {
  it('admits in arrival order, refuses past the queue, and hands a released slot to the first waiter', async () => {
    const gate = new AdmissionGate({ maxActive: 1, maxQueue: 2, maxWaitMs: 60_000 });
    const first = await gate.enter();
    const order: string[] = [];
    const second = gate.enter().then((entered) => {
      order.push('second');
      return entered;
    });
    const third = gate.enter().then((entered) => {
      order.push('third');
      return entered;
    });
    expect(await gate.enter()).toEqual({ ok: false, reason: 'queue_full' });
    expect([gate.active, gate.waiting]).toEqual([1, 2]);
    if (!first.ok) throw new Error('the first request was not admitted');
    first.release();
    first.release(); // a second release frees nothing more
    const admitted = await second;
    expect(admitted.ok).toBe(true);
    expect([gate.active, gate.waiting]).toEqual([1, 1]);
    if (admitted.ok) admitted.release();
    const last = await third;
    expect(order).toEqual(['second', 'third']);
    if (last.ok) last.release();
    expect([gate.active, gate.waiting]).toEqual([0, 0]);
  });

  it('refuses a request whose turn does not come within the wait, and forgets one whose client left', async () => {
    const gate = new AdmissionGate({ maxActive: 1, maxQueue: 5, maxWaitMs: 20 });
    const holder = await gate.enter();
    expect(await gate.enter()).toEqual({ ok: false, reason: 'waited_too_long' });
    const client = new AbortController();
    const leaving = gate.enter(client.signal);
    client.abort();
    expect(await leaving).toEqual({ ok: false, reason: 'gone' });
    expect(gate.waiting).toBe(0);
    if (holder.ok) holder.release();
    expect(gate.active).toBe(0);
  });
});

describe.each(contractDatabaseKinds())('the admission gate in front of the app (%s)', (kind) => {
  let database: DatabaseHandle;
  let portalUrls: string[];
  let apiKey: string;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const seed = await seedDemo(database.db, { today: '2026-11-25', now: NOW, actor: 'test' });
    apiKey = seed.apiKey;
    const issued = seed.cases.filter((c) => !c.shows.startsWith('draft'));
    portalUrls = issued.map((c) => {
      const customer = seed.customers.find((row) => row.name === c.customerName);
      if (!customer) throw new Error(`no customer ${c.customerName}`);
      return portalPaths.invoice(portalToken(SECRET, customer.id, 1), c.invoiceId);
    });
  });

  afterAll(async () => {
    await database?.close();
  });

  async function startApp(admission: AdmissionLimits) {
    const app = await buildApp({
      db: database.db,
      clock: () => NOW,
      publicBaseUrl: 'http://127.0.0.1',
      appSecret: SECRET,
      admission,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    return { app, origin: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
  }

  /**
   * Holds a lock every portal and API request needs (the customers table), so the admitted requests stay
   * in flight until `release` and the gate's queue fills deterministically.
   */
  function holdCustomers(): { release: () => void; done: Promise<void> } {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const done = database.db.transaction().execute(async (trx) => {
      await sql`lock table customers in access exclusive mode`.execute(trx);
      await released;
    });
    return { release, done };
  }

  /** 50 requests at once: 40 portal pages (in French) and 10 API listings (in German). */
  function fireBurst(origin: string, answered: { count: number }) {
    return Array.from({ length: CONCURRENT }, async (_, i) => {
      const api = i % 5 === 4;
      const response = await fetch(
        `${origin}${api ? '/api/v1/invoices' : portalUrls[i % portalUrls.length]}`,
        {
          headers: api
            ? { authorization: `Bearer ${apiKey}`, 'accept-language': 'de' }
            : { 'accept-language': 'fr' },
        },
      );
      const body = await response.text();
      answered.count += 1;
      return { api, status: response.status, retryAfter: response.headers.get('retry-after'), body };
    });
  }

  async function until(condition: () => boolean): Promise<void> {
    for (let i = 0; i < 600 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    if (!condition()) throw new Error('the condition was not met in 15 s');
  }

  function expectBusyAnswer(answer: {
    api: boolean;
    status: number;
    retryAfter: string | null;
    body: string;
  }) {
    expect(answer.status).toBe(503);
    expect(answer.retryAfter).toMatch(/^[1-9]\d*$/);
    if (answer.api) {
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'SERVICE_BUSY' } });
      expect(answer.body).toContain('ausgelastet');
    } else {
      expect(answer.body).toContain(PORTAL_MESSAGES.fr.busyTitle);
    }
  }

  it('serves the requests it queued and sheds at once those beyond the queue bound, with Retry-After', async () => {
    const { app, origin } = await startApp({ maxActive: 2, maxQueue: 10, maxWaitMs: 60_000 });
    const blocker = holdCustomers();
    try {
      const answered = { count: 0 };
      const burst = fireBurst(origin, answered);
      // 2 run (held by the lock) and 10 wait; the other 38 are answered without waiting for the lock.
      await until(() => answered.count >= CONCURRENT - 12);
      // A static asset is never held back by the gate.
      expect((await fetch(`${origin}/assets/portal.css`)).status).toBe(200);
      expect(answered.count).toBe(CONCURRENT - 12);
      blocker.release();
      await blocker.done;
      const answers = await Promise.all(burst);
      expect(answers.filter((a) => a.status === 200)).toHaveLength(12);
      const shed = answers.filter((a) => a.status !== 200);
      expect(shed).toHaveLength(CONCURRENT - 12);
      for (const answer of shed) expectBusyAnswer(answer);
    } finally {
      blocker.release();
      await app.close();
    }
  });

  it('answers 503 to the requests whose turn did not come within the wait; every request gets an answer', async () => {
    const { app, origin } = await startApp({ maxActive: 2, maxQueue: 100, maxWaitMs: 300 });
    const blocker = holdCustomers();
    try {
      const answered = { count: 0 };
      const burst = fireBurst(origin, answered);
      await until(() => answered.count >= CONCURRENT - 2);
      blocker.release();
      await blocker.done;
      const answers = await Promise.all(burst);
      expect(answers.filter((a) => a.status === 200)).toHaveLength(2);
      const shed = answers.filter((a) => a.status !== 200);
      expect(shed).toHaveLength(CONCURRENT - 2);
      for (const answer of shed) expectBusyAnswer(answer);
    } finally {
      blocker.release();
      await app.close();
    }
  });

  it('with room for everyone, all 50 concurrent requests are served', async () => {
    const { app, origin } = await startApp({ maxActive: 4, maxQueue: 64, maxWaitMs: 60_000 });
    try {
      const answers = await Promise.all(fireBurst(origin, { count: 0 }));
      expect(answers.map((a) => a.status)).toEqual(Array(CONCURRENT).fill(200));
    } finally {
      await app.close();
    }
  });
});
