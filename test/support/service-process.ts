/**
 * The service in a child process, for the multi-process fault tests: the production composition
 * (`startService` on `loadConfig(process.env)`), with test adapters only for the outside world — the
 * payment SDKs pointed at the fake Stripe and Mollie servers of the parent, and queue policies that retry
 * within seconds and give a dead process's jobs back quickly.
 *
 * Environment: the service's own variables (DATABASE_URL, APP_SECRET, PORT, PUBLIC_BASE_URL, SMTP_URL,
 * LOG_LEVEL…), plus FAKE_STRIPE_URL and FAKE_MOLLIE_URL (`http://127.0.0.1:<port>` of the fakes) and
 * SERVE_ROLE (`web`, `worker` or `all`, read by `loadConfig` as `serve` reads it).
 *
 * Tells its parent `{ ready: true, port }` once listening, `{ failed: message }` if it could not start; on
 * SIGTERM it stops gracefully and exits 0.
 */
import { loadConfig } from '../../src/config.ts';
import { QUEUE_POLICIES, type QueuePolicies } from '../../src/jobs/job-queue.ts';
import { openMigratedDatabase, startService } from '../../src/main.ts';
import { sdkProviderFactory } from '../../src/payments/provider-factory.ts';

/** Retries a second apart; a job of a killed process comes back after its heartbeat or expiry. */
export const FAULT_POLICIES: QueuePolicies = {
  ...QUEUE_POLICIES,
  'comment-created': { retryLimit: 30, retryDelay: 1, retryBackoff: false, expireInSeconds: 15 },
  'email-send': {
    retryLimit: 60,
    retryDelay: 1,
    retryBackoff: false,
    expireInSeconds: 120,
    // pg-boss's minimum: a dead worker's e-mails come back 10 s after its last heartbeat.
    heartbeatSeconds: 10,
    deadLetter: 'email-send-dead',
  },
  'webhook-deliver': {
    retryLimit: 60,
    retryDelay: 1,
    retryBackoff: false,
    expireInSeconds: 15,
    deadLetter: 'webhook-deliver-dead',
  },
  'payment-event': {
    retryLimit: 60,
    retryDelay: 1,
    retryBackoff: false,
    expireInSeconds: 15,
    deadLetter: 'payment-event-dead',
  },
  'invoice-notification': { retryLimit: 30, retryDelay: 1, retryBackoff: false, expireInSeconds: 15 },
};

function stripeEndpoint(url: string | undefined) {
  if (!url) return {};
  const u = new URL(url);
  return { stripe: { host: u.hostname, port: Number(u.port), protocol: 'http' as const } };
}

try {
  const config = loadConfig(process.env);
  const database = await openMigratedDatabase(config);
  const service = await startService(config, database, {
    queuePolicies: FAULT_POLICIES,
    superviseIntervalSeconds: 1,
    providers: sdkProviderFactory({
      ...stripeEndpoint(process.env.FAKE_STRIPE_URL),
      ...(process.env.FAKE_MOLLIE_URL ? { mollie: process.env.FAKE_MOLLIE_URL } : {}),
    }),
  });
  const address = service.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  process.once('SIGTERM', () => {
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('stop failed:', error);
        process.exit(1);
      },
    );
  });
  process.send?.({ ready: true, port });
} catch (error) {
  process.send?.({ failed: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
}
