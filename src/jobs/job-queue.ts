import { fromKysely, fromPglite, PgBoss } from 'pg-boss';
import type { DatabaseHandle } from '../db/connect-database.ts';
import type { Trx } from '../db/transaction.ts';

export interface JobQueueOptions {
  /** Seconds between polls of an idle queue (pg-boss minimum 0.5; its default of 2 is too slow here). */
  pollingIntervalSeconds: number;
  /** Jobs fetched per poll. */
  batchSize: number;
  /** Workers per queue in this process. */
  concurrency: number;
  /** Connections pg-boss may open on PostgreSQL (its own small pool). */
  poolSize?: number;
  /**
   * Seconds between pg-boss's checks for expired jobs (a worker that died mid-job). pg-boss's default is
   * 60; tests lower it to see a killed worker's job come back quickly.
   */
  superviseIntervalSeconds?: number;
  /**
   * False for an instance that only sends jobs (the web role): it runs no maintenance (expiring jobs of dead
   * workers, retention), which the worker processes' instances do. Default true.
   */
  supervise?: boolean;
  /**
   * Run pg-boss's cron (its timekeeper): on in processes that run workers, so periodic jobs (retention) are
   * sent; pg-boss claims each cron pass and files each occurrence under a singleton key in the database,
   * so any number of processes send a due schedule once.
   */
  schedule?: boolean;
  /** Seconds between cron passes (pg-boss: 1 to 45, default 30); tests lower it. */
  cronMonitorIntervalSeconds?: number;
}

export const defaultJobQueueOptions: JobQueueOptions = {
  pollingIntervalSeconds: 0.5,
  batchSize: 10,
  concurrency: 2,
  poolSize: 4,
};

/**
 * pg-boss on the same database as the data. On PGlite it goes through `fromPglite`, whose plain queries
 * wait on PGlite's transaction lock, so they can never run inside one of our transactions.
 */
export function createJobQueue(
  database: DatabaseHandle,
  options: JobQueueOptions = defaultJobQueueOptions,
): PgBoss {
  const common = {
    schema: 'pgboss',
    // The expiry sweep visits a queue at most every monitorIntervalSeconds, so both intervals move together.
    ...(options.superviseIntervalSeconds
      ? {
          superviseIntervalSeconds: options.superviseIntervalSeconds,
          monitorIntervalSeconds: options.superviseIntervalSeconds,
        }
      : {}),
    // NOTE: cron is on only where workers run (it sends the retention job); elsewhere it stays off and
    // saves the single PGlite connection from background traffic.
    schedule: options.schedule ?? false,
    ...(options.cronMonitorIntervalSeconds
      ? { cronMonitorIntervalSeconds: options.cronMonitorIntervalSeconds }
      : {}),
    supervise: options.supervise ?? true,
    migrate: true,
  } as const;
  const boss =
    database.kind === 'pglite' && database.pglite
      ? new PgBoss({ ...common, db: fromPglite(database.pglite), backend: 'pglite' })
      : new PgBoss({
          ...common,
          connectionString: database.connectionString ?? undefined,
          max: options.poolSize ?? 4,
        });
  return boss;
}

/** Options for `boss.work()` derived from the queue settings. */
export function workOptions(options: JobQueueOptions) {
  return {
    pollingIntervalSeconds: options.pollingIntervalSeconds,
    batchSize: options.batchSize,
    localConcurrency: options.concurrency,
    // A full batch means more is waiting: fetch again at once instead of sleeping a poll interval, which
    // would cap a worker at batchSize jobs per interval (20 e-mails a second with the defaults).
    burstWhenBatchFull: true,
  };
}

/** Every queue the service uses; created (and cached by pg-boss) at start. */
export const QUEUES = {
  /** A customer commented on an invoice: queue an e-mail to every admin. */
  commentCreated: 'comment-created',
  /** Send one outgoing e-mail (SMTP, or the local mailbox). */
  emailSend: 'email-send',
  /** An `email-send` job pg-boss gave up on without our worker recording it (it died on the last try). */
  emailSendDead: 'email-send-dead',
  /** Deliver one webhook event to one endpoint. */
  webhookDeliver: 'webhook-deliver',
  /** A `webhook-deliver` job pg-boss gave up on without our worker recording it. */
  webhookDeliverDead: 'webhook-deliver-dead',
  /** Apply one stored payment-provider notification: re-read the truth, record the payment once. */
  paymentEvent: 'payment-event',
  /** A `payment-event` job pg-boss gave up on: the event is marked so, for an operator to look at. */
  paymentEventDead: 'payment-event-dead',
  /** Queue the e-mails of an invoice event (payment received, confirmation, refund, chargeback). */
  invoiceNotification: 'invoice-notification',
  /** Prune old records (retention), sent once a day by pg-boss's cron. */
  maintenancePrune: 'maintenance-prune',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** How a queue retries: pg-boss's exponential backoff from `retryDelay` up to `retryDelayMax` seconds. */
export interface QueuePolicy {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  retryDelayMax?: number;
  /**
   * How long a job may stay active before pg-boss takes it for dead and retries it; its worker's handler is
   * told (`job.signal`) when that time is up.
   */
  expireInSeconds: number;
  /**
   * With heartbeats, a live worker keeps its jobs (pg-boss refreshes them every half interval) and a dead
   * one loses them after this many seconds (at least 10), so `expireInSeconds` can be generous.
   */
  heartbeatSeconds?: number;
  /** Where pg-boss moves a job it gives up on, so the worker there can record the failure. */
  deadLetter?: QueueName;
}

/** A dead-letter queue only records that a job was given up; it retries that a few times. */
const DEAD_LETTER_POLICY: QueuePolicy = {
  retryLimit: 8,
  retryDelay: 10,
  retryBackoff: true,
  retryDelayMax: 900,
  expireInSeconds: 300,
};

/**
 * The retry policy of each queue. E-mail: 10 retries from 30 s up to an hour apart (about 6 hours in all)
 * rides out an SMTP server's maintenance. Webhooks: 12 retries up to 6 hours apart (about a day), as the
 * receiving system may be down longer. A job whose worker died is taken up again after its heartbeat
 * stops (e-mail) or after `expireInSeconds`. A job given up without a record goes to its dead letter.
 */
export const QUEUE_POLICIES: Readonly<Record<QueueName, QueuePolicy>> = {
  'comment-created': {
    retryLimit: 8,
    retryDelay: 10,
    retryBackoff: true,
    retryDelayMax: 900,
    expireInSeconds: 300,
  },
  'email-send': {
    retryLimit: 10,
    retryDelay: 30,
    retryBackoff: true,
    retryDelayMax: 3600,
    // A batch of 10 sent 3 at a time through slow SMTP can take minutes: expiring it would send its
    // messages again while they are still being sent. Heartbeats tell a live worker from a dead one.
    expireInSeconds: 1800,
    heartbeatSeconds: 30,
    deadLetter: 'email-send-dead',
  },
  'email-send-dead': DEAD_LETTER_POLICY,
  'webhook-deliver': {
    retryLimit: 12,
    retryDelay: 30,
    retryBackoff: true,
    retryDelayMax: 21600,
    expireInSeconds: 60,
    deadLetter: 'webhook-deliver-dead',
  },
  'webhook-deliver-dead': DEAD_LETTER_POLICY,
  // A provider that is down is retried for about a day (20 retries, doubling to 2 hours); the event is
  // stored, so nothing is lost meanwhile, and one given up is marked `gave_up` for an operator.
  'payment-event': {
    retryLimit: 20,
    retryDelay: 10,
    retryBackoff: true,
    retryDelayMax: 7200,
    expireInSeconds: 300,
    deadLetter: 'payment-event-dead',
  },
  'payment-event-dead': DEAD_LETTER_POLICY,
  'invoice-notification': {
    retryLimit: 8,
    retryDelay: 10,
    retryBackoff: true,
    retryDelayMax: 900,
    expireInSeconds: 300,
  },
  // A run is bounded (batches × batch size per kind); a failed one is tried a few times, then the next
  // day's run catches up.
  'maintenance-prune': {
    retryLimit: 3,
    retryDelay: 300,
    retryBackoff: true,
    retryDelayMax: 3600,
    expireInSeconds: 1800,
  },
};

export type QueuePolicies = Readonly<Record<QueueName, QueuePolicy>>;

/** Queues jobs inside the caller's transaction: the job exists exactly when the change it reports does. */
export interface JobSender {
  sendInTransaction(trx: Trx, queue: QueueName, data: Record<string, unknown>): Promise<void>;
}

/**
 * Starts pg-boss and creates every queue. Creating them also fills pg-boss's queue cache, which matters on
 * PGlite: a send inside one of our transactions must not make pg-boss read its own tables through the
 * single connection our transaction is holding.
 */
export async function startJobQueue(boss: PgBoss, policies: QueuePolicies = QUEUE_POLICIES): Promise<void> {
  await boss.start();
  // Dead-letter queues first: a queue can only name one that exists.
  const queues = Object.values(QUEUES).sort(
    (a, b) => Number(policies[a].deadLetter !== undefined) - Number(policies[b].deadLetter !== undefined),
  );
  for (const queue of queues) {
    await boss.createQueue(queue, policies[queue]);
    // An existing queue keeps the options it was created with; bring them up to this version's policy.
    const { heartbeatSeconds = null, deadLetter = null, retryDelayMax = null, ...rest } = policies[queue];
    await boss.updateQueue(queue, { ...rest, heartbeatSeconds, deadLetter, retryDelayMax });
  }
}

export function jobSender(boss: PgBoss): JobSender {
  return {
    async sendInTransaction(trx, queue, data) {
      await boss.send(queue, data, { db: fromKysely(trx) });
    },
  };
}
