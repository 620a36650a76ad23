import type { OutgoingEmailRow } from '../../db/schema.ts';
import { html, renderDocument, type SafeHtml } from '../../web/html.ts';

/**
 * The local mailbox (no SMTP configured): the messages the portal would have sent, as their recipients
 * would see them. A tool for whoever runs the portal, so it is in English only and plain.
 *
 * @module
 */

const STYLE = `
:root { color-scheme: light; --ink:#1f2937; --muted:#6b7280; --rule:#e5e7eb; --accent:#1f4e79; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--ink); background:#f3f4f6; }
header { background:#111827; color:#fff; padding:14px 20px; }
header h1 { margin:0; font-size:18px; }
header p { margin:4px 0 0; color:#d1d5db; font-size:13px; }
main { max-width:1100px; margin:0 auto; padding:20px; }
a { color:var(--accent); }
table { width:100%; border-collapse:collapse; background:#fff; border:1px solid var(--rule); }
th, td { text-align:left; padding:8px 10px; border-bottom:1px solid var(--rule); vertical-align:top; }
th { font-size:12px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); background:#f9fafb; }
.status { display:inline-block; padding:1px 8px; border-radius:999px; font-size:12px; font-weight:600; }
.status-sent { background:#dcfce7; color:#166534; } .status-queued { background:#fef9c3; color:#854d0e; }
.status-failed { background:#fee2e2; color:#991b1b; }
.card { background:#fff; border:1px solid var(--rule); border-radius:6px; padding:16px 20px; margin-bottom:16px; }
dl { display:grid; grid-template-columns:max-content 1fr; gap:4px 16px; margin:0; }
dt { color:var(--muted); } dd { margin:0; overflow-wrap:anywhere; }
iframe { width:100%; height:900px; border:1px solid var(--rule); border-radius:6px; background:#fff; }
pre { white-space:pre-wrap; overflow-wrap:anywhere; background:#fff; border:1px solid var(--rule); border-radius:6px; padding:16px; font-size:14px; }
.muted { color:var(--muted); }
h2 { font-size:16px; margin:24px 0 8px; }
@media (max-width:640px) { .hide-narrow { display:none; } iframe { height:700px; } }
`;

function page(title: string, nonce: string, body: SafeHtml): string {
  return renderDocument(html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<header><h1>Local mailbox</h1>
<p>No SMTP server is configured (SMTP_URL), so no e-mail leaves this machine: here is every message the portal would have sent.</p></header>
<main>
${body}
</main>
</body>
</html>`);
}

const time = (date: Date | null): string => (date ? date.toISOString().replace('T', ' ').slice(0, 19) : '');

function status(email: OutgoingEmailRow): SafeHtml {
  return html`<span class="status status-${email.status}">${email.status}</span>`;
}

export function renderMailboxList(input: {
  emails: readonly (OutgoingEmailRow & { organizationName: string })[];
  messagePath: (id: string) => string;
  nonce: string;
}): string {
  const rows = input.emails.map(
    (e) => html`<tr>
<td>${time(e.queued_at)}</td>
<td>${status(e)}</td>
<td class="hide-narrow">${e.organizationName}</td>
<td>${e.to_addresses.join(', ')}</td>
<td><a href="${input.messagePath(e.id)}">${e.subject}</a></td>
<td class="hide-narrow">${e.kind}</td>
</tr>`,
  );
  const body =
    input.emails.length === 0
      ? html`<p class="card">No messages yet. Send an invoice with <code>POST /api/v1/invoices/{id}/send</code>, or comment on an invoice in the portal.</p>`
      : html`<table>
<thead><tr><th scope="col">Queued (UTC)</th><th scope="col">Status</th><th scope="col" class="hide-narrow">From</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col" class="hide-narrow">Kind</th></tr></thead>
<tbody>${rows}</tbody>
</table>
<p class="muted">The newest ${input.emails.length} messages.</p>`;
  return page('Local mailbox', input.nonce, body);
}

export function renderMailboxMessage(input: {
  email: OutgoingEmailRow;
  fromAddress: string;
  attachments: readonly { name: string; contentType: string; size: number; url: string; inline: boolean }[];
  htmlUrl: string | null;
  emlUrl: string;
  listUrl: string;
  nonce: string;
}): string {
  const { email } = input;
  const body = html`<p><a href="${input.listUrl}">← All messages</a></p>
<section class="card" aria-labelledby="subject">
<h2 id="subject">${email.subject}</h2>
<dl>
<dt>From</dt><dd>${email.from_name} &lt;${input.fromAddress}&gt;</dd>
${email.reply_to ? html`<dt>Reply-To</dt><dd>${email.reply_to}</dd>` : null}
<dt>To</dt><dd>${email.to_addresses.join(', ')}</dd>
${email.cc_addresses.length > 0 ? html`<dt>Cc</dt><dd>${email.cc_addresses.join(', ')}</dd>` : null}
<dt>Date</dt><dd>${time(email.queued_at)} UTC</dd>
<dt>Message-ID</dt><dd>${email.message_id}</dd>
<dt>Status</dt><dd>${status(email)} ${email.sent_at ? html`<span class="muted">at ${time(email.sent_at)} UTC</span>` : null} ${email.last_error ? html`<span class="muted">— ${email.last_error}</span>` : null}</dd>
<dt>Attachments</dt><dd>${
    input.attachments.length === 0
      ? 'none'
      : input.attachments.map(
          (a, i) =>
            html`${i > 0 ? ', ' : ''}<a href="${a.url}">${a.name}</a> <span class="muted">(${a.contentType}, ${Math.ceil(a.size / 1024)} KB${a.inline ? ', inline' : ''})</span>`,
        )
  }</dd>
<dt>Source</dt><dd><a href="${input.emlUrl}">Download as .eml</a></dd>
</dl>
</section>
${
  input.htmlUrl
    ? html`<h2>HTML version</h2>
<iframe src="${input.htmlUrl}" title="The HTML version of the message" sandbox="allow-popups allow-popups-to-escape-sandbox"></iframe>`
    : html`<p class="muted">Plain text only: the organization has the designed layout off.</p>`
}
<h2>Text version</h2>
<pre>${email.text_body}</pre>`;
  return page(email.subject, input.nonce, body);
}
