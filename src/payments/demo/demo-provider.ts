import { randomBytes } from 'node:crypto';
import type { DemoPaymentRow } from '../../db/schema.ts';
import type { Db } from '../../db/transaction.ts';
import type {
  Checkout,
  CheckoutRequest,
  PaymentMethod,
  PaymentProvider,
  ProviderPayment,
  WebhookNotice,
} from '../payment-provider.ts';

/**
 * The demo organization's payment provider: a clearly labelled TEST checkout page on our own server
 * (`/demo-checkout/<id>`), where the visitor chooses how the payment ends. Its state lives in
 * `demo_payments`; its notifications go through the same intake, event store and job as Stripe's and
 * Mollie's. Only organizations marked `is_demo` ever get it.
 */

export const DEMO_METHODS: readonly PaymentMethod[] = [
  { id: 'card', name: 'Card', iconUrl: null, isBankTransfer: false },
  { id: 'bancontact', name: 'Bancontact', iconUrl: null, isBankTransfer: false },
  { id: 'banktransfer', name: 'Bank transfer', iconUrl: null, isBankTransfer: true },
];

export const demoCheckoutPath = (id: string) => `/demo-checkout/${id}`;

/** The body the demo checkout posts to the intake: only the payment's id, like Mollie. */
export function demoNotificationBody(id: string): Buffer {
  return Buffer.from(new URLSearchParams({ id }).toString());
}

export function demoProvider(deps: {
  db: Db;
  organizationId: string;
  publicBaseUrl: string;
  /** The organization's bank details, shown as the transfer instructions of the bank-transfer method. */
  bank: { beneficiary: string; iban: string | null; bic: string | null };
}): PaymentProvider {
  const load = async (id: string) => {
    const row = await deps.db
      .selectFrom('demo_payments')
      .selectAll()
      .where('organization_id', '=', deps.organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new Error(`No demo payment ${id}`);
    return row;
  };
  return {
    name: 'demo',
    verify: async () => ({ ok: true, accountName: 'Demo provider (TEST)', testMode: true }),
    listMethods: async ({ amountMinor }) => (amountMinor > 0 ? [...DEMO_METHODS] : []),
    async createCheckout(request: CheckoutRequest): Promise<Checkout> {
      const method = DEMO_METHODS.find((m) => m.id === request.methodId);
      if (!method) throw new RangeError(`Unknown demo method ${request.methodId}`);
      const id = `demo_${randomBytes(12).toString('base64url')}`;
      await deps.db
        .insertInto('demo_payments')
        .values({
          id,
          organization_id: deps.organizationId,
          attempt_id: request.attemptId,
          amount_minor: request.amountMinor,
          currency: request.currency,
          method_id: method.id,
          return_url: request.returnUrl,
          webhook_url: request.webhookUrl,
        })
        .execute();
      return { checkoutId: id, url: `${deps.publicBaseUrl}${demoCheckoutPath(id)}`, expiresAt: null };
    },
    async fetchPayment(reference): Promise<ProviderPayment> {
      const row = await load('checkoutId' in reference ? reference.checkoutId : reference.paymentId);
      const method = DEMO_METHODS.find((m) => m.id === row.method_id);
      return {
        checkoutId: row.id,
        paymentId: row.status === 'open' ? null : row.id,
        status: row.status,
        amountMinor: row.amount_minor,
        currency: row.currency,
        methodId: row.method_id,
        methodName: method?.name ?? row.method_id,
        attemptId: row.attempt_id,
        bankTransfer:
          method?.isBankTransfer && row.status === 'pending' && deps.bank.iban
            ? {
                beneficiary: deps.bank.beneficiary,
                iban: deps.bank.iban,
                bic: deps.bank.bic,
                reference: row.id,
              }
            : null,
        refundedMinor: row.refunded_minor,
        chargedBackMinor: 0,
        paidAt: row.paid_at,
        failureReason: row.status === 'failed' ? 'declined_in_demo' : null,
        declineReason: null,
      };
    },
    readWebhook({ rawBody }): WebhookNotice {
      const id = new URLSearchParams(rawBody.toString('utf8')).get('id');
      if (!id || !/^demo_[A-Za-z0-9_-]{16}$/.test(id)) return { ok: false, reason: 'malformed' };
      return { ok: true, eventId: null, type: null, checkoutId: id, paymentId: id };
    },
    // A declined demo payment ends its checkout: the attempt's own status counts it.
    isDeclineNotice: () => false,
    async expireCheckout(checkoutId) {
      await deps.db
        .updateTable('demo_payments')
        .set({ status: 'expired' })
        .where('organization_id', '=', deps.organizationId)
        .where('id', '=', checkoutId)
        .where('status', '=', 'open')
        .execute();
    },
  };
}

/** A demo checkout by the id in its page address, of whichever (demo) organization. */
export async function findDemoCheckout(db: Db, id: string): Promise<DemoPaymentRow | undefined> {
  if (!/^demo_[A-Za-z0-9_-]{16}$/.test(id)) return undefined;
  return db.selectFrom('demo_payments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Ends an open demo checkout the way the visitor chose; a checkout already ended stays as it is. */
export async function endDemoCheckout(
  db: Db,
  id: string,
  status: 'paid' | 'pending' | 'failed' | 'canceled' | 'expired',
  now: Date,
): Promise<void> {
  await db
    .updateTable('demo_payments')
    .set({ status, ...(status === 'paid' ? { paid_at: now } : {}) })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .execute();
}
