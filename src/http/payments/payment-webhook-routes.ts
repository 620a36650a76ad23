import type { FastifyInstance, FastifyReply } from 'fastify';
import type { PaymentProviderDeps } from '../../app/payments/payment-providers.ts';
import { receiveProviderEvent } from '../../app/payments/receive-provider-event.ts';
import {
  clientRateLimit,
  DEFAULT_UNSIGNED_NOTICES_PER_MINUTE,
  unsignedProviderNotices,
} from '../../app/rate-limits/client-rate-limit.ts';
import type { EventLog } from '../../core/event-log.ts';
import { isUuid } from '../../core/uuid.ts';
import type { JobSender } from '../../jobs/job-queue.ts';

const PROVIDERS = new Set(['stripe', 'mollie', 'demo'] as const);
/** Providers whose notices carry no signature: counted per client address. */
const UNSIGNED = new Set<string>(['mollie', 'demo']);

/**
 * `POST /webhooks/<stripe|mollie|demo>/<account id>`: where providers post their notifications. The body
 * is kept raw (Stripe signs its exact bytes), checked, stored once and answered at once; a job applies it.
 *
 * Every refusal — an unknown provider name, an id that is no UUID, an account we do not know, a bad
 * signature, a body we cannot read — gets the one same answer (status, body, headers), so the route does
 * not tell whether an account exists; the real reason is logged. Unsigned notices (Mollie, demo) past the
 * per-address limit get 429 with Retry-After (whatever the account); the provider sends them again later.
 */
export async function registerPaymentWebhooks(
  app: FastifyInstance,
  deps: PaymentProviderDeps & {
    jobs: JobSender;
    log: EventLog;
    clock: () => Date;
    unsignedNoticesPerMinute?: number;
  },
): Promise<void> {
  // Counted in the database, so the limit holds across processes; Stripe's signed notices are not limited.
  const unsignedLimit = clientRateLimit(
    deps,
    unsignedProviderNotices(deps.unsignedNoticesPerMinute ?? DEFAULT_UNSIGNED_NOTICES_PER_MINUTE),
  );
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 256 * 1024 }, (_request, body, done) =>
      done(null, body),
    );
    scope.post('/webhooks/:provider/:accountId', async (request, reply) => {
      const { provider = '', accountId = '' } = request.params as Record<string, string>;
      const name = [...PROVIDERS].find((p) => p === provider);
      if (name && UNSIGNED.has(name)) {
        const wait = await unsignedLimit.hit(request.ip, deps.clock());
        if (wait > 0)
          return reply.code(429).header('retry-after', String(wait)).send({ error: 'rate_limited' });
      }
      if (!name || !isUuid(accountId)) {
        deps.log.warn(
          { provider: provider.slice(0, 40), reason: name ? 'malformed_account_id' : 'unknown_provider' },
          'refused a payment notification for no account',
        );
        return refused(reply);
      }
      const outcome = await receiveProviderEvent(deps, {
        provider: name,
        accountId,
        rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        headers: request.headers,
        now: deps.clock(),
      });
      if (outcome.outcome === 'unknown_account') {
        deps.log.warn({ provider: name, accountId }, 'refused a payment notification for an unknown account');
        return refused(reply);
      }
      // 200 once the notification is stored (a duplicate too, or it would be sent again).
      if (outcome.outcome === 'accepted') return reply.code(200).send({ received: true });
      return refused(reply);
    });
  });
}

/** The one answer to every refused notification, whatever the reason (logged where it is found). */
const refused = (reply: FastifyReply) =>
  reply.code(400).header('cache-control', 'no-store').send({ error: 'refused' });
