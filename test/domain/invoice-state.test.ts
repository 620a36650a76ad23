import { describe, expect, it } from 'vitest';
import { canEditInvoice, type InvoiceState, isVisibleToCustomer } from '../../src/domain/invoice-state.ts';

describe('invoice state', () => {
  it.each<[InvoiceState, boolean, boolean]>([
    ['draft', true, false],
    ['issued', false, true],
  ])('%s: editable %s, visible to the customer %s', (state, editable, visible) => {
    expect(canEditInvoice(state)).toBe(editable);
    expect(isVisibleToCustomer(state)).toBe(visible);
  });
});
