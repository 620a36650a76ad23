import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHORTCODES } from '../../src/mail/shortcodes.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { type AdminSession, adminGet, adminPost, signInAs } from '../support/back-office.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * The back office's E-mail settings over HTTP (issue 12, R1, R4), on both databases: the designed-layout
 * setting as the API reads it and as the next invoice e-mail is rendered, its previews with a real
 * invoice, and the templates (create, preview, refuse an unknown shortcode, set as default, delete),
 * through the API's own validation and use cases.
 */

const _form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** The text of a page, entities read back (the preview shows the e-mail's text escaped). */
const decoded = (body: string) =>
  body
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

describe.each(contractDatabaseKinds())('back-office e-mail settings [%s]', (kind) => {
  let h: ApiHarness;
  let session: AdminSession;
  let invoiceId = '';
  let otherTemplateId = '';

  const get = (url: string, as: AdminSession = session) => adminGet(h, as, url);
  const post = (url: string, fields: Record<string, string>) => adminPost(h, session, url, fields);
  const api = (method: string, path: string, body?: unknown) =>
    h.request(h.a.key, method, `/api/v1${path}`, body);
  const templates = async () =>
    (await api('GET', '/email-templates')).body.data as { id: string; name: string; isDefault: boolean }[];
  const templateIdFrom = (location: unknown) =>
    /\/admin\/settings\/email\/templates\/([0-9a-f-]{36})\?done=saved$/.exec(String(location))?.[1] ?? '';

  beforeAll(async () => {
    h = await createApiHarness({ kind, now: () => new Date() });
    session = await signInAs(h, 'admin@alphasrl.example');
    // An English-speaking customer: a French template's preview is still written in French.
    const customer = await api('POST', '/customers', {
      kind: 'company',
      name: 'Brasserie Dupont SRL',
      language: 'en',
      emails: ['billing@dupont.example'],
    });
    const invoice = await api('POST', '/invoices', {
      number: 'MAIL-0001',
      customerId: customer.body.id,
      issueDate: '2026-04-01',
      dueDate: '2026-04-30',
      lines: [{ description: 'Consulting', quantity: '1', unitPriceMinor: 10000, vatRateBp: 2100 }],
    });
    expect(invoice.status).toBe(201);
    invoiceId = invoice.body.id;
    const other = await h.request(h.b.key, 'POST', '/api/v1/email-templates', {
      name: 'Beta reminder',
      language: 'fr',
      subject: 'Rappel',
      body: '#LINK',
    });
    otherTemplateId = other.body.id;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('shows the layout setting with both layouts rendered with the newest issued invoice', async () => {
    const res = await get('/admin/settings/email');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('aria-current="page">E-mail</a>');
    expect(res.body).toMatch(/name="emailDesignedLayout" value="1" checked/);
    expect(res.body).toContain('Aperçu avec la facture MAIL-0001 à Brasserie Dupont SRL.');
    // The plain text in the customer's language (the default template), its link to the invoice.
    expect(decoded(res.body)).toMatch(/View this invoice: http:\/\/portal\.test\/p\/\S+\/invoices\//);
    expect(res.body).toContain(
      '<iframe class="email-frame" src="/admin/settings/email/preview" title="Mise en page soignée" sandbox="allow-popups allow-popups-to-escape-sandbox">',
    );
    expect(String(res.headers['content-security-policy'])).toContain("frame-src 'self'");

    const frame = await get('/admin/settings/email/preview');
    expect(frame.statusCode).toBe(200);
    const csp = String(frame.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('img-src data:');
    expect(csp).toContain("frame-ancestors 'self'");
    expect(frame.headers['x-frame-options']).toBeUndefined();
    expect(frame.body).toContain('MAIL-0001');
    expect(frame.body).toContain('>View this invoice</a>');
    // The invoice picture inline, as the sent message attaches it; nothing left to fetch.
    expect(frame.body).toContain('src="data:image/png;base64,');
    expect(frame.body).not.toContain('cid:');
  });

  it('explains the previews when the organization has issued no invoice', async () => {
    const beta = await signInAs(h, 'admin@betabv.example');
    const res = await get('/admin/settings/email', beta);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Les aperçus utilisent votre dernière facture émise');
    expect(res.body).not.toContain('<iframe');
  });

  it('toggles the layout: the API reads it and the next invoice e-mail is plain text only when off', async () => {
    const off = await post('/admin/settings/email', {});
    expect(off.statusCode).toBe(303);
    expect(off.headers.location).toBe('/admin/settings/email?done=saved');
    expect((await api('GET', '/organization')).body.emailDesignedLayout).toBe(false);
    const plain = await api('POST', `/invoices/${invoiceId}/send`, {});
    expect(plain.status).toBe(202);
    expect((await api('GET', `/emails/${plain.body.id}`)).body.hasHtml).toBe(false);
    const page = await get('/admin/settings/email?done=saved');
    expect(page.body).toContain('Les paramètres sont enregistrés.');
    expect(page.body).not.toMatch(/name="emailDesignedLayout" value="1" checked/);

    const on = await post('/admin/settings/email', { emailDesignedLayout: '1' });
    expect(on.statusCode).toBe(303);
    expect((await api('GET', '/organization')).body.emailDesignedLayout).toBe(true);
    const designed = await api('POST', `/invoices/${invoiceId}/send`, {});
    expect((await api('GET', `/emails/${designed.body.id}`)).body.hasHtml).toBe(true);
  });

  it('creates a French template with #LINK through the form; it is listed and previewed with a real invoice', async () => {
    const editor = await get('/admin/settings/email/templates/new');
    expect(editor.statusCode).toBe(200);
    for (const { code } of SHORTCODES) {
      expect(editor.body).toContain(`<code>${code}</code>`);
      expect(editor.body).toContain(`data-insert="${code}" data-insert-into="settings-body"`);
    }

    const created = await post('/admin/settings/email/templates', {
      intent: 'save',
      name: 'Relance polie',
      language: 'fr',
      subject: 'Facture #INVOICE_NUMBER',
      body: 'Bonjour #CUSTOMER_NAME,\r\n\r\n#LINK',
    });
    expect(created.statusCode).toBe(303);
    const id = templateIdFrom(created.headers.location);
    expect(id).not.toBe('');
    expect(await templates()).toContainEqual(
      expect.objectContaining({ id, name: 'Relance polie', isDefault: false }),
    );

    const list = await get('/admin/settings/email');
    expect(list.body).toMatch(/<h3 lang="fr">Français<\/h3>\s*<ul class="template-list">.*Relance polie/s);

    // Its page previews the saved text in French with the newest invoice, the link to that invoice.
    const page = decoded((await get(`/admin/settings/email/templates/${id}?done=saved`)).body);
    expect(page).toContain('Le modèle est enregistré.');
    expect(page).toContain('<dt>Objet</dt><dd>Facture MAIL-0001</dd>');
    const link = /Voir cette facture\u00a0: (\S+)/.exec(page)?.[1] ?? '';
    expect(link).toMatch(new RegExp(`^http://portal\\.test/p/[A-Za-z0-9_-]{48}/invoices/${invoiceId}$`));
    expect(page).toContain('Bonjour Brasserie Dupont SRL,');

    // The Preview intent renders the typed text and changes nothing.
    const before = await h.fingerprint();
    const preview = await post(`/admin/settings/email/templates/${id}`, {
      intent: 'preview',
      name: 'Relance polie',
      language: 'fr',
      subject: 'Encore #INVOICE_NUMBER',
      body: 'Montant : #AMOUNT_DUE\n\n#LINK',
    });
    expect(preview.statusCode).toBe(200);
    expect(decoded(preview.body)).toContain('<dt>Objet</dt><dd>Encore MAIL-0001</dd>');
    expect(decoded(preview.body)).toMatch(/Voir cette facture\u00a0: http:\/\/portal\.test\//);
    expect(await h.fingerprint()).toBe(before);
  });

  it('refuses an unknown shortcode by name next to the message, as the API does, changing nothing', async () => {
    const fields = { name: 'Avec erreur', language: 'fr', subject: 'Facture', body: 'Voir #NOPE\n\n#LINK' };
    const apiAnswer = await h.request(h.a.key, 'POST', '/api/v1/email-templates', fields, {
      'accept-language': 'fr',
    });
    expect(apiAnswer.status).toBe(422);
    expect(apiAnswer.body.error.message).toContain('#NOPE');

    const before = await h.fingerprint();
    const res = await post('/admin/settings/email/templates', { intent: 'save', ...fields });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(`<p class="field-error" id="settings-body-error">`);
    expect(decoded(res.body)).toContain(apiAnswer.body.error.message);
    expect(res.body).toContain('href="#settings-body"');
    expect(res.body).toContain('Voir #NOPE');
    // The preview intent says the same instead of a preview.
    const preview = await post('/admin/settings/email/templates', { intent: 'preview', ...fields });
    expect(decoded(preview.body)).toContain(apiAnswer.body.error.message);
    expect(await h.fingerprint()).toBe(before);
  });

  it('sets a template as its language’s default, deletes a non-default one and refuses deleting a default', async () => {
    const created = await post('/admin/settings/email/templates', {
      intent: 'save',
      name: 'Nouveau défaut',
      language: 'fr',
      subject: 'Facture #INVOICE_NUMBER',
      body: '#LINK',
    });
    const id = templateIdFrom(created.headers.location);
    const previous = (await templates()).find((t) => t.name === 'Default (fr)');
    expect(previous?.isDefault).toBe(true);

    const set = await post(`/admin/settings/email/templates/${id}/default`, {});
    expect(set.statusCode).toBe(303);
    expect(set.headers.location).toBe(`/admin/settings/email/templates/${id}?done=default`);
    const after = await templates();
    expect(after.find((t) => t.id === id)?.isDefault).toBe(true);
    expect(after.find((t) => t.id === previous?.id)?.isDefault).toBe(false);
    const page = await get(`/admin/settings/email/templates/${id}?done=default`);
    expect(page.body).toContain('Ce modèle est désormais le modèle par défaut de sa langue.');
    expect(page.body).toContain('C’est le modèle par défaut en Français.');
    expect(page.body).not.toContain(`/templates/${id}/delete`);

    // The default cannot be deleted: the page says why, nothing changes.
    const before = await h.fingerprint();
    const refused = await post(`/admin/settings/email/templates/${id}/delete`, {});
    expect(refused.statusCode).toBe(409);
    expect(decoded(refused.body)).toContain(
      'Le modèle par défaut d’une langue peut être modifié, mais pas supprimé',
    );
    expect(await h.fingerprint()).toBe(before);

    // The former default is an ordinary template now, and can go.
    const deleted = await post(`/admin/settings/email/templates/${previous?.id}/delete`, {});
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe('/admin/settings/email?done=deleted');
    expect((await templates()).some((t) => t.id === previous?.id)).toBe(false);
    expect((await get('/admin/settings/email?done=deleted')).body).toContain('Le modèle est supprimé.');
  });

  it("answers another organization's template as unknown, changing nothing", async () => {
    const before = await h.fingerprint();
    expect((await get(`/admin/settings/email/templates/${otherTemplateId}`)).statusCode).toBe(404);
    for (const action of ['', '/default', '/delete']) {
      const res = await post(`/admin/settings/email/templates/${otherTemplateId}${action}`, {
        intent: 'save',
        name: 'Pris',
        language: 'fr',
        subject: 'Pris',
        body: '#LINK',
      });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('Beta reminder');
    }
    expect(await h.fingerprint()).toBe(before);
  });
});
