import { describe, expect, it } from 'vitest';
import { renderInvoicePage } from '../../../src/portal/views/render-invoice-page.ts';
import { chromeFixture, invoicePageFixture } from './fixtures.ts';

describe('comment times', () => {
  it('are shown in the organization’s time zone', () => {
    const model = invoicePageFixture({ lang: 'fr' });
    const utc = renderInvoicePage(model);
    expect(utc).toContain('>15 mars 2026 à 09:30 UTC</time>');
    const brussels = renderInvoicePage({
      ...model,
      chrome: chromeFixture('fr', { timeZone: 'Europe/Brussels' }),
    });
    expect(brussels).toContain('>15 mars 2026 à 10:30 UTC+1</time>');
  });
});
