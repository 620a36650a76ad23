import type { JobResult, JobWithMetadata } from 'pg-boss';

/**
 * Runs the jobs of a batch, at most `parallel` at a time, each settling on its own: one failure retries
 * only that job, and is told to `onFailed` (the metrics' failed attempts).
 */
export async function settleEach<T>(
  jobs: readonly JobWithMetadata<T>[],
  parallel: number,
  run: (job: JobWithMetadata<T>) => Promise<unknown>,
  onFailed?: () => void,
): Promise<JobResult[]> {
  const results: JobResult[] = [];
  let next = 0;
  const lane = async () => {
    for (let job = jobs[next++]; job !== undefined; job = jobs[next++]) {
      try {
        results.push({ id: job.id, status: 'completed', output: { outcome: await run(job) } });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        results.push({ id: job.id, status: 'failed', output: { message } });
        onFailed?.();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, jobs.length)) }, lane));
  return results;
}
