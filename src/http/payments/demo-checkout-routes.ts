import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { PaymentProviderDeps } from '../../app/payments/payment-providers.ts';
import { receiveProviderEvent } from '../../app/payments/receive-provider-event.ts';
import type { EventLog } from '../../core/event-log.ts';
import { acceptedSecrets, secretRing } from '../../core/secret-ring.ts';
import type { DemoPaymentRow } from '../../db/schema.ts';
import { formatMinorPlain } from '../../domain/index.ts';
import type { JobSender } from '../../jobs/job-queue.ts';
import {
  DEMO_METHODS,
  demoNotificationBody,
  endDemoCheckout,
  findDemoCheckout,
} from '../../payments/demo/demo-provider.ts';
import { html, renderDocument } from '../../web/html.ts';
import { keepSecretAddressesPrivate } from '../security-headers.ts';

const STYLE = `
* { box-sizing: border-box; }
body { margin:0; font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:#1f2937; background:#f3f4f6; }
.test { background:#b45309; color:#fff; text-align:center; padding:10px 16px; font-weight:700; letter-spacing:.03em; }
main { max-width:480px; margin:32px auto; padding:0 16px; }
.card { background:#fff; border:1px solid #e5e7eb; border-radius:10px; padding:24px; }
h1 { font-size:20px; margin:0 0 4px; } .muted { color:#4b5563; margin:0 0 20px; }
.amount { font-size:32px; font-weight:700; margin:8px 0 4px; }
form { display:grid; gap:10px; margin-top:20px; }
button { font:inherit; font-weight:600; padding:12px 16px; border-radius:8px; border:1px solid #d1d5db; background:#fff; color:#1f2937; cursor:pointer; }
button.primary { background:#065f46; border-color:#065f46; color:#fff; }
button:focus-visible { outline:3px solid #2563eb; outline-offset:2px; }
`;

const OUTCOMES = ['paid', 'failed', 'canceled'] as const;
type Outcome = (typeof OUTCOMES)[number];

/** The demo checkout's form token: an HMAC of the payment id, so a foreign page cannot end a payment. */
function formToken(secret: string, id: string): string {
  return createHmac('sha256', secret).update('demo-checkout:v1').update(id).digest('base64url').slice(0, 32);
}

function page(row: DemoPaymentRow, token: string, nonce: string): string {
  const method = DEMO_METHODS.find((m) => m.id === row.method_id);
  const transfer = method?.isBankTransfer === true;
  const amount = `${formatMinorPlain(row.amount_minor, row.currency)} ${row.currency}`;
  return renderDocument(html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>TEST checkout – demo payment provider</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<div class="test" role="note">TEST MODE — demo payment provider. No real money moves.</div>
<main>
<section class="card" aria-labelledby="checkout-heading">
<h1 id="checkout-heading">Demo checkout</h1>
<p class="muted">This page stands in for Stripe's or Mollie's payment page, for the demo organization only. Choose how this payment ends; the portal learns it through the same webhook path as a real provider.</p>
<p class="amount">${amount}</p>
<p>Method: <strong>${method?.name ?? row.method_id}</strong></p>
${
  row.status === 'open'
    ? html`<form method="post">
<input type="hidden" name="_token" value="${token}">
<button class="primary" type="submit" name="outcome" value="paid">${transfer ? 'I will transfer the money (announce the transfer)' : `Pay ${amount}`}</button>
<button type="submit" name="outcome" value="failed">Make the payment fail</button>
<button type="submit" name="outcome" value="canceled">Cancel and go back</button>
</form>`
    : html`<p>This payment is already <strong>${row.status}</strong>.</p>`
}
</section>
</main>
</body>
</html>`);
}

/** The demo provider's TEST checkout page (`/demo-checkout/<id>`), for the demo organization only. */
export async function registerDemoCheckout(
  app: FastifyInstance,
  deps: PaymentProviderDeps & { jobs: JobSender; log: EventLog; clock: () => Date },
): Promise<void> {
  await app.register(async (scope) => {
    // The checkout's id in the address is what lets one pay it; its return address carries a portal token.
    keepSecretAddressesPrivate(scope);
    await scope.register(formbody, { bodyLimit: 4096 });
    const headers = (reply: FastifyReply, nonce: string) =>
      reply
        .type('text/html; charset=utf-8')
        .header(
          'content-security-policy',
          `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
        )
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer');
    const load = (id: string) => findDemoCheckout(deps.db, id);

    scope.get('/demo-checkout/:id', async (request, reply) => {
      const row = await load((request.params as Record<string, string>).id ?? '');
      if (!row) return reply.code(404).type('text/plain').send('Not found');
      const nonce = randomBytes(16).toString('base64');
      return headers(reply, nonce).send(page(row, formToken(deps.appSecret, row.id), nonce));
    });

    scope.post('/demo-checkout/:id', async (request, reply) => {
      const row = await load((request.params as Record<string, string>).id ?? '');
      if (!row) return reply.code(404).type('text/plain').send('Not found');
      const form = (request.body ?? {}) as Record<string, unknown>;
      const given = Buffer.from(typeof form._token === 'string' ? form._token : '');
      const valid = acceptedSecrets(secretRing(deps.appSecret, deps.previousSecrets)).some((secret) => {
        const expected = Buffer.from(formToken(secret, row.id));
        return given.length === expected.length && timingSafeEqual(given, expected);
      });
      if (!valid) {
        return reply.code(403).type('text/plain').send('This form has expired; open the checkout again.');
      }
      const outcome = OUTCOMES.find((o) => o === form.outcome) as Outcome | undefined;
      if (!outcome) return reply.code(400).type('text/plain').send('Choose an outcome.');
      const transfer = DEMO_METHODS.find((m) => m.id === row.method_id)?.isBankTransfer === true;
      const status = outcome === 'paid' ? (transfer ? 'pending' : 'paid') : outcome;
      await endDemoCheckout(deps.db, row.id, status, deps.clock());
      // The provider notifies, as Stripe and Mollie do: the same intake, event store and job.
      await receiveProviderEvent(deps, {
        provider: 'demo',
        accountId: row.organization_id,
        rawBody: demoNotificationBody(row.id),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        now: deps.clock(),
      });
      return reply.code(303).header('location', row.return_url).send();
    });
  });
}
