import type { FaultWorld, ServiceProcess } from './fault-world.ts';

/**
 * The mixed load of the fault tests: virtual customers, each working through one invoice at a time —
 * created through the API (customer, invoice), e-mailed, opened in the portal (twice, on two processes),
 * its PDF downloaded, commented on, paid at the fake Stripe or Mollie, whose notification is delivered
 * twice (once to each process, at the same time) — spread over the live service processes. Bounded by a
 * duration and a number of invoices; every request is timed.
 */

export type RequestKind =
  | 'api: create customer'
  | 'api: create invoice'
  | 'api: send invoice'
  | 'api: portal link'
  | 'portal: invoice page'
  | 'portal: PDF download'
  | 'portal: comment'
  | 'portal: start payment'
  | 'provider: notification';

export interface Sample {
  kind: RequestKind;
  status: number;
  ms: number;
  /** When the request began and ended, ms since the load began. */
  startedAt: number;
  at: number;
  ok: boolean;
}

/** What the load wrote and was answered 2xx for, to be found afterwards. */
export interface Acknowledged {
  customers: string[];
  invoices: string[];
  emails: string[];
  /** Checkouts the customer paid at the provider, and whether a notification of it got a 2xx. */
  paidCheckouts: {
    provider: 'stripe' | 'mollie';
    checkoutId: string;
    invoiceId: string;
    notified: boolean;
  }[];
}

export interface LoadResult {
  samples: Sample[];
  acknowledged: Acknowledged;
  durationMs: number;
  invoicesStarted: number;
}

class StepFailed extends Error {}

const REQUEST_TIMEOUT_MS = 30_000;

export async function runMixedLoad(
  world: FaultWorld,
  options: { durationMs: number; maxInvoices: number; users: number; onProgress?: (done: number) => void },
): Promise<LoadResult> {
  const started = Date.now();
  const samples: Sample[] = [];
  const acknowledged: Acknowledged = { customers: [], invoices: [], emails: [], paidCheckouts: [] };
  let next = 0;
  let turn = 0;

  /** The next live process, round robin. */
  function target(): ServiceProcess {
    const live = world.live();
    const chosen = live[turn++ % live.length];
    if (!chosen) throw new StepFailed('no live process');
    return chosen;
  }

  async function timed(
    kind: RequestKind,
    expected: number,
    url: string,
    init: RequestInit,
  ): Promise<{ status: number; text: string; headers: Headers }> {
    const begin = Date.now();
    let status = 0;
    try {
      const res = await fetch(url, {
        ...init,
        redirect: 'manual',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      status = res.status;
      const text =
        kind === 'portal: PDF download' ? String((await res.arrayBuffer()).byteLength) : await res.text();
      return { status, text, headers: res.headers };
    } catch {
      return { status: 0, text: '', headers: new Headers() };
    } finally {
      const end = Date.now();
      samples.push({
        kind,
        status,
        ms: end - begin,
        startedAt: begin - started,
        at: end - started,
        ok: status === expected,
      });
    }
  }

  async function api(kind: RequestKind, expected: number, method: string, path: string, body?: unknown) {
    const res = await timed(kind, expected, `${target().url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${world.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status !== expected) throw new StepFailed(`${kind}: ${res.status} ${res.text.slice(0, 200)}`);
    return JSON.parse(res.text) as Record<string, unknown>;
  }

  async function portal(kind: RequestKind, expected: number, path: string, form?: Record<string, string>) {
    const res = await timed(kind, expected, `${target().url}${path}`, {
      method: form ? 'POST' : 'GET',
      ...(form
        ? {
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(form).toString(),
          }
        : {}),
    });
    if (res.status !== expected) throw new StepFailed(`${kind}: ${res.status}`);
    return res;
  }

  async function notifyTwice(
    provider: 'stripe' | 'mollie',
    checkoutId: string,
    accountIds: Record<'stripe' | 'mollie', string>,
  ): Promise<boolean> {
    let body: string;
    let headers: Record<string, string>;
    if (provider === 'stripe') {
      const [completed] = world.stripe.completeCheckout(checkoutId, 'paid');
      if (!completed) throw new StepFailed('the Stripe fake made no event');
      ({ body, headers } = world.stripe.signedDelivery(completed));
    } else {
      world.mollie.setStatus(checkoutId, 'paid');
      body = new URLSearchParams({ id: checkoutId }).toString();
      headers = { 'content-type': 'application/x-www-form-urlencoded' };
    }
    const deliveries = await Promise.all(
      [target(), target()].map((service) =>
        timed('provider: notification', 200, `${service.url}/webhooks/${provider}/${accountIds[provider]}`, {
          method: 'POST',
          headers,
          body,
        }),
      ),
    );
    return deliveries.some((d) => d.status === 200);
  }

  async function invoiceFlow(n: number, accountIds: Record<'stripe' | 'mollie', string>): Promise<void> {
    const customer = await api('api: create customer', 201, 'POST', '/customers', {
      kind: 'company',
      name: `Load client ${n} SA`,
      language: (['fr', 'nl', 'de', 'en'] as const)[n % 4],
      emails: [`client${n}@load.example`],
    });
    acknowledged.customers.push(String(customer.id));
    const invoice = await api('api: create invoice', 201, 'POST', '/invoices', {
      number: `L-${n}`,
      customerId: customer.id,
      issueDate: '2026-11-01',
      dueDate: '2027-12-31',
      lines: [
        {
          description: 'Conseil',
          quantity: '1',
          unitPriceMinor: 10_000 + n,
          vatRateBp: 0,
          vatCategory: 'exempt',
        },
      ],
      vatExemptionReason: 'Article 44',
    });
    const invoiceId = String(invoice.id);
    acknowledged.invoices.push(invoiceId);
    const email = await api('api: send invoice', 202, 'POST', `/invoices/${invoiceId}/send`, {});
    acknowledged.emails.push(String(email.id));
    const link = await api('api: portal link', 200, 'GET', `/invoices/${invoiceId}/portal-link`);
    const page = new URL(String(link.url)).pathname;
    // Two first views at once, on two processes: `invoice.viewed` must still be emitted once.
    const [view] = await Promise.all([
      portal('portal: invoice page', 200, page),
      portal('portal: invoice page', 200, page),
    ]);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(view.text)?.[1] ?? '';
    await portal('portal: PDF download', 200, `${page}/download`);
    await portal('portal: comment', 303, `${page}/comments`, {
      body: `Question ${n} about this invoice`,
      _csrf: csrf,
    });
    const provider = n % 2 === 0 ? 'stripe' : 'mollie';
    const method = provider === 'stripe' ? 'stripe:card' : 'mollie:bancontact';
    const pay = await portal('portal: start payment', 303, `${page}/pay`, { method, _csrf: csrf });
    const checkoutId = new URL(pay.headers.get('location') ?? 'http://x/').pathname.split('/').pop() ?? '';
    const entry: Acknowledged['paidCheckouts'][number] = { provider, checkoutId, invoiceId, notified: false };
    acknowledged.paidCheckouts.push(entry);
    entry.notified = await notifyTwice(provider, checkoutId, accountIds);
  }

  const accountIds = await readAccountIds(world);

  async function user(): Promise<void> {
    while (Date.now() - started < options.durationMs && next < options.maxInvoices) {
      next += 1;
      const n = next;
      try {
        await invoiceFlow(n, accountIds);
      } catch (error) {
        if (!(error instanceof StepFailed)) throw error;
        // A refused step ends this invoice's flow (a process was killed, the database restarting…); the
        // next invoice starts fresh.
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      options.onProgress?.(n);
    }
  }

  await Promise.all(Array.from({ length: options.users }, () => user()));
  return { samples, acknowledged, durationMs: Date.now() - started, invoicesStarted: next };
}

async function readAccountIds(world: FaultWorld): Promise<Record<'stripe' | 'mollie', string>> {
  const rows = await world.database.db
    .selectFrom('payment_accounts')
    .select(['id', 'provider'])
    .where('organization_id', '=', world.organizationId)
    .execute();
  const find = (provider: 'stripe' | 'mollie') => {
    const row = rows.find((r) => r.provider === provider);
    if (!row) throw new Error(`no ${provider} account connected`);
    return row.id;
  };
  return { stripe: find('stripe'), mollie: find('mollie') };
}

/**
 * Delivers again, to a live process, the notification of every paid checkout none of whose deliveries got
 * a 2xx — as Stripe and Mollie retry until one does.
 */
export async function redeliverUnacknowledged(world: FaultWorld, load: LoadResult): Promise<number> {
  const accountIds = await readAccountIds(world);
  let count = 0;
  for (const paid of load.acknowledged.paidCheckouts) {
    if (paid.notified || paid.checkoutId === '') continue;
    const service = world.live()[0];
    if (!service) throw new Error('no live process');
    let body: string;
    let headers: Record<string, string>;
    if (paid.provider === 'stripe') {
      const event = [...world.stripe.events]
        .reverse()
        .find(
          (e) =>
            e.type === 'checkout.session.completed' &&
            (e.data.object as { id?: string }).id === paid.checkoutId,
        );
      if (!event) continue; // never paid: the flow stopped before the customer paid
      ({ body, headers } = world.stripe.signedDelivery(event));
    } else {
      if (world.mollie.payment(paid.checkoutId).status !== 'paid') continue;
      body = new URLSearchParams({ id: paid.checkoutId }).toString();
      headers = { 'content-type': 'application/x-www-form-urlencoded' };
    }
    const res = await fetch(`${service.url}/webhooks/${paid.provider}/${accountIds[paid.provider]}`, {
      method: 'POST',
      headers,
      body,
    });
    if (res.status !== 200) throw new Error(`redelivery of ${paid.checkoutId}: ${res.status}`);
    paid.notified = true;
    count += 1;
  }
  return count;
}

/** Percentile of sorted numbers (nearest rank). */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export interface KindFigures {
  kind: string;
  requests: number;
  errors: number;
  p50: number;
  p99: number;
}

/** Requests, errors, p50 and p99 (ms) per kind and in all. */
export function figures(samples: Sample[]): KindFigures[] {
  const kinds = [...new Set(samples.map((s) => s.kind))].sort();
  const row = (kind: string, of: Sample[]): KindFigures => {
    const ms = of.map((s) => s.ms).sort((a, b) => a - b);
    return {
      kind,
      requests: of.length,
      errors: of.filter((s) => !s.ok).length,
      p50: percentile(ms, 50),
      p99: percentile(ms, 99),
    };
  };
  return [
    ...kinds.map((kind) =>
      row(
        kind,
        samples.filter((s) => s.kind === kind),
      ),
    ),
    row('all', samples),
  ];
}

/** The figures as a fixed-width table, for the CI log. */
export function figuresTable(title: string, load: LoadResult): string {
  const rows = figures(load.samples);
  const lines = [
    `${title}: ${load.invoicesStarted} invoices, ${load.samples.length} requests in ${(load.durationMs / 1000).toFixed(1)} s`,
    `${'kind'.padEnd(26)} ${'requests'.padStart(8)} ${'errors'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)}`,
    ...rows.map(
      (r) =>
        `${r.kind.padEnd(26)} ${String(r.requests).padStart(8)} ${String(r.errors).padStart(7)} ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)}`,
    ),
  ];
  return lines.join('\n');
}
