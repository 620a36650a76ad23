import { describe, expect, it } from 'vitest';
import { renderHistoryPage } from '../../../src/portal/views/render-history-page.ts';
import { historyPageFixture } from './fixtures.ts';
import {
  allMatches,
  decodeEntities,
  elementByClass,
  expectSafeDocument,
  links,
  textOf,
  titleOf,
} from './html-assertions.ts';

const XSS = '<script>alert(1)</script>';

/** The rows of the history table, each as the texts of its cells. */
function rowCells(page: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>\n<\/table><\/div>/.exec(page)?.[1] ?? '';
  const rows = body.split(/<tr>\n/).slice(1);
  return rows.map((row) =>
    [...row.matchAll(/<(th|td)\b[^>]*data-label="[^"]*"[^>]*>([\s\S]*?)<\/\1>\n/g)].map((cell) =>
      textOf(cell[2] ?? ''),
    ),
  );
}

describe('renderHistoryPage', () => {
  it.each([
    ['en', 'Your invoices · Atelier Lumière SRL'],
    ['fr', 'Vos factures · Atelier Lumière SRL'],
    ['nl', 'Uw facturen · Atelier Lumière SRL'],
    ['de', 'Ihre Rechnungen · Atelier Lumière SRL'],
  ] as const)('is a safe, complete %s document titled %j', (lang, title) => {
    for (const tab of ['open', 'paid', 'credit-notes'] as const) {
      const page = renderHistoryPage(historyPageFixture(tab, lang));
      expectSafeDocument(page, { lang, styleElements: 1 });
      expect(titleOf(page)).toBe(title);
    }
  });

  it('marks "Your invoices" as the current page in the navigation', () => {
    const nav = elementByClass(renderHistoryPage(historyPageFixture()), 'nav', 'site-nav');
    expect(nav).toContain('<a href="/p/tok123/invoices" aria-current="page">Your invoices</a>');
  });

  it.each(['open', 'paid', 'credit-notes'] as const)(
    'has the three tabs as links, %s marked current',
    (tab) => {
      const tabs = elementByClass(renderHistoryPage(historyPageFixture(tab)), 'nav', 'tabs');
      expect(tabs).toMatch(/^<nav class="tabs" aria-label="Invoice history">/);
      expect(
        links(tabs).map((link) => [link.text, link.href, link.attributes.includes('aria-current="page"')]),
      ).toEqual([
        ['Open', '/p/tok123/invoices?tab=open', tab === 'open'],
        ['Paid', '/p/tok123/invoices?tab=paid', tab === 'paid'],
        ['Credit notes', '/p/tok123/invoices?tab=credit-notes', tab === 'credit-notes'],
      ]);
    },
  );

  it('lists open invoices newest first with amount due, due date, overdue time and a pay slot', () => {
    const page = renderHistoryPage(historyPageFixture('open'));
    expect(page).toMatch(/<table class="history-table stack-table">\n<caption>Open invoices<\/caption>/);
    expect(allMatches(page, /<th scope="col"/)).toHaveLength(5);
    expect(rowCells(page)).toEqual([
      ['2026-0051 Unpaid', '10 March 2026', '9 April 2026', '€1,210.00', 'Pay'],
      ['2026-0042 Overdue', '1 February 2026', '1 March 2026 Overdue by 3 weeks', '€4,443.16', 'Pay'],
      ['2026-0031 Partially paid', '5 January 2026', '14 March 2026 Overdue by 8 days', '€599.42', ''],
    ]);
    const pay = links(page).filter((link) => link.text === 'Pay');
    expect(pay.map((link) => link.href)).toEqual([
      '/p/tok123/invoices/2026-0051/pay',
      '/p/tok123/invoices/2026-0042/pay',
    ]);
    expect(pay[0]?.attributes).toContain('aria-label="Pay invoice 2026-0051"');
    expect(links(page).find((link) => link.text === '2026-0042')?.href).toBe('/p/tok123/invoices/2026-0042');
  });

  it('leaves out the pay column when no invoice can be paid online', () => {
    const model = historyPageFixture('open');
    model.invoices = model.invoices.map((row) => ({ ...row, payUrl: null }));
    const page = renderHistoryPage(model);
    expect(allMatches(page, /<th scope="col"/)).toHaveLength(4);
    expect(links(page).filter((link) => link.text === 'Pay')).toEqual([]);
    expect(page).not.toContain('/pay');
  });

  it.each([
    ['fr', 'En retard de 3 semaines'],
    ['nl', '3 weken te laat'],
    ['de', '3 Wochen überfällig'],
  ] as const)('says how long an open invoice is overdue in %s', (lang, text) => {
    expect(rowCells(renderHistoryPage(historyPageFixture('open', lang)))[1]?.[2]).toContain(text);
  });

  it('lists paid invoices with the total, "view calculation" and the date paid', () => {
    const page = renderHistoryPage(historyPageFixture('paid'));
    expect(page).toMatch(/<caption>Paid invoices<\/caption>/);
    const rows = rowCells(page);
    expect(rows.map((row) => [row[0], row[1], row[3]])).toEqual([
      ['2026-0020 Paid', '1 December 2025', '3 February 2026'],
      ['2025-0188 Paid', '2 November 2025', '20 November 2025'],
    ]);
    expect(rows[0]?.[2]).toMatch(
      /^€2,420\.00 View calculation How the amount due is calculated Item Amount Invoice total €2,420\.00 /,
    );
    expect(rows[0]?.[2]).toContain('Payment of 3 February 2026 (Bancontact – Mollie) -€1,719.34');
    expect(rows[0]?.[2]).toContain('Late fee: 10% of €2,420.00, minimum €50.00 €242.00');
    expect(rows[0]?.[2]).toMatch(/Amount due €0\.00$/);
    expect(
      allMatches(
        page,
        /<details class="calculation calculation-inline"><summary>View calculation<\/summary>/,
      ),
    ).toHaveLength(2);
    expect(links(page).filter((link) => link.text === 'Pay')).toEqual([]);
  });

  it('lists credit notes with number, date, amount and a link to the invoice they credit', () => {
    const page = renderHistoryPage(historyPageFixture('credit-notes', 'de'));
    expect(page).toMatch(/<caption>Ihre Gutschriften<\/caption>/);
    expect(rowCells(page)).toEqual([['CN-2026-0007', '5. März 2026', '436,58 €', '2026-0042']]);
    expect(links(page).find((link) => link.text === '2026-0042')?.href).toBe('/p/tok123/invoices/2026-0042');
    expect(links(page).find((link) => link.text === 'CN-2026-0007')?.href).toBe(
      '/p/tok123/invoices/2026-0042/credit-notes/cn1',
    );
  });

  it('links to older pages and back to the newest', () => {
    const first = elementByClass(renderHistoryPage(historyPageFixture('open')), 'nav', 'pagination');
    expect(links(first).map((link) => [link.text, link.href])).toEqual([
      ['Older ›', '/p/tok123/invoices?tab=open&before=abc'],
    ]);
    const middle = elementByClass(
      renderHistoryPage(historyPageFixture('paid', 'fr', { newestUrl: '/p/tok123/invoices?tab=paid' })),
      'nav',
      'pagination',
    );
    expect(links(middle).map((link) => link.text)).toEqual(['« Plus récentes', 'Plus anciennes ›']);
    const only = renderHistoryPage(historyPageFixture('open', 'en', { olderUrl: null }));
    expect(only).not.toContain('class="pagination"');
  });

  it.each([
    ['open', 'No open invoices: everything is paid.'],
    ['paid', 'No paid invoices yet.'],
    ['credit-notes', 'No credit notes.'],
  ] as const)('says so when the %s tab is empty', (tab, text) => {
    const page = renderHistoryPage(
      historyPageFixture(tab, 'en', { invoices: [], creditNotes: [], olderUrl: null }),
    );
    expect(textOf(elementByClass(page, 'div', 'empty-state'))).toBe(text);
    expect(page).not.toContain('<table');
  });

  it('escapes the customer, the organization and invoice numbers', () => {
    const model = historyPageFixture('open');
    model.chrome.customerName = XSS;
    model.chrome.branding.tradeName = XSS;
    model.invoices = model.invoices.map((row) => ({ ...row, number: XSS, url: 'javascript:alert(1)' }));
    const page = renderHistoryPage(model);
    expectSafeDocument(page, { lang: 'en', styleElements: 1 });
    expect(decodeEntities(textOf(elementByClass(page, 'p', 'lead')))).toBe(
      `Every invoice ${XSS} has sent to ${XSS}.`,
    );
    expect(page).toContain(
      '<a class="row-link" href="about:invalid">&lt;script&gt;alert(1)&lt;/script&gt;</a>',
    );
  });
});
