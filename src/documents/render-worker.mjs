// The PDF render worker's entry (a worker thread of the render pool). Worker threads do not inherit the
// TypeScript loader of the process that starts them under every runner, so the worker registers tsx itself.
import { register } from 'tsx/esm/api';

register();
const { renderDocumentPdf } = await import('./render-document-pdf.ts');

export default async function render(model) {
  const bytes = await renderDocumentPdf(model);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
