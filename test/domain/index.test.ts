import { describe, expect, it } from 'vitest';
import * as domain from '../../src/domain/index.ts';

describe('domain index', () => {
  it.each([
    'computeAmountDue',
    'computeInvoiceTotals',
    'computeLateFee',
    'computeInterest',
    'overdueDuration',
    'belgianStructuredReference',
    'isValidBelgianStructuredReference',
    'rfReference',
    'isValidRfReference',
    'formatRfReference',
    'paymentReferenceFromNumber',
    'canEditInvoice',
    'isVisibleToCustomer',
    'attemptStatusAfter',
    'reportedStatusOf',
    'isEndedAttempt',
    'isFailedAttempt',
    'lockOutcomeOf',
    'isIsoDate',
    'addDays',
    'diffDays',
    'compareDates',
    'maxDate',
    'minDate',
    'dateInTimeZone',
    'isTimeZone',
    'monthsBetween',
    'isCurrencyCode',
    'currencyExponent',
    'roundHalfAwayFromZero',
    'assertMinor',
    'parseDecimal',
    'parseMajorToMinor',
    'formatMinorPlain',
  ])('re-exports %s', (name) => {
    expect(typeof (domain as Record<string, unknown>)[name]).toBe('function');
  });

  it('re-exports the constants', () => {
    expect(domain.CURRENCY_EXPONENTS.EUR).toBe(2);
    expect(domain.LEGAL_NOTE_TEXT.reverse_charge.en).toMatch(/Article 196/);
  });
});
