import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AmountDueInput, computeAmountDue } from '../../src/domain/amount-due.ts';
import { addDays } from '../../src/domain/dates.ts';
import type { FeeWaivers, LateFeePolicy } from '../../src/domain/late-fees.ts';

const NO_WAIVERS: FeeWaivers = { lateFee: false, interest: false, compensation: false };

function policy(overrides: Partial<LateFeePolicy>): LateFeePolicy {
  return {
    lateFeeBp: 0,
    lateFeeMinimumMinor: 0,
    annualInterestRateBp: 0,
    fixedCompensationB2B: false,
    ...overrides,
  };
}

/** EUR 1 210.00 issued 2026-01-01, due 2026-01-31, nothing paid, no policy, looked at on 2026-01-15. */
function invoice(overrides: Partial<AmountDueInput> = {}): AmountDueInput {
  return {
    currency: 'EUR',
    totalMinor: 121_000,
    issueDate: '2026-01-01',
    dueDate: '2026-01-31',
    creditNotes: [],
    payments: [],
    policy: null,
    waivers: NO_WAIVERS,
    customerKind: 'company',
    asOf: '2026-01-15',
    ...overrides,
  };
}

function payment(paidOn: string, amountMinor: number, id = `pay-${paidOn}-${amountMinor}`) {
  return { id, paidOn, amountMinor, method: 'transfer' };
}

describe('computeAmountDue: unpaid and overdue', () => {
  it('is unpaid before the due date', () => {
    expect(computeAmountDue(invoice())).toEqual({
      currency: 'EUR',
      lines: [{ kind: 'invoice_total', amountMinor: 121_000 }],
      amountDueMinor: 121_000,
      creditBalanceMinor: 0,
      creditedMinor: 0,
      paidMinor: 0,
      lateFeeMinor: 0,
      interestMinor: 0,
      compensationMinor: 0,
      principalOutstandingMinor: 121_000,
      status: 'unpaid',
      overdue: false,
      overdueDays: 0,
      paidOn: null,
      hasAdjustments: false,
    });
  });

  it('is not overdue on the due date itself', () => {
    const due = computeAmountDue(invoice({ asOf: '2026-01-31', policy: policy({ lateFeeBp: 1000 }) }));
    expect(due).toMatchObject({ status: 'unpaid', overdue: false, overdueDays: 0, lateFeeMinor: 0 });
  });

  it('is overdue the day after, without fees when there is no policy', () => {
    const due = computeAmountDue(invoice({ asOf: '2026-02-10' }));
    expect(due).toMatchObject({
      status: 'overdue',
      overdue: true,
      overdueDays: 10,
      amountDueMinor: 121_000,
      hasAdjustments: false,
    });
  });

  it('charges the percentage late fee when it is above the minimum', () => {
    // 10 % of 1 210.00 = 121.00 > 25.00
    const due = computeAmountDue(
      invoice({ asOf: '2026-02-10', policy: policy({ lateFeeBp: 1000, lateFeeMinimumMinor: 2500 }) }),
    );
    expect(due.lines).toEqual([
      { kind: 'invoice_total', amountMinor: 121_000 },
      { kind: 'late_fee', amountMinor: 12_100, rateBp: 1000, minimumMinor: 2500, baseMinor: 121_000 },
    ]);
    expect(due).toMatchObject({ lateFeeMinor: 12_100, amountDueMinor: 133_100, status: 'overdue' });
    expect(due.hasAdjustments).toBe(true);
  });

  it('charges the minimum late fee when the percentage is below it', () => {
    // 10 % of 100.00 = 10.00 < 25.00
    const due = computeAmountDue(
      invoice({
        totalMinor: 10_000,
        asOf: '2026-02-10',
        policy: policy({ lateFeeBp: 1000, lateFeeMinimumMinor: 2500 }),
      }),
    );
    expect(due).toMatchObject({ lateFeeMinor: 2500, amountDueMinor: 12_500 });
  });

  it('bases the late fee on what was outstanding at the due date', () => {
    // 1 000.00 paid on 20 January: 210.00 outstanding at the due date, 10 % = 21.00 < 25.00 → 25.00
    const due = computeAmountDue(
      invoice({
        asOf: '2026-02-10',
        payments: [payment('2026-01-20', 100_000)],
        policy: policy({ lateFeeBp: 1000, lateFeeMinimumMinor: 2500 }),
      }),
    );
    expect(due).toMatchObject({
      lateFeeMinor: 2500,
      amountDueMinor: 23_500, // 210.00 + 25.00
      principalOutstandingMinor: 21_000,
      status: 'partially_paid',
      overdue: true,
      overdueDays: 10,
    });
    expect(due.lines.find((l) => l.kind === 'late_fee')).toMatchObject({ baseMinor: 21_000 });
  });

  it('keeps the late fee when the principal is paid after the due date', () => {
    const lateFeePolicy = policy({ lateFeeBp: 1000 });
    const paidLate = computeAmountDue(
      invoice({
        totalMinor: 100_000,
        asOf: '2026-02-10',
        payments: [payment('2026-02-05', 100_000)],
        policy: lateFeePolicy,
      }),
    );
    expect(paidLate).toMatchObject({
      amountDueMinor: 10_000,
      principalOutstandingMinor: 0,
      status: 'partially_paid',
      overdue: false,
      overdueDays: 0,
      paidOn: null,
    });
    const feePaidToo = computeAmountDue(
      invoice({
        totalMinor: 100_000,
        asOf: '2026-02-10',
        payments: [payment('2026-02-05', 100_000), payment('2026-02-08', 10_000)],
        policy: lateFeePolicy,
      }),
    );
    // On 5 February 100.00 of fee was still owed; on 8 February nothing.
    expect(feePaidToo).toMatchObject({ amountDueMinor: 0, status: 'paid', paidOn: '2026-02-08' });
  });
});

describe('computeAmountDue: interest', () => {
  const interestPolicy = policy({ annualInterestRateBp: 1250 });

  it('accrues over one period from the day after the due date', () => {
    // 1 000.00 × 12.5 % × 30 / 365 = 10.27397 → 10.27 (31 January → 2 March is 30 days)
    const due = computeAmountDue(
      invoice({ totalMinor: 100_000, asOf: '2026-03-02', policy: interestPolicy }),
    );
    expect(due.lines).toEqual([
      { kind: 'invoice_total', amountMinor: 100_000 },
      {
        kind: 'interest',
        amountMinor: 1027,
        rateBp: 1250,
        from: '2026-02-01',
        to: '2026-03-02',
        days: 30,
        baseMinor: 100_000,
      },
    ]);
    expect(due).toMatchObject({
      interestMinor: 1027,
      amountDueMinor: 101_027,
      status: 'overdue',
      overdueDays: 30,
    });
  });

  it('splits the interest at a partial payment', () => {
    // (31 Jan, 15 Feb]: 15 days on 1 000.00: 1 000.00 × 0.125 × 15 / 365 = 5.13698 → 5.14
    // (15 Feb, 2 Mar]:  15 days on   600.00:   600.00 × 0.125 × 15 / 365 = 3.08219 → 3.08
    // amount due = 1 000.00 − 400.00 + 5.14 + 3.08 = 608.22
    const due = computeAmountDue(
      invoice({
        totalMinor: 100_000,
        asOf: '2026-03-02',
        payments: [{ id: 'p1', paidOn: '2026-02-15', amountMinor: 40_000, method: 'card' }],
        policy: interestPolicy,
      }),
    );
    expect(due.lines).toEqual([
      { kind: 'invoice_total', amountMinor: 100_000 },
      { kind: 'payment', amountMinor: -40_000, paymentId: 'p1', date: '2026-02-15', method: 'card' },
      {
        kind: 'interest',
        amountMinor: 514,
        rateBp: 1250,
        from: '2026-02-01',
        to: '2026-02-15',
        days: 15,
        baseMinor: 100_000,
      },
      {
        kind: 'interest',
        amountMinor: 308,
        rateBp: 1250,
        from: '2026-02-16',
        to: '2026-03-02',
        days: 15,
        baseMinor: 60_000,
      },
    ]);
    expect(due).toMatchObject({
      interestMinor: 822,
      paidMinor: 40_000,
      principalOutstandingMinor: 60_000,
      amountDueMinor: 60_822,
      status: 'partially_paid',
      overdue: true,
      overdueDays: 30,
    });
  });

  it('uses the principal after a payment made before the due date', () => {
    // 600.00 × 0.125 × 30 / 365 = 6.16438 → 6.16
    const due = computeAmountDue(
      invoice({
        totalMinor: 100_000,
        asOf: '2026-03-02',
        payments: [payment('2026-01-20', 40_000)],
        policy: interestPolicy,
      }),
    );
    expect(due).toMatchObject({ interestMinor: 616, amountDueMinor: 60_616 });
  });

  it('counts a payment made on asOf after the last period', () => {
    // The period (31 Jan, 2 Mar] uses the principal after events up to 31 January: 1 000.00 → 10.27
    const due = computeAmountDue(
      invoice({
        totalMinor: 100_000,
        asOf: '2026-03-02',
        payments: [payment('2026-03-02', 40_000)],
        policy: interestPolicy,
      }),
    );
    expect(due).toMatchObject({ interestMinor: 1027, amountDueMinor: 61_027 });
    expect(due.lines.filter((l) => l.kind === 'interest')).toHaveLength(1);
  });

  it('stops once the principal is paid', () => {
    const due = computeAmountDue(
      invoice({
        totalMinor: 100_000,
        asOf: '2026-03-31',
        payments: [payment('2026-02-15', 100_000)],
        policy: interestPolicy,
      }),
    );
    expect(due).toMatchObject({
      interestMinor: 514,
      amountDueMinor: 514,
      status: 'partially_paid',
      overdue: false,
    });
    expect(due.lines.filter((l) => l.kind === 'interest')).toHaveLength(1);
  });

  it('omits a period whose interest rounds to zero', () => {
    // 1.00 × 0.125 / 365 = 0.00034 → 0
    const due = computeAmountDue(invoice({ totalMinor: 100, asOf: '2026-02-01', policy: interestPolicy }));
    expect(due.lines).toEqual([{ kind: 'invoice_total', amountMinor: 100 }]);
    expect(due).toMatchObject({ interestMinor: 0, hasAdjustments: false, status: 'overdue' });
  });
});

describe('computeAmountDue: credit notes and payments', () => {
  it('is credited by two credit notes, in date order, without late fee', () => {
    const due = computeAmountDue(
      invoice({
        asOf: '2026-02-15',
        creditNotes: [
          { id: 'cn2', number: 'CN-2', issueDate: '2026-01-20', totalMinor: 100_000 },
          { id: 'cn1', number: 'CN-1', issueDate: '2026-01-10', totalMinor: 21_000 },
        ],
        policy: policy({ lateFeeBp: 1000, lateFeeMinimumMinor: 2500, annualInterestRateBp: 800 }),
      }),
    );
    expect(due.lines).toEqual([
      { kind: 'invoice_total', amountMinor: 121_000 },
      { kind: 'credit_note', amountMinor: -21_000, creditNoteId: 'cn1', number: 'CN-1', date: '2026-01-10' },
      { kind: 'credit_note', amountMinor: -100_000, creditNoteId: 'cn2', number: 'CN-2', date: '2026-01-20' },
    ]);
    expect(due).toMatchObject({
      amountDueMinor: 0,
      creditedMinor: 121_000,
      paidMinor: 0,
      status: 'credited',
      overdue: false,
      paidOn: null,
      hasAdjustments: true,
    });
  });

  it('is paid by one payment', () => {
    const due = computeAmountDue(
      invoice({
        asOf: '2026-02-15',
        payments: [{ id: 'p1', paidOn: '2026-01-25', amountMinor: 121_000, method: 'card' }],
        policy: policy({ lateFeeBp: 1000, annualInterestRateBp: 800, fixedCompensationB2B: true }),
      }),
    );
    expect(due).toMatchObject({
      amountDueMinor: 0,
      paidMinor: 121_000,
      lateFeeMinor: 0,
      compensationMinor: 0,
      interestMinor: 0,
      status: 'paid',
      overdue: false,
      paidOn: '2026-01-25',
    });
    expect(due.lines[1]).toEqual({
      kind: 'payment',
      amountMinor: -121_000,
      paymentId: 'p1',
      date: '2026-01-25',
      method: 'card',
    });
  });

  it('is paid on the date of the last part', () => {
    const due = computeAmountDue(
      invoice({ payments: [payment('2026-01-12', 61_000), payment('2026-01-10', 60_000)] }),
    );
    expect(due).toMatchObject({ status: 'paid', paidOn: '2026-01-12' });
    expect(due.lines.map((l) => l.amountMinor)).toEqual([121_000, -60_000, -61_000]);
  });

  it('is partly paid and partly credited', () => {
    const due = computeAmountDue(
      invoice({
        payments: [payment('2026-01-05', 100_000)],
        creditNotes: [{ id: 'cn1', number: 'CN-1', issueDate: '2026-01-08', totalMinor: 21_000 }],
      }),
    );
    expect(due).toMatchObject({ status: 'paid', paidOn: '2026-01-08', amountDueMinor: 0 });
  });

  it('shows a credit balance when over-paid', () => {
    const due = computeAmountDue(invoice({ payments: [payment('2026-01-10', 125_000)] }));
    expect(due).toMatchObject({
      amountDueMinor: -4000,
      creditBalanceMinor: 4000,
      principalOutstandingMinor: -4000,
      status: 'paid',
      paidOn: '2026-01-10',
    });
  });

  it('counts a refund as a positive line', () => {
    const due = computeAmountDue(
      invoice({ payments: [payment('2026-01-10', 125_000), payment('2026-01-12', -4000)] }),
    );
    expect(due.lines.map((l) => l.amountMinor)).toEqual([121_000, -125_000, 4000]);
    expect(due).toMatchObject({
      amountDueMinor: 0,
      creditBalanceMinor: 0,
      paidMinor: 121_000,
      paidOn: '2026-01-10',
    });
  });

  it('takes the date of the payment that settled it for good after a refund', () => {
    const due = computeAmountDue(
      invoice({
        payments: [
          payment('2026-01-05', 121_000),
          payment('2026-01-07', -121_000),
          payment('2026-01-12', 121_000),
        ],
      }),
    );
    expect(due).toMatchObject({ status: 'paid', paidOn: '2026-01-12' });
  });

  it('lists credit notes before payments on the same day', () => {
    const due = computeAmountDue(
      invoice({
        payments: [{ id: 'p1', paidOn: '2026-01-10', amountMinor: 1000 }],
        creditNotes: [{ id: 'cn1', number: 'CN-1', issueDate: '2026-01-10', totalMinor: 2000 }],
      }),
    );
    expect(due.lines.map((l) => l.kind)).toEqual(['invoice_total', 'credit_note', 'payment']);
    expect(due.lines[2]).toMatchObject({ method: null });
    expect(due).toMatchObject({ amountDueMinor: 118_000, status: 'partially_paid' });
  });

  it('ignores credit notes and payments dated after asOf', () => {
    const future = invoice({
      asOf: '2026-02-10',
      payments: [payment('2026-02-20', 121_000)],
      creditNotes: [{ id: 'cn1', number: 'CN-1', issueDate: '2026-02-11', totalMinor: 121_000 }],
    });
    expect(computeAmountDue(future)).toMatchObject({
      lines: [{ kind: 'invoice_total', amountMinor: 121_000 }],
      amountDueMinor: 121_000,
      paidMinor: 0,
      creditedMinor: 0,
      status: 'overdue',
    });
    expect(computeAmountDue({ ...future, asOf: '2026-02-20' })).toMatchObject({ status: 'credited' });
  });

  it('treats a zero invoice as paid on its issue date', () => {
    expect(computeAmountDue(invoice({ totalMinor: 0 }))).toMatchObject({
      status: 'paid',
      paidOn: '2026-01-01',
    });
  });
});

describe('computeAmountDue: waivers and the fixed compensation', () => {
  const fullPolicy = policy({
    lateFeeBp: 1000,
    lateFeeMinimumMinor: 2500,
    annualInterestRateBp: 1250,
    fixedCompensationB2B: true,
  });
  const overdueInvoice = invoice({ totalMinor: 100_000, asOf: '2026-03-02', policy: fullPolicy });

  it.each([
    // fee 100.00 (10 % of 1 000.00), compensation 40.00, interest 10.27 (see above)
    [NO_WAIVERS, 10_000, 4000, 1027, 115_027],
    [{ ...NO_WAIVERS, lateFee: true }, 0, 4000, 1027, 105_027],
    [{ ...NO_WAIVERS, interest: true }, 10_000, 4000, 0, 114_000],
    [{ ...NO_WAIVERS, compensation: true }, 10_000, 0, 1027, 111_027],
    [{ lateFee: true, interest: true, compensation: true }, 0, 0, 0, 100_000],
  ])(
    'with waivers %o: fee %d, compensation %d, interest %d, due %d',
    (waivers, fee, compensation, interest, total) => {
      const due = computeAmountDue({ ...overdueInvoice, waivers });
      expect(due).toMatchObject({
        lateFeeMinor: fee,
        compensationMinor: compensation,
        interestMinor: interest,
        amountDueMinor: total,
        hasAdjustments: total !== 100_000,
      });
    },
  );

  it('orders fee, compensation and interest lines after the events', () => {
    const due = computeAmountDue({ ...overdueInvoice, payments: [payment('2026-01-10', 1)] });
    expect(due.lines.map((l) => l.kind)).toEqual([
      'invoice_total',
      'payment',
      'late_fee',
      'compensation',
      'interest',
    ]);
  });

  const compensationOnly = policy({ fixedCompensationB2B: true });
  it.each([
    ['a company in EUR, overdue', invoice({ asOf: '2026-02-01', policy: compensationOnly }), 4000],
    ['a person', invoice({ asOf: '2026-02-01', policy: compensationOnly, customerKind: 'person' }), 0],
    ['a company in USD', invoice({ asOf: '2026-02-01', policy: compensationOnly, currency: 'USD' }), 0],
    ['a company, not yet overdue', invoice({ asOf: '2026-01-31', policy: compensationOnly }), 0],
    ['a company, policy without it', invoice({ asOf: '2026-02-01', policy: policy({}) }), 0],
    [
      'a company that paid on time',
      invoice({ asOf: '2026-02-01', policy: compensationOnly, payments: [payment('2026-01-31', 121_000)] }),
      0,
    ],
  ])('claims EUR 40 from %s: %d', (_label, input, expected) => {
    const due = computeAmountDue(input);
    expect(due.compensationMinor).toBe(expected);
    expect(due.lines.some((l) => l.kind === 'compensation')).toBe(expected > 0);
  });
});

describe('computeAmountDue: invalid input', () => {
  it.each<[string, Partial<AmountDueInput>]>([
    ['an unknown currency', { currency: 'XXX' }],
    ['a fractional total', { totalMinor: 1.5 }],
    ['an invalid due date', { dueDate: '2026-02-30' }],
    ['an invalid asOf', { asOf: 'today' }],
    ['a fractional payment', { payments: [payment('2026-01-10', 0.5)] }],
    ['an invalid payment date', { payments: [payment('2026-13-01', 5)] }],
    [
      'an invalid credit note',
      { creditNotes: [{ id: 'c', number: 'C', issueDate: '2026-01-01', totalMinor: Number.NaN }] },
    ],
    ['a negative policy rate', { policy: policy({ annualInterestRateBp: -1 }) }],
  ])('throws on %s', (_label, overrides) => {
    expect(() => computeAmountDue(invoice(overrides))).toThrow(RangeError);
  });
});

describe('computeAmountDue: properties', () => {
  const BASE_DATE = '2026-01-01';
  const dayArbitrary = fc.integer({ min: 0, max: 200 }).map((offset) => addDays(BASE_DATE, offset));
  const paymentArbitrary = fc.record({
    id: fc.uuid(),
    paidOn: dayArbitrary,
    amountMinor: fc.oneof(fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: -20_000, max: 0 })),
    method: fc.constantFrom('card', null),
  });
  const inputArbitrary = fc.record({
    currency: fc.constantFrom('EUR', 'USD', 'JPY', 'KWD'),
    totalMinor: fc.integer({ min: 0, max: 500_000 }),
    issueDate: fc.constant(BASE_DATE),
    dueDate: fc.integer({ min: 0, max: 60 }).map((offset) => addDays(BASE_DATE, offset)),
    creditNotes: fc.array(
      fc.record({ id: fc.uuid(), number: fc.string(), issueDate: dayArbitrary, totalMinor: fc.nat(200_000) }),
      { maxLength: 3 },
    ),
    payments: fc.array(paymentArbitrary, { maxLength: 5 }),
    policy: fc.option(
      fc.record({
        lateFeeBp: fc.integer({ min: 0, max: 2000 }),
        lateFeeMinimumMinor: fc.nat(5000),
        annualInterestRateBp: fc.integer({ min: 0, max: 2000 }),
        fixedCompensationB2B: fc.boolean(),
      }),
    ),
    waivers: fc.record({ lateFee: fc.boolean(), interest: fc.boolean(), compensation: fc.boolean() }),
    customerKind: fc.constantFrom('company' as const, 'person' as const),
    asOf: dayArbitrary,
  });

  it('amount due = total − credited − paid + fee + compensation + interest = Σ lines', () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const due = computeAmountDue(input);
        const credited = input.creditNotes
          .filter((c) => c.issueDate <= input.asOf)
          .reduce((sum, c) => sum + c.totalMinor, 0);
        const paid = input.payments
          .filter((p) => p.paidOn <= input.asOf)
          .reduce((sum, p) => sum + p.amountMinor, 0);
        expect(due.creditedMinor).toBe(credited);
        expect(due.paidMinor).toBe(paid);
        expect(due.principalOutstandingMinor).toBe(input.totalMinor - credited - paid);
        expect(due.amountDueMinor).toBe(
          input.totalMinor - credited - paid + due.lateFeeMinor + due.compensationMinor + due.interestMinor,
        );
        expect(due.lines.reduce((sum, l) => sum + l.amountMinor, 0)).toBe(due.amountDueMinor);
        expect(due.creditBalanceMinor).toBe(Math.max(0, -due.amountDueMinor));
        for (const amount of [
          due.amountDueMinor,
          due.lateFeeMinor,
          due.interestMinor,
          due.compensationMinor,
        ]) {
          expect(Number.isSafeInteger(amount)).toBe(true);
        }
        expect(due.overdue).toBe(input.asOf > input.dueDate && due.principalOutstandingMinor > 0);
        expect(due.paidOn !== null).toBe(due.status === 'paid');
        if (due.paidOn !== null && due.paidOn !== input.issueDate) {
          expect(due.paidOn <= input.asOf).toBe(true);
        }
        expect(due.hasAdjustments).toBe(due.lines.slice(1).some((l) => l.amountMinor !== 0));
      }),
    );
  });

  it('never grows when a payment is added', () => {
    fc.assert(
      fc.property(
        inputArbitrary,
        fc.record({ id: fc.uuid(), paidOn: dayArbitrary, amountMinor: fc.integer({ min: 1, max: 200_000 }) }),
        (input, extraPayment) => {
          const before = computeAmountDue(input).amountDueMinor;
          const after = computeAmountDue({
            ...input,
            payments: [...input.payments, extraPayment],
          }).amountDueMinor;
          expect(after).toBeLessThanOrEqual(before);
        },
      ),
    );
  });

  it('accrues interest that never decreases as asOf moves on', () => {
    fc.assert(
      fc.property(inputArbitrary, fc.integer({ min: 1, max: 400 }), (input, laterBy) => {
        const earlier = computeAmountDue(input);
        const later = computeAmountDue({ ...input, asOf: addDays(input.asOf, laterBy) });
        expect(later.interestMinor).toBeGreaterThanOrEqual(earlier.interestMinor);
      }),
    );
  });

  it('accrues strictly more interest on an unpaid invoice after a year than after a day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10_000, max: 10_000_000 }),
        fc.integer({ min: 100, max: 2000 }),
        (total, rate) => {
          const unpaid = invoice({ totalMinor: total, policy: policy({ annualInterestRateBp: rate }) });
          const oneDay = computeAmountDue({ ...unpaid, asOf: '2026-02-01' }).interestMinor;
          const oneYear = computeAmountDue({ ...unpaid, asOf: '2027-01-31' }).interestMinor;
          // 365 days at the annual rate is exactly rate × total, rounded half up (both are positive).
          expect(oneYear).toBe(Math.floor((total * rate + 5000) / 10_000));
          expect(oneYear).toBeGreaterThan(oneDay);
        },
      ),
    );
  });
});
