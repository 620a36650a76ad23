import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCustomerComment } from '../../src/app/comments/add-customer-comment.ts';
import { COMMENT_MAX_LENGTH } from '../../src/app/comments/comment-text.ts';
import { markInvoiceCommentsRead } from '../../src/app/comments/mark-invoice-comments-read.ts';
import { replyToComment } from '../../src/app/comments/reply-to-comment.ts';
import { listAdminUsers } from '../../src/db/repositories/admin-user.repository.ts';
import {
  countUnreadComments,
  insertComment,
  listCommentInbox,
} from '../../src/db/repositories/comment.repository.ts';
import { findOrganization } from '../../src/db/repositories/organization.repository.ts';
import type { AdminUserRow, OrganizationRow } from '../../src/db/schema.ts';
import { jobSender } from '../../src/jobs/job-queue.ts';
import { smtpMailer } from '../../src/mail/smtp-mailer.ts';
import { FAST_POLICIES, jobsDone, pathOf } from '../emails/support.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { eventually, type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * The business's side of a comment thread (issue 11, B8): replies (stored, e-mailed to the customer through
 * a real SMTP server, shown in the portal as the business's), refusals that change nothing, and the inbox
 * with its read state and pages, on both databases.
 */

const NOW = new Date('2026-05-30T10:00:00Z');
const line = { description: 'Consulting', quantity: '1', unitPriceMinor: 10000, vatRateBp: 2100 };
/** The e-mail workers run beside the tests: a digest is taken once they have nothing left to do. */
const settled = (h: ApiHarness) =>
  eventually(() => jobsDone(h.database.db, ['comment-created', 'email-send']), 'every job finished');

describe.each(contractDatabaseKinds())('comment replies and the inbox [%s]', (kind) => {
  let h: ApiHarness;
  let sink: SmtpSink;
  let organization: OrganizationRow;
  let admin: AdminUserRow;
  let customerId: string;
  let invoiceId: string;
  let draftId: string;
  let counter = 0;

  const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    h.request(h.a.key, method, `/api/v1${path}`, body, headers);
  const deps = () => ({
    db: h.database.db,
    jobs: jobSender(h.boss),
    mail: { publicBaseUrl: 'http://portal.test', appSecret: h.appSecret, mailFrom: 'invoices@portal.test' },
  });
  const customerComment = async (onInvoice: string, body: string) => {
    const added = await addCustomerComment(
      { db: h.database.db, jobs: jobSender(h.boss) },
      { organizationId: h.a.id, customerId, invoiceId: onInvoice, body },
    );
    if (!added.ok) throw new Error(added.code);
    return added.value;
  };
  async function issuedInvoice(forCustomer = customerId): Promise<string> {
    const res = await api('POST', '/invoices', {
      number: `R-${kind}-${++counter}`,
      customerId: forCustomer,
      issueDate: '2026-05-01',
      dueDate: '2026-05-31',
      lines: [line],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    h = await createApiHarness({ kind, now: () => NOW, policies: FAST_POLICIES });
    await h.startEmailWorkers(smtpMailer(sink.url));
    const found = await findOrganization(h.database.db, h.a.id);
    if (!found) throw new Error('no organization');
    organization = found;
    const [first] = await listAdminUsers(h.database.db, h.a.id);
    if (!first) throw new Error('no admin');
    admin = first;
    const customer = await api('POST', '/customers', {
      kind: 'company',
      name: 'Bakkerij De Smet BV',
      language: 'nl',
      emails: ['boekhouding@desmet.example'],
    });
    customerId = customer.body.id;
    invoiceId = await issuedInvoice();
    const draft = await api('POST', '/invoices', {
      number: `D-${kind}`,
      customerId,
      state: 'draft',
      issueDate: '2026-05-01',
      dueDate: '2026-05-31',
      lines: [line],
    });
    draftId = draft.body.id;
  });
  afterAll(async () => {
    await h?.close();
    await sink?.stop();
  });

  it('stores an admin’s reply, marks the comment read and e-mails the customer in their language, with the link to the invoice where the reply shows as the business’s', async () => {
    const question = await customerComment(invoiceId, 'Kunnen jullie de uren per dag opsplitsen?');
    expect(await countUnreadComments(h.database.db, h.a.id)).toBeGreaterThanOrEqual(1);
    const replyText = '  Natuurlijk <b>graag</b>:\n3,5 u op 12 mei en 3 u op 13 mei.  ';

    const replied = await replyToComment(deps(), {
      organization,
      invoiceId,
      body: replyText,
      author: { kind: 'admin', admin },
      now: NOW,
    });
    if (!replied.ok) throw new Error(replied.code);
    const { comment, email, markedRead } = replied.value;
    expect(comment).toMatchObject({
      author_kind: 'admin',
      author_name: admin.name,
      body: replyText.trim(),
      read_at: null,
    });
    expect(markedRead).toBe(1);
    const stored = await h.database.db
      .selectFrom('comments')
      .select('read_at')
      .where('id', '=', question.id)
      .executeTakeFirstOrThrow();
    expect(stored.read_at).toEqual(NOW);
    expect(email).toMatchObject({
      kind: 'comment-reply',
      language: 'nl',
      to_addresses: ['boekhouding@desmet.example'],
      status: 'queued',
    });

    // Delivered over SMTP, in Dutch, quoting the reply (escaped in the HTML), with the portal link.
    const mail = await eventually(
      () => sink.received.find((m) => m.parsed.messageId === email?.message_id),
      'the reply at the SMTP server',
    );
    const { parsed } = mail;
    expect(mail.envelopeTo).toEqual(['boekhouding@desmet.example']);
    expect(parsed.subject).toMatch(/^Antwoord van Alpha SRL over factuur R-/);
    expect(parsed.from?.value).toEqual([{ name: 'Alpha SRL', address: 'invoices@portal.test' }]);
    expect(parsed.text).toContain('Beste Bakkerij De Smet BV,');
    expect(parsed.text).toContain('Alpha SRL antwoordde bij factuur');
    expect(parsed.text).toContain('Natuurlijk <b>graag</b>:');
    expect(parsed.text).toContain('3,5 u op 12 mei en 3 u op 13 mei.');
    const link = /Bekijk deze factuur: (\S+)/.exec(parsed.text ?? '')?.[1] ?? '';
    expect(link).toMatch(new RegExp(`^http://portal\\.test/p/[A-Za-z0-9_-]{48}/invoices/${invoiceId}$`));
    const html = String(parsed.html);
    expect(html).toContain(`href="${link}"`);
    expect(html).toContain('Natuurlijk &lt;b&gt;graag&lt;/b&gt;:');
    expect(html).not.toContain('<b>graag</b>');

    // The link opens the invoice; its thread shows the reply, labelled in words as the business's.
    const page = await h.app.inject({ method: 'GET', url: pathOf(link) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<li class="comment comment-business">');
    expect(page.body).toContain(
      `<span class="comment-author">${admin.name}</span><span class="comment-org">Antwoord van Alpha SRL</span>`,
    );
    expect(page.body).toContain('Natuurlijk &lt;b&gt;graag&lt;/b&gt;:');

    // On the invoice's history, with the message it queued.
    const events = await api('GET', `/invoices/${invoiceId}/events`);
    const entry = events.body.data.find((e: { action: string }) => e.action === 'invoice.comment_replied');
    expect(entry).toMatchObject({ actor: `admin_user:${admin.id}` });
    const sent = await eventually(async () => {
      const res = await api('GET', `/emails/${email?.id}`);
      return res.body.status === 'sent' ? res.body : undefined;
    }, 'the reply recorded as sent');
    expect(sent).toMatchObject({ kind: 'comment-reply' });
  });

  it('takes a reply through the API, signed with the business’s name, shown once in the portal', async () => {
    const onInvoice = await issuedInvoice();
    await customerComment(onInvoice, 'Is the PO number on it?');
    const res = await api('POST', `/invoices/${onInvoice}/comments`, { body: 'Yes, PO 4711.' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      authorKind: 'admin',
      authorName: 'Alpha SRL',
      body: 'Yes, PO 4711.',
      invoiceId: onInvoice,
      markedRead: 1,
      email: { status: 'queued', to: ['boekhouding@desmet.example'] },
      emailSkipped: null,
    });
    const thread = await api('GET', `/invoices/${onInvoice}/comments`);
    expect(thread.body.data.map((c: { authorKind: string }) => c.authorKind)).toEqual(['customer', 'admin']);
    expect(thread.body.data[0].readAt).toBe(NOW.toISOString());

    const link = await api('GET', `/invoices/${onInvoice}/portal-link`);
    const page = await h.app.inject({ method: 'GET', url: `${pathOf(link.body.url)}?lang=en` });
    expect(page.body).toContain(
      '<p class="comment-meta"><span class="comment-org">Reply from Alpha SRL</span><time',
    );
    const events = await api('GET', `/invoices/${onInvoice}/events`);
    const entry = events.body.data.find((e: { action: string }) => e.action === 'invoice.comment_replied');
    expect(entry.actor).toMatch(/^api_key:/);
  });

  it('refuses another organization’s invoice, and a draft, as not found, changing nothing', async () => {
    const other = await findOrganization(h.database.db, h.b.id);
    if (!other) throw new Error('no organization B');
    await settled(h);
    const before = await h.fingerprint();
    for (const [asOrganization, target] of [
      [other, invoiceId],
      [organization, draftId],
    ] as const) {
      const result = await replyToComment(deps(), {
        organization: asOrganization,
        invoiceId: target,
        body: 'Hello',
        author: { kind: 'organization', actor: 'test' },
        now: NOW,
      });
      expect(result).toEqual({ ok: false, code: 'INVOICE_NOT_FOUND', field: 'invoiceId' });
    }
    const viaApi = await h.request(h.b.key, 'POST', `/api/v1/invoices/${invoiceId}/comments`, { body: 'Hi' });
    expect(viaApi.status).toBe(404);
    expect(viaApi.body.error.code).toBe('INVOICE_NOT_FOUND');
    const read = await h.request(h.b.key, 'POST', `/api/v1/invoices/${invoiceId}/comments/read`);
    expect(read.status).toBe(404);
    expect(await h.fingerprint()).toBe(before);
    // An admin of another organization is a programming error, not a value.
    await expect(
      replyToComment(deps(), {
        organization: other,
        invoiceId,
        body: 'Hello',
        author: { kind: 'admin', admin },
        now: NOW,
      }),
    ).rejects.toThrow(/is not an admin of organization/);
  });

  it('refuses an empty, too long or control-character reply with the precise reason, changing nothing', async () => {
    await settled(h);
    const before = await h.fingerprint();
    const cases = [
      [' \n\t ', 'empty'],
      ['x'.repeat(COMMENT_MAX_LENGTH + 1), 'too_long'],
      ['bell \u0007', 'invalid_characters'],
    ] as const;
    for (const [body, problem] of cases) {
      const result = await replyToComment(deps(), {
        organization,
        invoiceId,
        body,
        author: { kind: 'admin', admin },
        now: NOW,
      });
      expect(result).toEqual({
        ok: false,
        code: 'INVALID_COMMENT',
        field: 'body',
        params: { problem, max: COMMENT_MAX_LENGTH },
      });
    }
    // Exactly the limit, counted in characters (an emoji is one), is accepted: the same rule as customers'.
    const en = await api('POST', `/invoices/${invoiceId}/comments`, { body: '👍'.repeat(2001) });
    expect(en.status).toBe(422);
    expect(en.body.error).toEqual({
      code: 'INVALID_COMMENT',
      field: 'body',
      message: 'The comment is too long: at most 2000 characters.',
    });
    const de = await api(
      'POST',
      `/invoices/${invoiceId}/comments`,
      { body: '  ' },
      { 'accept-language': 'de' },
    );
    expect(de.body.error.message).toBe('Schreiben Sie den Kommentar in „body“: Er ist leer.');
    expect(await h.fingerprint()).toBe(before);
    const fits = await api('POST', `/invoices/${invoiceId}/comments`, { body: '👍'.repeat(2000) });
    expect(fits.status).toBe(201);
  });

  it('keeps read state to customer comments: the schema refuses it on a reply', async () => {
    const reply = await insertComment(h.database.db, {
      organization_id: h.a.id,
      invoice_id: invoiceId,
      author_kind: 'admin',
      author_name: 'Alpha SRL',
      body: 'Noted.',
    });
    await expect(
      h.database.db.updateTable('comments').set({ read_at: NOW }).where('id', '=', reply.id).execute(),
    ).rejects.toThrow(/comments_read_customer_only/);
  });

  it('keeps the reply but sends nothing when the customer has no address', async () => {
    const silent = await api('POST', '/customers', {
      kind: 'person',
      name: 'Zoë',
      language: 'fr',
      emails: [],
    });
    const onInvoice = await issuedInvoice(silent.body.id);
    const res = await api('POST', `/invoices/${onInvoice}/comments`, { body: 'Merci !' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: null, emailSkipped: 'no_email_address' });
    const emails = await api('GET', `/invoices/${onInvoice}/emails`);
    expect(emails.body.data).toEqual([]);
  });

  it('lists the inbox newest first with invoice and customer, pages it, and tracks what is read', async () => {
    // Start from a clean inbox: everything so far read.
    for (const row of await listCommentInbox(h.database.db, h.a.id, { limit: 1000, unreadOnly: true })) {
      await markInvoiceCommentsRead(h.database.db, {
        organizationId: h.a.id,
        invoiceId: row.invoiceId,
        actor: 'test',
        now: NOW,
      });
    }
    const first = await issuedInvoice();
    const second = await issuedInvoice();
    await customerComment(first, 'One');
    await customerComment(second, 'Two');
    await customerComment(first, 'Three');
    // Two comments at the same millisecond: the id breaks the tie, across a page boundary too.
    const tie = new Date('2030-01-01T00:00:00.123Z');
    for (const body of ['Tie A', 'Tie B']) {
      await insertComment(h.database.db, {
        organization_id: h.a.id,
        invoice_id: second,
        author_kind: 'customer',
        author_name: 'Bakkerij De Smet BV',
        body,
        created_at: tie,
      });
    }
    // The business's own replies are not in the inbox.
    await api('POST', `/invoices/${first}/comments/read`);
    await insertComment(h.database.db, {
      organization_id: h.a.id,
      invoice_id: first,
      author_kind: 'admin',
      author_name: 'Alpha SRL',
      body: 'Reply',
      created_at: new Date('2031-01-01T00:00:00Z'),
    });

    const all = await h.database.db
      .selectFrom('comments')
      .select(['id', 'created_at', 'body'])
      .where('organization_id', '=', h.a.id)
      .where('author_kind', '=', 'customer')
      .execute();
    const expected = [...all]
      .sort((x, y) => y.created_at.getTime() - x.created_at.getTime() || (x.id < y.id ? 1 : -1))
      .map((c) => c.id);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await api('GET', `/comments${query}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.data.map((c: { id: string }) => c.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(seen).toEqual(expected);

    const top = await api('GET', '/comments?limit=3');
    expect(top.body.data.map((c: { body: string }) => c.body)).toEqual(
      expect.arrayContaining(['Tie A', 'Tie B']),
    );
    expect(top.body.data[0]).toMatchObject({
      invoiceId: second,
      invoiceNumber: expect.stringMatching(/^R-/),
      customerId,
      customerName: 'Bakkerij De Smet BV',
      authorName: 'Bakkerij De Smet BV',
      readAt: null,
    });

    // Unread only: the second invoice's three ("Two" and the ties); the first's were marked read.
    const unread = await api('GET', '/comments?unread=true');
    expect(unread.body.data.map((c: { body: string }) => c.body).sort()).toEqual(['Tie A', 'Tie B', 'Two']);
    expect(unread.body.unreadCount).toBe(3);

    const marked = await api('POST', `/invoices/${second}/comments/read`);
    expect(marked.status).toBe(200);
    expect(marked.body).toEqual({ markedRead: 3, unreadCount: 0 });
    const again = await api('POST', `/invoices/${second}/comments/read`);
    expect(again.body).toEqual({ markedRead: 0, unreadCount: 0 });
    const events = await api('GET', `/invoices/${second}/events`);
    expect(
      events.body.data.filter((e: { action: string }) => e.action === 'invoice.comments_read'),
    ).toHaveLength(1);
    const none = await api('GET', '/comments?unread=true');
    expect(none.body).toEqual({ data: [], unreadCount: 0, nextCursor: null });
    const read = await api('GET', '/comments?limit=1');
    expect(read.body.data[0].readAt).toBe(NOW.toISOString());
  });
});
