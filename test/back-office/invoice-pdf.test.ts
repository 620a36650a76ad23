import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../../src/app/documents/document-store.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { type AdminSession, signInAs } from '../support/back-office.ts';
import { multipart, type Part } from '../support/multipart.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * The invoice's PDF card in the back office (issue 11), on both databases: the business uploads its own
 * PDF through a browser's file upload (multipart), which is then the one served; a file that is no PDF,
 * empty or too large is refused next to the field in the admin's language, changing nothing; the upload
 * is admitted like every POST (same site, CSRF token in the body before the file); re-rendering goes back
 * to the PDF we make. The generated tests of back-office-routes.test.ts cover the routes with urlencoded
 * bodies.
 */

/** A page's text with its no-break spaces (French punctuation, Intl's units) as plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

const line = { description: 'Consulting', quantity: '1', unitPriceMinor: 10000, vatRateBp: 2100 };

/** A real PDF, as another invoicing tool would make it. */
function ownPdf(text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', info: { Title: text } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text(text);
    doc.end();
  });
}

/** The first bytes of a PNG: what a logo saved as `.pdf` starts with. */
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
]);

const pdfPart = (content: Buffer, fileName = 'invoice-2026-0042.pdf', contentType = 'application/pdf') => ({
  name: 'pdf',
  fileName,
  contentType,
  content,
});

describe.each(contractDatabaseKinds())('the invoice PDF in the back office [%s]', (kind) => {
  let h: ApiHarness;
  let session: AdminSession;
  let invoiceId: string;
  let draftId: string;

  const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });

  const upload = (
    parts: readonly Part[],
    headers: Record<string, string> = { 'sec-fetch-site': 'same-origin' },
    id = invoiceId,
  ) => {
    const { body, contentType } = multipart(parts);
    return h.app.inject({
      method: 'POST',
      url: `/admin/invoices/${id}/pdf`,
      headers: { cookie: session.cookie, 'content-type': contentType, ...headers },
      payload: body,
    });
  };
  const withToken = (...parts: Part[]): Part[] => [{ name: '_csrf', value: session.csrf }, ...parts];

  const rerender = () =>
    h.app.inject({
      method: 'POST',
      url: `/admin/invoices/${invoiceId}/pdf/render`,
      headers: {
        cookie: session.cookie,
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
      },
      payload: new URLSearchParams({ _csrf: session.csrf }).toString(),
    });

  const adminSpeaks = async (language: 'en' | 'fr') => {
    await h.database.db
      .updateTable('admin_users')
      .set({ language })
      .where('email', '=', 'admin@alphasrl.example')
      .execute();
  };

  const apiPdf = async () =>
    (
      await h.app.inject({
        method: 'GET',
        url: `/api/v1/invoices/${invoiceId}/pdf`,
        headers: { authorization: `Bearer ${h.a.key}` },
      })
    ).rawPayload;

  /** The bytes the back office's download link serves, as the API serves them too. */
  async function servedPdf(): Promise<Buffer> {
    const res = await get(`/admin/invoices/${invoiceId}/pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(await apiPdf(), res.rawPayload)).toBe(0);
    return res.rawPayload;
  }

  beforeAll(async () => {
    h = await createApiHarness({ kind, now: () => new Date() });
    const customer = await h.request(h.a.key, 'POST', '/api/v1/customers', {
      kind: 'company',
      name: 'Brasserie Öztürk',
      language: 'nl',
      emails: ['boekhouding@brasserie.example'],
    });
    const invoice = await h.request(h.a.key, 'POST', '/api/v1/invoices', {
      number: '2026-0042',
      customerId: customer.body.id,
      issueDate: '2026-04-01',
      dueDate: '2026-04-30',
      lines: [line],
    });
    invoiceId = invoice.body.id;
    const draft = await h.request(h.a.key, 'POST', '/api/v1/invoices', {
      number: '2026-0043',
      customerId: customer.body.id,
      issueDate: '2026-04-02',
      dueDate: '2026-05-02',
      lines: [line],
      state: 'draft',
    });
    draftId = draft.body.id;
    session = await signInAs(h, 'admin@alphasrl.example');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('shows the PDF card: made on first use, an upload form with its label, the way to make it now', async () => {
    const page = await get(`/admin/invoices/${invoiceId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h2 id="pdf-heading">PDF</h2>');
    expect(page.body).toContain('Nous produisons le PDF de cette facture la première fois');
    expect(page.body).toMatch(
      /<form method="post" action="\/admin\/invoices\/[^"]+\/pdf" enctype="multipart\/form-data" novalidate>\s*<input type="hidden" name="_csrf"/,
    );
    expect(page.body).toContain('<label for="pdf-file">Fichier PDF</label>');
    expect(page.body).toMatch(/<input id="pdf-file" name="pdf" type="file" accept="application\/pdf,\.pdf"/);
    expect(plain(page.body)).toContain('10 Mo au plus');
    expect(page.body).toContain('Produire le PDF maintenant');
  });

  it('says what a draft shows: no PDF until it is issued, nothing to upload; an upload to it is not found', async () => {
    const page = await get(`/admin/invoices/${draftId}`);
    expect(page.body).toContain('Un brouillon n’a pas de PDF.');
    expect(page.body).not.toContain('id="pdf-file"');
    const before = await h.fingerprint();
    const res = await upload(withToken(pdfPart(await ownPdf('Draft'))), undefined, draftId);
    expect(res.statusCode).toBe(404);
    expect(await h.fingerprint()).toBe(before);
  });

  it('shows the PDF we make once it is made, and serves it', async () => {
    const rendered = await servedPdf();
    expect(rendered.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const page = await get(`/admin/invoices/${invoiceId}`);
    expect(page.body).toContain('Le PDF que nous produisons à partir de cette facture');
    expect(page.body).toContain('Produire le PDF à nouveau');
  });

  it('refuses a PNG named .pdf next to the file field, in the admin’s language, changing nothing', async () => {
    const before = await h.fingerprint();
    const fr = await upload(withToken(pdfPart(PNG, 'logo.pdf')));
    expect(fr.statusCode).toBe(422);
    expect(fr.body).toContain('id="pdf-file-error">«\u00a0logo.pdf\u00a0» n’est pas un PDF');
    expect(fr.body).toMatch(/<input id="pdf-file"[^>]*aria-describedby="pdf-file-hint pdf-file-error"/);
    expect(fr.body).toMatch(/<input id="pdf-file"[^>]*aria-invalid="true"/);
    expect(fr.body).toContain('<a href="#pdf-file">«\u00a0logo.pdf\u00a0» n’est pas un PDF');
    await adminSpeaks('en');
    try {
      const en = await upload(withToken(pdfPart(PNG, 'logo.pdf')));
      expect(en.statusCode).toBe(422);
      expect(en.body).toContain(
        'id="pdf-file-error">“logo.pdf” is not a PDF: a PDF file starts with %PDF-. Choose the PDF your invoicing tool made.',
      );
      expect(en.body).toContain('There is a problem');
    } finally {
      await adminSpeaks('fr');
    }
    expect(await h.fingerprint()).toBe(before);
  });

  it('refuses an empty file, and a form sent without a chosen file, each in its own words', async () => {
    const before = await h.fingerprint();
    const empty = await upload(withToken(pdfPart(Buffer.alloc(0), 'empty.pdf')));
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('«\u00a0empty.pdf\u00a0» est vide.');
    // A browser sends a form without a chosen file as an empty part with no name.
    const none = await upload(withToken(pdfPart(Buffer.alloc(0), '', 'application/octet-stream')));
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('id="pdf-file-error">Choisissez le fichier PDF à importer.');
    expect(await h.fingerprint()).toBe(before);
  });

  it('refuses a file over the limit without keeping it, changing nothing', async () => {
    const before = await h.fingerprint();
    const big = Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0x20);
    big.write('%PDF-1.7\n', 'latin1');
    const res = await upload(withToken(pdfPart(big, 'scan.pdf')));
    expect(res.statusCode).toBe(413);
    expect(plain(res.body)).toContain('id="pdf-file-error">« scan.pdf » dépasse 10 Mo, la taille maximale');
    expect(await h.fingerprint()).toBe(before);
  });

  it.each([
    ['posted from another site', withToken, { 'sec-fetch-site': 'cross-site' }],
    ['posted with a foreign Origin', withToken, { origin: 'https://evil.example' }],
    ['posted without the CSRF token', (...parts: Part[]) => parts, {}],
    [
      'with the CSRF token after the file',
      (...parts: Part[]) => [...parts, { name: '_csrf', value: session.csrf }],
      {},
    ],
    [
      'with a wrong CSRF token',
      (...parts: Part[]) => [{ name: '_csrf', value: 'x'.repeat(43) }, ...parts],
      { 'sec-fetch-site': 'same-origin' },
    ],
  ] as const)('a multipart post %s: refused, nothing changed', async (_what, form, headers) => {
    const before = await h.fingerprint();
    const res = await upload(form(pdfPart(await ownPdf('Forged'))), headers);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Demande refusée');
    expect(await h.fingerprint()).toBe(before);
  });

  it.each([
    ['a file name with a control character', [pdfPart(Buffer.from('%PDF-1.7\n'), 'in\u0007voice.pdf')]],
    ['two files', [pdfPart(Buffer.from('%PDF-1.7\n'), 'a.pdf'), pdfPart(Buffer.from('%PDF-1.7\n'), 'b.pdf')]],
    ['a file under another name', [{ ...pdfPart(Buffer.from('%PDF-1.7\n')), name: 'other' }]],
    ['an over-long field', [{ name: 'note', value: 'x'.repeat(5000) }, pdfPart(Buffer.from('%PDF-1.7\n'))]],
  ] as const)('a multipart post with %s: refused, nothing changed', async (_what, parts) => {
    const before = await h.fingerprint();
    const res = await upload(withToken(...parts));
    expect(res.statusCode).toBe(400);
    expect(await h.fingerprint()).toBe(before);
  });

  it('uploads a real PDF: served byte for byte from then on, told on the card and in the history', async () => {
    const own = await ownPdf('Invoice 2026-0042, made by our own tool');
    const res = await upload(withToken(pdfPart(own)));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/invoices/${invoiceId}?done=pdfUploaded`);
    expect(Buffer.compare(await servedPdf(), own)).toBe(0);
    const page = await get(res.headers.location as string);
    expect(page.body).toContain('Votre PDF est importé : le client le reçoit désormais.');
    expect(page.body).toContain('Votre propre PDF, importé');
    expect(page.body).toMatch(
      /Depuis le<\/dt><dd><time[^>]*>[^<]+<\/time> <span class="actor">par Alpha SRL admin/,
    );
    expect(plain(page.body)).toContain(`Votre propre PDF importé (${Math.round(own.length / 1024)} ko)`);
    // Going back to ours says that it replaces the upload.
    expect(page.body).toContain('Remplacer votre PDF par celui que nous produisons');
    expect(page.body).toContain('au lieu de celui que vous avez importé');
  });

  it('re-renders: our PDF is served again, and the history says it replaced the uploaded one', async () => {
    const uploaded = await servedPdf();
    const res = await rerender();
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/invoices/${invoiceId}?done=pdfRerendered`);
    const served = await servedPdf();
    expect(served.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(Buffer.compare(served, uploaded)).not.toBe(0);
    const page = await get(res.headers.location as string);
    expect(page.body).toContain('Le PDF est produit à nouveau');
    expect(page.body).toContain('Le PDF que nous produisons à partir de cette facture');
    expect(page.body).toContain('PDF produit à nouveau à partir de la facture, à la place du PDF importé');
  });

  it('tells the history in English too', async () => {
    await adminSpeaks('en');
    try {
      const page = await get(`/admin/invoices/${invoiceId}`);
      expect(page.body).toMatch(/Own PDF uploaded \(\d+ kB\)/);
      expect(page.body).toContain('PDF made again from the invoice, replacing the uploaded one');
      expect(page.body).toContain('The PDF we make from this invoice');
    } finally {
      await adminSpeaks('fr');
    }
  });
});
