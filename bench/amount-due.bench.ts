import {
  type AmountDueInput,
  type AmountDuePayment,
  addDays,
  computeAmountDue,
  computeInvoiceTotals,
  type InvoiceLineInput,
  type LateFeePolicy,
  type PaymentStatus,
} from '../src/domain/index.ts';
import type { BenchResult } from './support/bench-result.ts';
import { type SeededRandom, seededRandom } from './support/seeded-random.ts';
import { formatMs, formatNumber, median } from './support/stats.ts';

const INVOICE_COUNT = 100_000;
const ROUNDS = 5;

const POLICIES: readonly (LateFeePolicy | null)[] = [
  null,
  { lateFeeBp: 1000, lateFeeMinimumMinor: 2500, annualInterestRateBp: 800, fixedCompensationB2B: true },
  { lateFeeBp: 0, lateFeeMinimumMinor: 0, annualInterestRateBp: 1250, fixedCompensationB2B: false },
  { lateFeeBp: 500, lateFeeMinimumMinor: 0, annualInterestRateBp: 0, fixedCompensationB2B: true },
];
const NO_WAIVERS = { lateFee: false, interest: false, compensation: false };

type Scenario = 'unpaid' | 'overdue' | 'partially_paid' | 'credited' | 'paid';

/** Share of each scenario among the generated invoices. */
const SCENARIO_WEIGHTS: readonly [Scenario, number][] = [
  ['unpaid', 0.2],
  ['overdue', 0.25],
  ['partially_paid', 0.25],
  ['credited', 0.1],
  ['paid', 0.2],
];

function pickScenario(random: SeededRandom): Scenario {
  let roll = random.next();
  for (const [scenario, weight] of SCENARIO_WEIGHTS) {
    if (roll < weight) return scenario;
    roll -= weight;
  }
  return 'paid';
}

function pickCurrency(random: SeededRandom): string {
  const roll = random.next();
  return roll < 0.8 ? 'EUR' : roll < 0.9 ? 'USD' : roll < 0.95 ? 'JPY' : 'KWD';
}

/** Splits `total` into `parts` positive amounts (total ≥ parts). */
function split(random: SeededRandom, total: number, parts: number): number[] {
  const amounts: number[] = [];
  let left = total;
  for (let index = parts; index > 1; index -= 1) {
    const amount = random.int(1, Math.max(1, Math.floor((left * 2) / index) - 1));
    amounts.push(amount);
    left -= amount;
  }
  amounts.push(left);
  return amounts;
}

/** `count` dates from `from` to `from + days` (both included), ascending. */
function datesBetween(random: SeededRandom, from: string, days: number, count: number): string[] {
  return Array.from({ length: count }, () => random.int(0, Math.max(0, days)))
    .sort((a, b) => a - b)
    .map((offset) => addDays(from, offset));
}

function payments(random: SeededRandom, id: number, amounts: number[], dates: string[]): AmountDuePayment[] {
  return amounts.map((amountMinor, index) => ({
    id: `p${id}-${index}`,
    paidOn: dates[index] as string,
    amountMinor,
    method: random.pick(['bank_transfer', 'card', 'direct_debit']),
  }));
}

/** One invoice in the given scenario; deterministic for a given generator state. */
function amountDueInput(random: SeededRandom, id: number, scenario: Scenario): AmountDueInput {
  const currency = pickCurrency(random);
  const totalMinor = random.int(1_000, 5_000_000);
  const issueDate = addDays('2023-01-01', random.int(0, 1200));
  const dueDate = addDays(issueDate, random.pick([14, 30, 60]));
  const base: AmountDueInput = {
    currency,
    totalMinor,
    issueDate,
    dueDate,
    creditNotes: [],
    payments: [],
    policy: random.pick(POLICIES),
    waivers: random.chance(0.05)
      ? { lateFee: true, interest: random.chance(0.5), compensation: true }
      : NO_WAIVERS,
    customerKind: random.chance(0.7) ? 'company' : 'person',
    asOf: addDays(dueDate, random.int(1, 400)),
  };
  switch (scenario) {
    case 'unpaid':
      return { ...base, asOf: addDays(issueDate, random.int(0, 13)) };
    case 'overdue':
      return base;
    case 'partially_paid': {
      const count = random.int(2, 5);
      const amounts = split(random, Math.floor(totalMinor * (0.2 + random.next() * 0.6)), count);
      const span = random.int(1, 400);
      return {
        ...base,
        asOf: addDays(issueDate, span + 1),
        payments: payments(random, id, amounts, datesBetween(random, issueDate, span, count)),
      };
    }
    case 'credited': {
      const creditDate = addDays(issueDate, random.int(1, 90));
      const full = random.chance(0.6);
      const credited = full ? totalMinor : Math.floor(totalMinor / 2);
      return {
        ...base,
        asOf: addDays(creditDate, random.int(0, 100)),
        creditNotes: [{ id: `c${id}`, number: `CN-${id}`, issueDate: creditDate, totalMinor: credited }],
        payments: full ? [] : payments(random, id, [totalMinor - credited], [creditDate]),
      };
    }
    case 'paid': {
      if (random.chance(0.5)) {
        // Paid on time (the due date is at least 14 days after the issue date), in one to three payments.
        const count = random.int(1, 3);
        const dates = datesBetween(random, issueDate, 13, count);
        return {
          ...base,
          payments: payments(random, id, split(random, totalMinor, count), dates),
          asOf: addDays(dates.at(-1) as string, random.int(0, 200)),
        };
      }
      // Paid late: a first part, then the rest with the fees and interest on `asOf`.
      const firstPart = Math.floor(totalMinor / 3);
      const withFirst: AmountDueInput = {
        ...base,
        payments: payments(random, id, [firstPart], [addDays(issueDate, random.int(0, 10))]),
      };
      const rest = computeAmountDue(withFirst).amountDueMinor;
      return {
        ...withFirst,
        payments: [...withFirst.payments, { id: `p${id}-last`, paidOn: base.asOf, amountMinor: rest }],
      };
    }
  }
}

function buildAmountDueInputs(count: number): AmountDueInput[] {
  const random = seededRandom(20_261_125);
  return Array.from({ length: count }, (_, id) => amountDueInput(random, id, pickScenario(random)));
}

const QUANTITIES = ['1', '2', '3', '10', '0.5', '2.5', '1.75', '0.125', '12', '7.3333'];

function buildInvoiceLines(count: number): { currency: string; lines: InvoiceLineInput[] }[] {
  const random = seededRandom(7_040_211);
  return Array.from({ length: count }, () => {
    const lineCount = random.int(1, 10);
    const lines = Array.from({ length: lineCount }, (_, index): InvoiceLineInput => {
      const special = random.chance(0.05);
      return {
        description: `Line ${index + 1}`,
        quantity: random.pick(QUANTITIES),
        unitPriceMinor: random.int(1, 500_000),
        ...(random.chance(0.2) ? { discountBp: random.pick([500, 1000, 2500]) } : {}),
        vatRateBp: special ? 0 : random.pick([2100, 2100, 1200, 600, 0]),
        ...(special ? { vatCategory: random.pick(['zero', 'exempt', 'reverse_charge'] as const) } : {}),
      };
    });
    return { currency: pickCurrency(random), lines };
  });
}

/** Runs `work` once to warm up, then `rounds` times; returns each round's duration in ms and the warm-up's value. */
function timeRounds<T>(rounds: number, work: () => T): { durations: number[]; warmUp: T } {
  const warmUp = work();
  const durations: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const started = performance.now();
    work();
    durations.push(performance.now() - started);
  }
  return { durations, warmUp };
}

function roundsDetails(durations: number[], count: number): string {
  const sorted = [...durations].sort((a, b) => a - b);
  return (
    `median ${formatMs(median(durations))} per ${formatNumber(count)} ` +
    `(${ROUNDS} rounds ${formatMs(sorted[0] as number)}–${formatMs(sorted.at(-1) as number)}, after a warm-up)`
  );
}

export async function run(): Promise<BenchResult[]> {
  let started = performance.now();
  const inputs = buildAmountDueInputs(INVOICE_COUNT);
  console.log(
    `  built ${formatNumber(inputs.length)} amount-due inputs in ${formatMs(performance.now() - started)}`,
  );

  const amountDue = timeRounds(ROUNDS, () => {
    const statuses: Record<PaymentStatus, number> = {
      unpaid: 0,
      overdue: 0,
      partially_paid: 0,
      paid: 0,
      credited: 0,
    };
    let lines = 0;
    for (const input of inputs) {
      const due = computeAmountDue(input);
      statuses[due.status] += 1;
      lines += due.lines.length;
    }
    return { statuses, lines };
  });
  const mix = Object.entries(amountDue.warmUp.statuses)
    .map(([status, count]) => `${status} ${formatNumber((count * 100) / inputs.length)} %`)
    .join(', ');
  const amountDueMs = median(amountDue.durations);

  started = performance.now();
  const invoices = buildInvoiceLines(INVOICE_COUNT);
  const lineCount = invoices.reduce((sum, invoice) => sum + invoice.lines.length, 0);
  console.log(
    `  built ${formatNumber(invoices.length)} invoices to total in ${formatMs(performance.now() - started)}`,
  );
  const totals = timeRounds(ROUNDS, () => {
    let refused = 0;
    for (const invoice of invoices) {
      if (!computeInvoiceTotals(invoice.currency, invoice.lines).ok) refused += 1;
    }
    return refused;
  });
  const totalsMs = median(totals.durations);

  return [
    {
      name: `computeAmountDue, ${formatNumber(INVOICE_COUNT)} invoices`,
      unit: 'invoices/s',
      value: (INVOICE_COUNT * 1000) / amountDueMs,
      details:
        `${roundsDetails(amountDue.durations, INVOICE_COUNT)}; ` +
        `${formatNumber(amountDue.warmUp.lines / inputs.length)} calculation lines/invoice; statuses: ${mix}`,
    },
    {
      name: `computeInvoiceTotals, ${formatNumber(INVOICE_COUNT)} invoices`,
      unit: 'invoices/s',
      value: (INVOICE_COUNT * 1000) / totalsMs,
      details:
        `${roundsDetails(totals.durations, INVOICE_COUNT)}; ` +
        `1–10 lines (${formatNumber(lineCount / invoices.length)} on average), ${totals.warmUp} refused`,
    },
  ];
}
