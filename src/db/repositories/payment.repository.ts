import type { Insertable, Updateable } from 'kysely';
import { isUuid } from '../../core/uuid.ts';
import type {
  BankTransferJson,
  PaymentAttemptRow,
  PaymentAttemptStatus,
  PaymentAttemptsTable,
  PaymentRow,
  PaymentsTable,
} from '../schema.ts';
import type { Executor } from '../transaction.ts';

export async function insertPayment(db: Executor, values: Insertable<PaymentsTable>): Promise<PaymentRow> {
  return db.insertInto('payments').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function listPayments(
  db: Executor,
  organizationId: string,
  invoiceId: string,
): Promise<PaymentRow[]> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('paid_on')
    .orderBy('created_at')
    .execute();
}

export async function findPayment(
  db: Executor,
  organizationId: string,
  invoiceId: string,
  paymentId: string,
): Promise<PaymentRow | undefined> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('invoice_id', '=', invoiceId)
    .where('id', '=', paymentId)
    .executeTakeFirst();
}

export async function deletePayment(db: Executor, organizationId: string, paymentId: string): Promise<void> {
  await db
    .deleteFrom('payments')
    .where('organization_id', '=', organizationId)
    .where('id', '=', paymentId)
    .execute();
}

/** An online payment's row, once per provider payment id; undefined when it is recorded already. */
export async function insertProviderPayment(
  db: Executor,
  values: Insertable<PaymentsTable> & { provider: string; provider_payment_id: string },
): Promise<Pick<PaymentRow, 'id' | 'amount_minor'> | undefined> {
  return db
    .insertInto('payments')
    .values(values)
    .onConflict((oc) => oc.columns(['provider', 'provider_payment_id']).doNothing())
    .returning(['id', 'amount_minor'])
    .executeTakeFirst();
}

/** The organization's payments recorded under these provider payment ids (a payment, its refunds…). */
export async function findProviderPayments(
  db: Executor,
  organizationId: string,
  provider: ProviderName,
  providerPaymentIds: readonly string[],
): Promise<PaymentRow[]> {
  if (providerPaymentIds.length === 0) return [];
  return db
    .selectFrom('payments')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('provider', '=', provider)
    .where('provider_payment_id', 'in', [...providerPaymentIds])
    .execute();
}

export async function setPaymentAmount(
  db: Executor,
  organizationId: string,
  paymentId: string,
  amountMinor: number,
): Promise<void> {
  await db
    .updateTable('payments')
    .set({ amount_minor: amountMinor })
    .where('organization_id', '=', organizationId)
    .where('id', '=', paymentId)
    .execute();
}

/** An attempt as its writers name it: which one, of which organization. */
type ProviderName = PaymentAttemptRow['provider'];

type AttemptRef = Pick<PaymentAttemptRow, 'organization_id' | 'id'>;

/** Written before the provider is called, so a crash leaves a trace; `creating` until the checkout exists. */
export async function insertPaymentAttempt(
  db: Executor,
  values: Insertable<PaymentAttemptsTable>,
): Promise<PaymentAttemptRow> {
  return db.insertInto('payment_attempts').values(values).returningAll().executeTakeFirstOrThrow();
}

/** An invoice's attempts, newest first. */
export async function listPaymentAttempts(
  db: Executor,
  organizationId: string,
  invoiceId: string,
): Promise<PaymentAttemptRow[]> {
  return db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Whether the invoice has a bank-transfer attempt still `pending` (one indexed query). */
export async function hasPendingTransferAttempt(
  db: Executor,
  organizationId: string,
  invoiceId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('payment_attempts')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('invoice_id', '=', invoiceId)
    .where('is_bank_transfer', '=', true)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row !== undefined;
}

export async function findPaymentAttempt(
  db: Executor,
  organizationId: string,
  attemptId: string,
): Promise<PaymentAttemptRow | undefined> {
  return db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', attemptId)
    .executeTakeFirst();
}

/**
 * The attempt of a provider's checkout; by our own attempt id (from the checkout's metadata) only when
 * that attempt has no checkout yet (it crashed before recording it): another checkout carrying the same
 * id must not attach to an attempt that has its own.
 */
export async function findPaymentAttemptOfCheckout(
  db: Executor,
  organizationId: string,
  provider: ProviderName,
  checkout: { checkoutId: string; attemptId: string | null },
): Promise<PaymentAttemptRow | undefined> {
  const byCheckout = await db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('provider', '=', provider)
    .where('checkout_id', '=', checkout.checkoutId)
    .executeTakeFirst();
  if (byCheckout || !checkout.attemptId || !isUuid(checkout.attemptId)) return byCheckout;
  return db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('provider', '=', provider)
    .where('id', '=', checkout.attemptId)
    .where('checkout_id', 'is', null)
    .executeTakeFirst();
}

/** The checkout exists: the attempt is `open`, with where the customer is sent. */
export async function markAttemptOpen(
  db: Executor,
  attempt: AttemptRef,
  checkout: { checkoutId: string; url: string; expiresAt: Date | null },
  now: Date,
): Promise<void> {
  await updateAttempt(db, attempt, {
    status: 'open',
    checkout_id: checkout.checkoutId,
    checkout_url: checkout.url,
    expires_at: checkout.expiresAt,
    updated_at: now,
  });
}

/** A delayed method or an awaited transfer (with its instructions) reported by the provider. */
export async function markAttemptPending(
  db: Executor,
  attempt: AttemptRef,
  pending: { providerPaymentId: string | null; bankTransfer: BankTransferJson | null },
  now: Date,
): Promise<void> {
  await updateAttempt(db, attempt, {
    status: 'pending',
    provider_payment_id: pending.providerPaymentId,
    bank_transfer: pending.bankTransfer ? JSON.stringify(pending.bankTransfer) : null,
    updated_at: now,
  });
}

export async function markAttemptPaid(
  db: Executor,
  attempt: AttemptRef,
  providerPaymentId: string | null,
  now: Date,
): Promise<void> {
  await updateAttempt(db, attempt, {
    status: 'paid',
    provider_payment_id: providerPaymentId,
    ended_at: now,
    updated_at: now,
    bank_transfer: null,
  });
}

/**
 * Ends an attempt: a failure at the provider (`failed`, `canceled`, `expired`), replaced by the customer
 * (`superseded`) or not opened (`unavailable`). With `from`, only while the attempt still has that status.
 */
export async function endAttempt(
  db: Executor,
  attempt: AttemptRef,
  end: {
    status: Exclude<PaymentAttemptStatus, 'creating' | 'open' | 'pending' | 'paid'>;
    /** Left as it is when not given. */
    reason?: string | null;
    from?: PaymentAttemptStatus;
  },
  now: Date,
): Promise<void> {
  await updateAttempt(
    db,
    attempt,
    {
      status: end.status,
      ...(end.reason === undefined ? {} : { failure_reason: end.reason }),
      ended_at: now,
      updated_at: now,
    },
    end.from,
  );
}

/** Notes a reason on the attempt; true only the first time, so a replayed event says nothing again. */
export async function noteAttemptOnce(
  db: Executor,
  attempt: AttemptRef,
  reason: string,
  now: Date,
): Promise<boolean> {
  const noted = await db
    .updateTable('payment_attempts')
    .set({ failure_reason: reason, updated_at: now })
    .where('organization_id', '=', attempt.organization_id)
    .where('id', '=', attempt.id)
    .where((eb) => eb('failure_reason', 'is', null).or('failure_reason', '<>', reason))
    .returning('id')
    .executeTakeFirst();
  return noted !== undefined;
}

async function updateAttempt(
  db: Executor,
  attempt: AttemptRef,
  values: Updateable<PaymentAttemptsTable>,
  from?: PaymentAttemptStatus,
): Promise<void> {
  let q = db
    .updateTable('payment_attempts')
    .set(values)
    .where('organization_id', '=', attempt.organization_id)
    .where('id', '=', attempt.id);
  if (from) q = q.where('status', '=', from);
  await q.execute();
}
