import { Worker } from 'node:worker_threads';
import type { LoadReport, LoadSpec } from './http-load-worker.ts';

export type { LoadReport, LoadSpec } from './http-load-worker.ts';

/** Drives HTTP load from a worker thread; one measurement at a time. */
export interface HttpLoad {
  run(spec: LoadSpec): Promise<LoadReport>;
  close(): Promise<void>;
}

/**
 * Starts the load generator thread. NOTE: tsx's loader hooks are not inherited by worker threads, so the
 * worker is a tiny script that loads `http-load-worker.ts` through tsx's `tsImport`.
 */
export async function startHttpLoad(): Promise<HttpLoad> {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./http-load-worker.ts', import.meta.url).href;
  const worker = new Worker(
    `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}));`,
    { eval: true },
  );
  let failure: unknown = null;
  worker.on('error', (error) => {
    failure = error;
  });
  return {
    run: (spec) =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        const onMessage = (message: { ok: true; report: LoadReport } | { ok: false; error: string }) => {
          worker.off('error', onError);
          if (message.ok) resolve(message.report);
          else reject(new Error(`load generator failed: ${message.error}`));
        };
        const onError = (error: unknown) => {
          worker.off('message', onMessage);
          reject(error);
        };
        worker.once('message', onMessage);
        worker.once('error', onError);
        worker.postMessage(spec);
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
