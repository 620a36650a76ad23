import { sql } from 'kysely';
import type {
  ActivityAction,
  ActivityItem,
  CurrencyFigures,
  DueInvoice,
  HomeFigures,
} from '../../back-office/view-models.ts';
import { fail, ok, type Result } from '../../core/result.ts';
import type { Executor } from '../../db/transaction.ts';
import { addDays, isIsoDate } from '../../domain/index.ts';

/** The actions the home page calls activity, as written to `audit_events` (see the migration 0009 index). */
export const ACTIVITY_ACTIONS = [
  'invoice.viewed',
  'invoice.commented',
  'invoice.payment_received',
  'invoice.payment_recorded',
  'invoice.payment_failed',
  'invoice.email_failed',
] as const satisfies readonly ActivityAction[];

export type { ActivityAction, ActivityItem, CurrencyFigures, DueInvoice, HomeFigures };

export interface HomeFiguresInput {
  organizationId: string;
  /** Today in the organization's time zone. */
  today: string;
  dueThisWeekLimit?: number;
  activityLimit?: number;
}

/**
 * The back office's home page: per currency, what is outstanding and overdue and what falls due this week;
 * the invoices due this week; the recent activity on invoices (viewed, commented, paid online or recorded,
 * payment failed, e-mail failed).
 *
 * NOTE: the amounts are **principal outstanding** (total − paid − credited, from the columns
 * `refreshSettlement` keeps), not the domain's amount due: late fees, compensation and interest are left out,
 * because computing them per invoice means loading every open invoice's payments and credit notes (far too
 * slow for 100,000 invoices), and because they are claims the organization may still waive. An invoice's
 * own page shows its amount due with them. Three indexed queries (migration 0009: `invoices_open_due`,
 * `audit_events_invoice_activity`).
 */
export async function homeFigures(db: Executor, input: HomeFiguresInput): Promise<Result<HomeFigures>> {
  if (!isIsoDate(input.today)) return fail('VALIDATION_FAILED', 'today');
  const { organizationId, today } = input;
  const weekEnd = addDays(today, 6);
  const principal = sql<number>`greatest(i.total_minor - i.paid_minor - i.credited_minor, 0)`;
  const open = sql<boolean>`i.state = 'issued' and i.settled_on is null`;

  const [sums, due, activity] = await Promise.all([
    db
      .selectFrom('invoices as i')
      .select([
        'i.currency',
        sql<number>`count(*)::int`.as('open_count'),
        sql<number>`coalesce(sum(${principal}), 0)::int8`.as('outstanding_minor'),
        sql<number>`(count(*) filter (where i.due_date < ${today}::date and ${principal} > 0))::int`.as(
          'overdue_count',
        ),
        sql<number>`coalesce(sum(${principal}) filter (where i.due_date < ${today}::date), 0)::int8`.as(
          'overdue_minor',
        ),
        sql<number>`(count(*) filter (where i.due_date between ${today}::date and ${weekEnd}::date))::int`.as(
          'due_week_count',
        ),
        sql<number>`coalesce(sum(${principal}) filter (where i.due_date between ${today}::date and ${weekEnd}::date), 0)::int8`.as(
          'due_week_minor',
        ),
      ])
      .where('i.organization_id', '=', organizationId)
      .where(open)
      .groupBy('i.currency')
      .orderBy('i.currency')
      .execute(),
    db
      .selectFrom('invoices as i')
      .select([
        'i.id',
        'i.number',
        'i.customer_id',
        sql<string>`(select c.name from customers c
          where c.organization_id = i.organization_id and c.id = i.customer_id)`.as('customer_name'),
        'i.due_date',
        'i.currency',
        principal.as('principal_minor'),
      ])
      .where('i.organization_id', '=', organizationId)
      .where(open)
      .where(sql<boolean>`i.due_date between ${today}::date and ${weekEnd}::date`)
      .orderBy('i.due_date')
      .orderBy('i.id')
      .limit(input.dueThisWeekLimit ?? 10)
      .execute(),
    db
      .selectFrom('audit_events as a')
      .innerJoin('invoices as i', (join) =>
        join.onRef('i.organization_id', '=', 'a.organization_id').onRef('i.id', '=', 'a.subject_id'),
      )
      .select(['a.id', 'a.action', 'a.created_at', 'a.actor', 'a.data', 'i.id as invoice_id', 'i.number'])
      .where('a.organization_id', '=', organizationId)
      // The literal predicate of the partial index, so PostgreSQL can prove it applies.
      .where(
        sql<boolean>`a.subject_type = 'invoice' and a.action in ('invoice.viewed', 'invoice.commented',
        'invoice.payment_received', 'invoice.payment_recorded', 'invoice.payment_failed', 'invoice.email_failed')`,
      )
      .orderBy('a.id', 'desc')
      .limit(input.activityLimit ?? 20)
      .execute(),
  ]);

  return ok({
    today,
    currencies: sums.map((row) => ({
      currency: row.currency,
      openCount: row.open_count,
      outstandingMinor: row.outstanding_minor,
      overdueCount: row.overdue_count,
      overdueMinor: row.overdue_minor,
      dueThisWeekCount: row.due_week_count,
      dueThisWeekMinor: row.due_week_minor,
    })),
    dueThisWeek: due.map((row) => ({
      id: row.id,
      number: row.number,
      customerId: row.customer_id,
      customerName: row.customer_name,
      dueDate: row.due_date,
      currency: row.currency,
      principalOutstandingMinor: row.principal_minor,
    })),
    activity: activity.map((row) => ({
      id: row.id,
      action: row.action as ActivityAction,
      at: row.created_at,
      actor: row.actor,
      invoiceId: row.invoice_id,
      invoiceNumber: row.number,
      data: row.data,
    })),
  });
}
