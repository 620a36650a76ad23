import { Piscina } from 'piscina';
import type { DocumentModel } from './document-model.ts';
import { DocumentRenderError, type DocumentRenderer } from './document-renderer.ts';
import { pdfRenderer } from './pdf-renderer.ts';

export interface RenderPoolOptions {
  /** Worker threads rendering at once. */
  workers: number;
  /** Wall-clock bound of one render. */
  timeoutMs: number;
  /** Heap bound of a worker (V8's old generation); a render beyond it ends its worker, not the process. */
  memoryMb: number;
}

/**
 * The pdfkit renderer in a pool of worker threads (piscina), each with a heap limit, every render with a
 * timeout: one document that would stall or exhaust memory (a hostile logo, an enormous invoice) ends its
 * own worker and fails with a `DocumentRenderError`, while the process keeps serving everyone else.
 */
export function pooledPdfRenderer(options: RenderPoolOptions): DocumentRenderer & { close(): Promise<void> } {
  const pool = new Piscina({
    filename: new URL('./render-worker.mjs', import.meta.url).href,
    minThreads: 0,
    maxThreads: options.workers,
    idleTimeout: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
  });
  // A worker that dies outside a task (e.g. out of memory while it starts) is replaced by the pool, and a
  // task waiting for it ends at its timeout; the time of the last such death tells that timeout's cause.
  // Without a listener the pool's 'error' event would end the process.
  let lastOutOfMemoryAt = Number.NEGATIVE_INFINITY;
  pool.on('error', (error: { code?: string }) => {
    if (error?.code === 'ERR_WORKER_OUT_OF_MEMORY') lastOutOfMemoryAt = performance.now();
  });
  const memoryError = () =>
    new DocumentRenderError('memory', `render needed more than ${options.memoryMb} MB`);
  return {
    version: pdfRenderer.version,
    async render(model: DocumentModel): Promise<Buffer> {
      const startedAt = performance.now();
      try {
        const bytes: Uint8Array = await pool.run(model, { signal: AbortSignal.timeout(options.timeoutMs) });
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } catch (error) {
        const code = (error as { code?: string }).code;
        const name = (error as { name?: string }).name;
        if (code === 'ERR_WORKER_OUT_OF_MEMORY') throw memoryError();
        if (name === 'AbortError' || name === 'TimeoutError') {
          if (lastOutOfMemoryAt >= startedAt) throw memoryError();
          throw new DocumentRenderError('timeout', `render took longer than ${options.timeoutMs} ms`);
        }
        throw new DocumentRenderError('error', error instanceof Error ? error.message : String(error));
      }
    },
    close: () => pool.destroy(),
  };
}
