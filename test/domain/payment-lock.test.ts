import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAILURES_BEFORE_LOCK, type PaymentOutcome, paymentLock } from '../../src/domain/index.ts';

const T0 = new Date('2026-11-25T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const failed = (minutes: number): PaymentOutcome => ({ outcome: 'failed', at: at(minutes) });
const paid = (minutes: number): PaymentOutcome => ({ outcome: 'paid', at: at(minutes) });

describe('paymentLock (R18)', () => {
  it.each([
    ['no attempt', [], 0, { locked: false, until: null, failuresInARow: 0 }],
    ['four failures', [failed(0), failed(1), failed(2), failed(3)], 4, { locked: false, failuresInARow: 4 }],
    [
      'five failures: blocked for an hour from the fifth',
      [failed(0), failed(1), failed(2), failed(3), failed(4)],
      5,
      { locked: true, until: at(64), failuresInARow: 0 },
    ],
    [
      'still blocked a minute before the hour',
      [failed(0), failed(1), failed(2), failed(3), failed(4)],
      63,
      { locked: true },
    ],
    [
      'free again at the hour',
      [failed(0), failed(1), failed(2), failed(3), failed(4)],
      64,
      { locked: false, failuresInARow: 0 },
    ],
    [
      'a success in between resets the count',
      [failed(0), failed(1), failed(2), paid(3), failed(4), failed(5)],
      6,
      { locked: false, failuresInARow: 2 },
    ],
    [
      'after the hour, five more failures block again',
      [
        failed(0),
        failed(1),
        failed(2),
        failed(3),
        failed(4),
        failed(70),
        failed(71),
        failed(72),
        failed(73),
        failed(74),
      ],
      80,
      { locked: true, until: at(134) },
    ],
    [
      'a late failure reported during the block is not counted',
      [failed(0), failed(1), failed(2), failed(3), failed(4), failed(30)],
      65,
      { locked: false, failuresInARow: 0 },
    ],
  ] as const)('%s', (_name, outcomes, nowMinutes, expected) => {
    expect(paymentLock(outcomes, at(nowMinutes))).toMatchObject(expected);
  });

  it('does not depend on the order the outcomes are given in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ paidOutcome: fc.boolean(), minute: fc.integer({ min: 0, max: 300 }) }), {
          maxLength: 20,
        }),
        fc.integer({ min: 0, max: 400 }),
        (raw, now) => {
          const outcomes = raw.map((r) => (r.paidOutcome ? paid(r.minute) : failed(r.minute)));
          const reversed = [...outcomes].reverse();
          expect(paymentLock(reversed, at(now))).toEqual(paymentLock(outcomes, at(now)));
        },
      ),
    );
  });

  it('never blocks with fewer failures than the limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: FAILURES_BEFORE_LOCK - 1 }),
        (minutes) => {
          expect(paymentLock(minutes.map(failed), at(301)).locked).toBe(false);
        },
      ),
    );
  });
});
