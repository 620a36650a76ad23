/**
 * The billing domain: pure rules with no I/O and no clock. Everything the rest of the application uses
 * from the domain is exported here.
 *
 * @module
 */
export * from './amount-due.ts';
export * from './dates.ts';
export * from './iban.ts';
export * from './invoice-state.ts';
export * from './invoice-totals.ts';
export * from './late-fees.ts';
export * from './money.ts';
export * from './overdue.ts';
export * from './payment-attempt-status.ts';
export * from './payment-lock.ts';
export * from './payment-reference.ts';
