import { QUEUE_POLICIES, type QueuePolicies } from '../../src/jobs/job-queue.ts';

/** Queue policies for tests: retries a second apart, and a job of a dead worker back after 3 s. */
export const FAST_POLICIES: QueuePolicies = {
  ...QUEUE_POLICIES,
  'email-send': { retryLimit: 30, retryDelay: 1, retryBackoff: false, expireInSeconds: 3 },
  'comment-created': { retryLimit: 5, retryDelay: 1, retryBackoff: false, expireInSeconds: 30 },
};

/** The path and query of an absolute portal URL, for `app.inject`. */
export function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}
