import { html, type SafeHtml } from '../../web/html.ts';
import type { BackOfficeChrome, BackOfficeInvoicePage, FieldError } from '../view-models.ts';
import type { BackOfficeViewContext } from './components.ts';
import { adminPaths, csrfField, errorOf, errorSummary } from './layout.ts';

export const invoicePdfPaths = {
  /** The invoice's PDF alone (the download button gives a zip when there are credit notes). */
  pdf: (id: string) => `${adminPaths.invoice(id)}/pdf`,
  /** POST, multipart: the business's own PDF. */
  upload: (id: string) => `${adminPaths.invoice(id)}/pdf`,
  /** POST: back to the PDF we make. */
  rerender: (id: string) => `${adminPaths.invoice(id)}/pdf/render`,
};

export interface PdfCardView {
  chrome: BackOfficeChrome;
  page: BackOfficeInvoicePage;
  /** A refused upload (`file`) or a re-render that failed (`rerender`). */
  errors: readonly FieldError[];
}

/**
 * The invoice's PDF: which one the customer gets now (ours or the business's own, since when, by whom),
 * a download link, the upload of the business's own PDF, and the way back to ours. No script: the file
 * input is a plain form post, and replacing an uploaded PDF says so on its button instead of asking in a
 * dialog. A draft has no PDF: the card says when it will have one.
 */
export function pdfCard(ctx: BackOfficeViewContext, view: PdfCardView, maxBytes: number): SafeHtml {
  const { t, format } = ctx;
  const { invoice, pdf } = view.page;
  const heading = html`<h2 id="pdf-heading">${t('pdfTitle')}</h2>`;
  if (invoice.state !== 'issued') {
    return html`<section class="card" aria-labelledby="pdf-heading">${heading}<p class="muted">${t('pdfDraft')}</p></section>`;
  }
  const fileError = errorOf(view.errors, 'file');
  const rerenderError = errorOf(view.errors, 'rerender');
  const described = `pdf-file-hint${fileError ? ' pdf-file-error' : ''}`;
  const rerender =
    pdf === null
      ? { label: t('pdfRenderNow'), hint: t('pdfRenderNowHint') }
      : pdf.source === 'uploaded'
        ? { label: t('pdfReplaceUpload'), hint: t('pdfReplaceUploadHint') }
        : { label: t('pdfRerender'), hint: t('pdfRerenderHint') };
  return html`<section class="card" aria-labelledby="pdf-heading">
${heading}
${errorSummary(t, view.errors, 'pdf')}
${
  pdf === null
    ? html`<p>${t('pdfNotMadeYet')}</p>`
    : html`<dl class="facts">
<dt>${t('pdfServedLabel')}</dt><dd>${pdf.source === 'uploaded' ? t('pdfSourceUploaded') : t('pdfSourceRendered')}</dd>
<dt>${t('pdfSinceLabel')}</dt><dd><time datetime="${pdf.createdAt.toISOString()}">${format.dateTime(pdf.createdAt)}</time>${pdf.by ? html` <span class="actor">${t('byActor', { actor: pdf.by })}</span>` : null}</dd>
<dt>${t('pdfSizeLabel')}</dt><dd>${format.fileSize(pdf.byteSize)}</dd>
</dl>`
}
<p><a href="${invoicePdfPaths.pdf(invoice.id)}">${t('pdfDownload')}</a></p>
<h3>${t('pdfUploadTitle')}</h3>
<form method="post" action="${invoicePdfPaths.upload(invoice.id)}" enctype="multipart/form-data" novalidate>
${csrfField(view.chrome)}
<div class="field${fileError ? ' has-error' : ''}">
<label for="pdf-file">${t('pdfFileLabel')}</label>
<p class="hint" id="pdf-file-hint">${t('pdfUploadHint', { max: format.fileSize(maxBytes) })}</p>
${fileError ? html`<p class="field-error" id="pdf-file-error">${fileError.message}</p>` : null}
<input id="pdf-file" name="pdf" type="file" accept="application/pdf,.pdf" required aria-describedby="${described}"${fileError ? html` aria-invalid="true"` : null}>
</div>
<button class="button button-secondary" type="submit">${t('pdfUploadButton')}</button>
</form>
<h3>${t('pdfRerenderTitle')}</h3>
<form method="post" action="${invoicePdfPaths.rerender(invoice.id)}">
${csrfField(view.chrome)}
<p class="hint" id="pdf-rerender-hint">${rerender.hint}</p>
${rerenderError ? html`<p class="field-error" id="pdf-rerender-error">${rerenderError.message}</p>` : null}
<button class="button button-secondary" type="submit" id="pdf-rerender" aria-describedby="pdf-rerender-hint${rerenderError ? ' pdf-rerender-error' : ''}">${rerender.label}</button>
</form>
</section>`;
}
