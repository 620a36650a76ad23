import { performance } from 'node:perf_hooks';
import { Counter, Gauge, type Registry } from 'prom-client';
import { QUEUES } from '../jobs/job-queue.ts';

/** A queue's counts as pg-boss keeps them (`PgBoss#getQueues` answers this shape). */
export interface QueueCounts {
  name: string;
  /** Waiting jobs, deferred ones included. */
  queuedCount: number;
  /** Waiting for a retry or a later start. */
  deferredCount: number;
  activeCount: number;
  /** Failed for good and still retained (pg-boss deletes them after its retention). */
  failedCount: number;
}

export interface QueueCountSource {
  getQueues(names: string[]): Promise<QueueCounts[]>;
}

/** How long one reading of the queues serves scrapes: scrapes stay one cheap query every few seconds. */
export const QUEUE_READING_CACHE_MS = 5_000;

/**
 * Registers `job_queue_jobs{queue,state}` on `registry`, read from pg-boss at scrape time for every queue
 * of {@link QUEUES}. pg-boss's counts are those its monitor last took (one process of all sharing the
 * database takes them each `monitorIntervalSeconds`, 60 by default); reading them is one query on its
 * queue table, never a count of the jobs. A reading serves scrapes for `cacheMs`, and scrapes arriving
 * together share one. A reading that fails leaves the gauge empty for that scrape (no stale numbers
 * passed off as current) and counts `job_queue_read_errors_total`.
 */
export function registerQueueMetrics(
  registry: Registry,
  source: QueueCountSource,
  options: { cacheMs?: number } = {},
): void {
  const cacheMs = options.cacheMs ?? QUEUE_READING_CACHE_MS;
  const names = Object.values(QUEUES) as string[];
  let reading: { at: number; counts: Promise<QueueCounts[]> } | null = null;
  const read = (): Promise<QueueCounts[]> => {
    const now = performance.now();
    if (reading && now - reading.at < cacheMs) return reading.counts;
    const counts = source.getQueues(names);
    reading = { at: now, counts };
    // A failed reading is not kept: the next scrape tries again.
    counts.catch(() => {
      if (reading?.counts === counts) reading = null;
    });
    return counts;
  };
  const readErrors = new Counter({
    name: 'job_queue_read_errors_total',
    help: 'Scrapes that could not read the job queue counts (the database did not answer).',
    registers: [registry],
  });
  new Gauge({
    name: 'job_queue_jobs',
    help: 'Jobs per queue and state as pg-boss last counted them: queued (waiting, deferred included), deferred, active, failed (for good, still retained).',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      let counts: QueueCounts[];
      try {
        counts = await read();
      } catch {
        readErrors.inc();
        return;
      }
      for (const queue of counts) {
        if (!names.includes(queue.name)) continue;
        this.set({ queue: queue.name, state: 'queued' }, Number(queue.queuedCount));
        this.set({ queue: queue.name, state: 'deferred' }, Number(queue.deferredCount));
        this.set({ queue: queue.name, state: 'active' }, Number(queue.activeCount));
        this.set({ queue: queue.name, state: 'failed' }, Number(queue.failedCount));
      }
    },
  });
}
