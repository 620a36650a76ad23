import { describe, expect, it } from 'vitest';
import type { Lang } from '../../../src/core/lang.ts';
import type { OverdueUnit } from '../../../src/domain/index.ts';
import type { InvoicePageModel } from '../../../src/portal/view-models.ts';
import { renderInvoicePage } from '../../../src/portal/views/render-invoice-page.ts';
import { chromeFixture, invoicePageFixture, LINES, QR_SVG, RETURN_CREDIT_NOTE } from './fixtures.ts';
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

/** Partly paid after a credit note, 3 weeks overdue, late fee, compensation and interest: every line kind. */
function busyInvoice(lang: Lang = 'en', overrides: Partial<InvoicePageModel> = {}): InvoicePageModel {
  return invoicePageFixture(
    {
      lang,
      creditNotes: [RETURN_CREDIT_NOTE],
      payments: [{ id: 'p1', paidOn: '2026-03-10', amountMinor: 150000, method: 'bank_transfer' }],
    },
    overrides,
  );
}

describe('renderInvoicePage', () => {
  it.each([
    ['en', 'Invoice 2026-0042 · Atelier Lumière SRL'],
    ['fr', 'Facture 2026-0042 · Atelier Lumière SRL'],
    ['nl', 'Factuur 2026-0042 · Atelier Lumière SRL'],
    ['de', 'Rechnung 2026-0042 · Atelier Lumière SRL'],
  ] as const)('is a safe, complete %s document titled %j', (lang, title) => {
    const page = renderInvoicePage(busyInvoice(lang));
    expectSafeDocument(page, { lang, styleElements: 1 });
    expect(titleOf(page)).toBe(title);
    expect(textOf(/<h1>.*?<\/h1>/.exec(page)?.[0] ?? '')).toBe(title.split(' · ')[0]);
    expect(page).toMatch(/<footer class="site-footer">/);
    expect(page).toMatch(/<nav class="site-nav" aria-label="[^"]+">/);
  });

  it('sets the brand colours in the one nonce’d style element', () => {
    const page = renderInvoicePage(busyInvoice());
    expect(page).toContain(
      '<style nonce="bm9uY2UtMTIz">:root{--brand:#0f5257;--on-brand:#ffffff;--accent:#f2b134}</style>',
    );
    expect(page).toContain('<link rel="stylesheet" href="/assets/portal.css">');
  });

  it('refuses a brand colour that is not a plain CSS colour', () => {
    const model = busyInvoice();
    model.chrome.branding.primaryColor = `red}</style>${XSS}<style>`;
    model.chrome.branding.accentColor = 'url(https://evil.example/x)';
    const page = renderInvoicePage(model);
    expectSafeDocument(page, { lang: 'en', styleElements: 1 });
    expect(page).toContain(':root{--brand:#0b5cad;--on-brand:#ffffff;--accent:#5ba4e6}');
  });

  it('shows the logo with the organization name as text alternative, or the name without a logo', () => {
    expect(renderInvoicePage(busyInvoice())).toContain(
      '<img class="brand-logo" src="/p/logo/acme.svg" alt="Atelier Lumière SRL">',
    );
    const model = busyInvoice();
    model.chrome.branding.logoUrl = null;
    const page = renderInvoicePage(model);
    expect(page).not.toContain('<img');
    expect(page).toContain('<span class="brand-name">Atelier Lumière</span>');
  });

  it('offers every language as a link with lang and hreflang, the current one marked', () => {
    const nav = elementByClass(renderInvoicePage(busyInvoice('nl')), 'nav', 'lang-switch');
    expect(links(nav).map((link) => [link.text, link.href])).toEqual([
      ['English', '/p/tok123/invoices/inv1?lang=en'],
      ['Français', '/p/tok123/invoices/inv1?lang=fr'],
      ['Nederlands', '/p/tok123/invoices/inv1?lang=nl'],
      ['Deutsch', '/p/tok123/invoices/inv1?lang=de'],
    ]);
    expect(nav).toContain('<a href="/p/tok123/invoices/inv1?lang=fr" lang="fr" hreflang="fr">Français</a>');
    expect(allMatches(nav, /aria-current="true"/)).toHaveLength(1);
    expect(nav).toContain('lang="nl" hreflang="nl" aria-current="true">Nederlands</a>');
  });

  it('shows the full invoice: parties, every line, VAT breakdown, totals, notes', () => {
    const page = renderInvoicePage(busyInvoice());
    const document = textOf(elementByClass(page, 'article', 'document'));
    for (const text of [
      'Atelier Lumière SRL',
      'Rue des Tanneurs 42',
      'BE0456789034',
      '0456.789.034',
      'Brasserie De Kroon BV',
      'Grote Markt 7',
      'BE0123456749',
      'Invoice date 1 February 2026',
      'Due date 1 March 2026',
      '+++010/8068/17183+++',
      'Lighting plan — taproom and terrace 1 €1,800.00 21% €1,800.00',
      'LED pendant luminaires 8 €189.90 5% 21% €1,443.24',
      'Installation (hours) 6,5 €75.00 21% €487.50',
      'Total excl. VAT €3,730.74',
      'Total VAT €783.46',
      'Total incl. VAT €4,514.20',
      'Thank you for your trust.',
    ]) {
      expect(document).toContain(text);
    }
    expect(allMatches(page, /<th scope="row" class="line-description"/)).toHaveLength(LINES.length);
    expect(page).toMatch(/<table class="lines-table stack-table">\n<caption>Invoice lines<\/caption>/);
    expect(page).toMatch(/<table class="vat-table stack-table">\n<caption>VAT summary<\/caption>/);
    expect(page).toContain('<th scope="col" class="num">Unit price</th>');
  });

  it('keeps the line breaks of notes and comments as text', () => {
    const page = renderInvoicePage(busyInvoice());
    expect(page).toContain('<p class="prewrap">Thank you for your trust.\nDelivery: 14 February 2026.</p>');
    expect(page).toContain(
      '<p class="comment-body">Could you split the installation hours per day?\nOur accountant asks.</p>',
    );
  });

  it('lists every calculation line inside <details> "View calculation"', () => {
    const page = renderInvoicePage(busyInvoice());
    const details = elementByClass(page, 'details', 'calculation');
    expect(details).toMatch(/^<details class="calculation"><summary>View calculation<\/summary><table/);
    const rows = allMatches(
      details,
      /<tr class="calc-[a-z-]+"><th scope="row">(.*?)<\/th><td class="num">(.*?)<\/td>/,
    ).map((match) => [decodeEntities(match[1] ?? ''), match[2]]);
    expect(rows).toEqual([
      ['Invoice total', '€4,514.20'],
      ['Credit note CN-2026-0007 of 5 March 2026', '-€436.58'],
      ['Payment of 10 March 2026 (bank transfer)', '-€1,500.00'],
      ['Late fee: 10% of €4,514.20, minimum €50.00', '€451.42'],
      ['Fixed compensation for recovery costs', '€40.00'],
      ['Interest at 10,5% a year from 2 March 2026 to 5 March 2026 (4 days) on €4,514.20', '€5.19'],
      ['Interest at 10,5% a year from 6 March 2026 to 10 March 2026 (5 days) on €4,077.62', '€5.87'],
      ['Interest at 10,5% a year from 11 March 2026 to 22 March 2026 (12 days) on €2,577.62', '€8.90'],
    ]);
    expect(textOf(/<tfoot>.*<\/tfoot>/s.exec(details)?.[0] ?? '')).toBe('Amount due €3,089.00');
    expect(textOf(elementByClass(page, 'p', 'summary-amount'))).toBe('€3,089.00');
  });

  it('words the calculation in the customer’s language', () => {
    const details = textOf(elementByClass(renderInvoicePage(busyInvoice('fr')), 'details', 'calculation'));
    expect(details).toContain('Voir le calcul');
    expect(details).toContain('Note de crédit CN-2026-0007 du 5 mars 2026');
    expect(details).toContain('Paiement du 10 mars 2026 (virement)');
    expect(details).toContain(
      "Intérêts de retard à 10,5 % l'an du 2 mars 2026 au 5 mars 2026 (4 jours) sur 4 514,20 €",
    );
    expect(textOf(elementByClass(renderInvoicePage(busyInvoice('de')), 'details', 'calculation'))).toContain(
      'Zahlung vom 10. März 2026 (Überweisung)',
    );
  });

  it('shows no "view calculation" when nothing changed the invoice total', () => {
    const page = renderInvoicePage(invoicePageFixture({ asOf: '2026-02-10' }));
    expect(page).not.toContain('<details');
    expect(textOf(elementByClass(page, 'p', 'summary-amount'))).toBe('€4,514.20');
    expect(page).toContain('<span class="badge badge-unpaid">Unpaid</span>');
    expect(page).not.toContain('overdue-text');
  });

  it('calls a negative amount due a credit balance', () => {
    const model = invoicePageFixture({
      payments: [{ id: 'p', paidOn: '2026-02-15', amountMinor: 500000, method: 'cash' }],
    });
    const summary = textOf(elementByClass(renderInvoicePage(model), 'section', 'summary'));
    expect(summary).toMatch(/^Credit balance €485\.80 /);
    expect(summary).toContain('You paid or were credited €485.80 more than this invoice.');
    expect(summary).toContain('Credit balance in your favour €485.80');
    expect(summary).not.toContain('-€485.80');
    const fr = textOf(
      elementByClass(renderInvoicePage({ ...model, chrome: chromeFixture('fr') }), 'section', 'summary'),
    );
    expect(fr).toMatch(/^Solde en votre faveur 485,80 €/);
  });

  it('shows the date a paid invoice was settled', () => {
    const model = invoicePageFixture({
      payments: [{ id: 'p', paidOn: '2026-02-20', amountMinor: 451420, method: 'Bancontact – Mollie' }],
    });
    const page = renderInvoicePage(model);
    expect(page).toContain('<span class="badge badge-paid">Paid</span>');
    expect(textOf(elementByClass(page, 'section', 'summary'))).toContain('Paid on 20 February 2026');
    expect(textOf(elementByClass(page, 'details', 'calculation'))).toContain(
      'Payment of 20 February 2026 (Bancontact – Mollie)',
    );
    expect(page).not.toContain('class="card transfer"');
  });

  it.each([
    ['en', 3, 'week', 'Overdue by 3 weeks'],
    ['en', 1, 'week', 'Overdue by 1 week'],
    ['en', 1, 'day', 'Overdue by 1 day'],
    ['en', 2, 'month', 'Overdue by 2 months'],
    ['en', 1, 'year', 'Overdue by 1 year'],
    ['fr', 3, 'week', 'En retard de 3 semaines'],
    ['fr', 1, 'week', 'En retard de 1 semaine'],
    ['fr', 5, 'day', 'En retard de 5 jours'],
    ['fr', 2, 'year', 'En retard de 2 ans'],
    ['nl', 3, 'week', '3 weken te laat'],
    ['nl', 1, 'week', '1 week te laat'],
    ['nl', 4, 'month', '4 maanden te laat'],
    ['nl', 1, 'day', '1 dag te laat'],
    ['de', 3, 'week', '3 Wochen überfällig'],
    ['de', 1, 'week', '1 Woche überfällig'],
    ['de', 10, 'day', '10 Tage überfällig'],
    ['de', 1, 'month', '1 Monat überfällig'],
  ] as const)('%s: %i %s overdue reads %j', (lang, count, unit, text) => {
    const model = busyInvoice(lang, { overdue: { count, unit: unit as OverdueUnit } });
    expect(textOf(elementByClass(renderInvoicePage(model), 'strong', 'overdue-text'))).toBe(text);
  });

  it('derives "3 weeks" from the domain for an invoice 21 days past due', () => {
    const page = renderInvoicePage(invoicePageFixture({ dueDate: '2026-03-01', asOf: '2026-03-22' }));
    expect(textOf(elementByClass(page, 'section', 'summary'))).toContain(
      'Due date 1 March 2026 Overdue by 3 weeks',
    );
    expect(page).toContain('<span class="badge badge-overdue">Overdue</span>');
  });

  it('renders no pay button while no payment provider is connected', () => {
    const page = renderInvoicePage(busyInvoice());
    expect(page).not.toContain('Pay invoice');
    expect(page).not.toContain('button-primary" href');
  });

  it('renders one "Pay invoice" link, top right in the page head, when a pay action is set', () => {
    const page = renderInvoicePage(busyInvoice('en', { payAction: { url: '/p/tok123/invoices/inv1/pay' } }));
    const payLinks = links(page).filter((link) => link.text === 'Pay invoice');
    expect(payLinks).toHaveLength(1);
    expect(payLinks[0]?.href).toBe('/p/tok123/invoices/inv1/pay');
    expect(elementByClass(page, 'div', 'page-actions')).toContain('Pay invoice');
  });

  it('offers the PDF, or a zip with the credit notes when there are some', () => {
    const plain = links(renderInvoicePage(invoicePageFixture())).filter((link) =>
      link.attributes.includes('download'),
    );
    expect(plain.map((link) => [link.text, link.href])).toEqual([
      ['Download PDF', '/p/tok123/invoices/inv1/pdf'],
    ]);
    const zip = links(renderInvoicePage(busyInvoice('de'))).filter((link) =>
      link.attributes.includes('download'),
    );
    expect(zip.map((link) => [link.text, link.href])).toEqual([
      ['Mit Gutschriften herunterladen (ZIP)', '/p/tok123/invoices/inv1/download'],
    ]);
  });

  it('puts linked credit notes in tabs beside the invoice, the current one marked', () => {
    const page = renderInvoicePage(busyInvoice());
    const tabs = elementByClass(page, 'nav', 'tabs');
    expect(tabs).toMatch(/^<nav class="tabs" aria-label="Invoice and credit notes">/);
    expect(
      links(tabs).map((link) => [link.text, link.href, link.attributes.includes('aria-current="page"')]),
    ).toEqual([
      ['Invoice 2026-0042', '/p/tok123/invoices/inv1', true],
      ['Credit note CN-2026-0007', '/p/tok123/invoices/inv1/credit-notes/cn1', false],
    ]);
    expect(renderInvoicePage(invoicePageFixture())).not.toContain('class="tabs"');
  });

  it('shows a credit note on its own tab, with its lines and the invoice it credits', () => {
    const model = invoicePageFixture({
      lang: 'nl',
      creditNotes: [RETURN_CREDIT_NOTE],
      currentCreditNote: RETURN_CREDIT_NOTE.number,
    });
    const page = renderInvoicePage(model);
    expectSafeDocument(page, { lang: 'nl', styleElements: 1 });
    expect(titleOf(page)).toBe('Creditnota CN-2026-0007 · Atelier Lumière SRL');
    const tabs = links(elementByClass(page, 'nav', 'tabs'));
    expect(
      tabs.filter((link) => link.attributes.includes('aria-current="page"')).map((link) => link.text),
    ).toEqual(['Creditnota CN-2026-0007']);
    const document = textOf(elementByClass(page, 'article', 'document'));
    expect(document).toContain('LED pendant luminaires (returned) 2 € 189,90 5% 21% € 360,81');
    expect(document).toContain('Totaal gecrediteerd € 436,58');
    expect(document).toContain('Two luminaires returned (damaged in transport).');
    expect(textOf(elementByClass(page, 'p', 'page-head-meta'))).toBe('Crediteert factuur 2026-0042');
    expect(document).not.toContain('Lighting plan');
  });

  it('gives the bank-transfer details with the IBAN in groups of four and the EPC QR code in a figure', () => {
    const page = renderInvoicePage(busyInvoice());
    const transfer = elementByClass(page, 'section', 'transfer');
    expect(textOf(transfer)).toContain(
      'Pay by bank transfer Beneficiary Atelier Lumière SRL IBAN BE71 0961 2345 6769 BIC GKCCBEBB ' +
        'Structured communication +++010/8068/17183+++ Amount €3,089.00',
    );
    expect(transfer).toContain(
      `<figure class="qr"><div class="qr-code" role="img" aria-label="QR code for a bank transfer of €3,089.00 to BE71 0961 2345 6769">${QR_SVG}</div><figcaption>Scan with your banking app to pay</figcaption></figure>`,
    );
    const withoutQr = busyInvoice();
    if (withoutQr.bankTransfer !== null) withoutQr.bankTransfer.qrSvg = null;
    expect(renderInvoicePage(withoutQr)).not.toContain('<figure');
    expect(renderInvoicePage(busyInvoice('en', { bankTransfer: null }))).not.toContain(
      'Pay by bank transfer',
    );
  });

  it('groups an RF creditor reference by four and calls it a payment reference', () => {
    const model = busyInvoice('en');
    model.invoice.paymentReference = 'RF09539007547034123456789';
    if (model.bankTransfer !== null) model.bankTransfer.reference = 'RF09539007547034123456789';
    const page = renderInvoicePage(model);
    expect(textOf(elementByClass(page, 'section', 'transfer'))).toContain(
      'Payment reference RF09 5390 0754 7034 1234 5678 9',
    );
    expect(textOf(elementByClass(page, 'article', 'document'))).toContain(
      'Payment reference RF09 5390 0754 7034 1234 5678 9',
    );
    expect(page).not.toContain('Structured communication');
  });

  it('shows the comment thread with authors and localized date-times', () => {
    const page = renderInvoicePage(busyInvoice('fr'));
    const thread = elementByClass(page, 'ol', 'comments');
    expect(allMatches(thread, /<li class="comment/)).toHaveLength(2);
    expect(thread).toContain('<time datetime="2026-03-15T09:30:00.000Z">15 mars 2026 à 09:30 UTC</time>');
    expect(thread).toContain('<li class="comment comment-business">');
    // The business's reply says so in words, not only by its frame.
    expect(textOf(thread)).toMatch(/Camille Lambert Réponse\s: Atelier Lumière/);
    expect(textOf(elementByClass(renderInvoicePage(busyInvoice('en')), 'ol', 'comments'))).toContain(
      'Camille Lambert Reply from Atelier Lumière',
    );
    expect(renderInvoicePage(busyInvoice('en', { comments: [] }))).toContain('No comments yet.');
  });

  it('has a labelled comment form posting the CSRF token and the body', () => {
    const page = renderInvoicePage(busyInvoice());
    const form = elementByClass(page, 'form', 'comment-form');
    expect(form).toContain(
      '<form class="comment-form" method="post" action="/p/tok123/invoices/inv1/comments">',
    );
    expect(form).toContain('<input type="hidden" name="_csrf" value="csrf-token-abc">');
    expect(form).toContain('<label for="comment-body">Send a comment</label>');
    expect(form).toMatch(
      /<textarea id="comment-body" name="body" rows="5" maxlength="4000" required aria-describedby="comment-hint">\n<\/textarea>/,
    );
    expect(form).toContain('<p id="comment-hint" class="hint">At most 4000 characters.');
    expect(form).not.toContain('aria-invalid');
    expect(page).not.toContain('role="status"');
  });

  it.each([
    ['empty', 'Write a comment before sending it.'],
    ['too_long', 'Your comment is too long: at most 4000 characters.'],
    ['invalid_form', 'The form had expired. Please send your comment again.'],
  ] as const)('shows the %s error next to the field and keeps what was typed', (error, text) => {
    const model = busyInvoice();
    model.commentForm = { ...model.commentForm, error, value: 'Line 1\nLine 2 <b>' };
    const form = elementByClass(renderInvoicePage(model), 'form', 'comment-form');
    expect(form).toContain(
      '<textarea id="comment-body" name="body" rows="5" maxlength="4000" required aria-describedby="comment-error comment-hint" aria-invalid="true">\nLine 1\nLine 2 &lt;b&gt;</textarea>',
    );
    expect(textOf(elementByClass(form, 'p', 'field-error'))).toBe(`Error: ${text}`);
    expect(form).toMatch(/<p id="comment-error" class="field-error">/);
  });

  it('confirms a sent comment', () => {
    const model = busyInvoice('de');
    model.commentForm.sent = true;
    const notice = elementByClass(renderInvoicePage(model), 'p', 'notice');
    expect(notice).toMatch(/^<p class="notice notice-success" role="status">/);
    expect(textOf(notice)).toBe('Vielen Dank, Ihr Kommentar wurde an Atelier Lumière gesendet.');
  });

  it('escapes every value: a customer, a line, a comment and an organization named <script>', () => {
    const model = busyInvoice();
    model.invoice.customer = { ...model.invoice.customer, name: XSS, addressLines: [XSS] };
    model.invoice.supplier = { ...model.invoice.supplier, email: `"><script>alert(1)</script>@x.example` };
    const firstLine = model.invoice.lines[0];
    if (firstLine === undefined) throw new Error('fixture has lines');
    model.invoice.lines = [{ ...firstLine, description: XSS }, ...model.invoice.lines.slice(1)];
    model.invoice.notes = XSS;
    model.chrome.branding.organizationName = XSS;
    model.chrome.branding.tradeName = XSS;
    model.chrome.customerName = XSS;
    model.comments = [{ authorName: XSS, authorKind: 'customer', body: XSS, createdAt: new Date(0) }];
    model.commentForm = {
      ...model.commentForm,
      value: `</textarea>${XSS}`,
      csrfToken: `"><script>x</script>`,
    };
    model.download = { url: 'javascript:alert(1)', kind: 'pdf' };
    const page = renderInvoicePage(model);
    expectSafeDocument(page, { lang: 'en', styleElements: 1 });
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain(
      '<th scope="row" class="line-description" data-label="Description">&lt;script&gt;alert(1)&lt;/script&gt;</th>',
    );
    expect(page).toContain('<p class="party-name">&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(page).toContain('<title>Invoice 2026-0042 · &lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(page).toContain('alt="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(page).toContain('&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
    expect(page).toContain('href="about:invalid"');
  });
});
