import type { DocumentModel } from './document-model.ts';

/** Why a render was stopped: it ran out of its time, or out of its memory, or threw. */
export type RenderFailureReason = 'timeout' | 'memory' | 'error';

/** A render that did not finish within its bounds; the process and the other renders go on. */
export class DocumentRenderError extends Error {
  constructor(
    readonly reason: RenderFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'DocumentRenderError';
  }
}

/** The PDF renderer port; the composition root passes the pdfkit one. */
export interface DocumentRenderer {
  /** Recorded with each stored render, so a document can be traced to the code that drew it. */
  readonly version: string;
  /** @throws DocumentRenderError when the render exceeds its bounds (time, memory) or fails. */
  render(model: DocumentModel): Promise<Buffer>;
}
