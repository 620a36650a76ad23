import type { FastifyInstance } from 'fastify';
import type { PaymentProviderDeps } from '../../app/payments/payment-providers.ts';
import { type IntakeOutcome, receiveProviderEvent } from '../../app/payments/receive-provider-event.ts';
import {
  clientRateLimit,
  DEFAULT_UNSIGNED_NOTICES_PER_MINUTE,
  unsignedProviderNotices,
} from '../../app/rate-limits/client-rate-limit.ts';
import type { EventLog } from '../../core/event-log.ts';
import { isUuid } from '../../core/uuid.ts';
import type { JobSender } from '../../jobs/job-queue.ts';

const PROVIDERS = new Set(['stripe', 'mollie', 'demo'] as const);
/** Providers whose notices carry no signature: anyone can post them, so each client address is limited. */
const UNSIGNED = new Set<string>(['mollie', 'demo']);

/**
 * `POST /webhooks/<stripe|mollie|demo>/<account id>`: where providers post their notifications. The body
 * is kept raw (Stripe signs its exact bytes), checked, stored once and answered at once; a job applies it.
 * Unsigned notices (Mollie, demo) past the per-address limit get 429 with Retry-After; the provider sends
 * them again later.
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
      if (!name || !isUuid(accountId)) return reply.code(404).send({ error: 'not_found' });
      const outcome = await receiveProviderEvent(deps, {
        provider: name,
        accountId,
        rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        headers: request.headers,
        now: deps.clock(),
      });
      const answer = intakeAnswer(outcome);
      return reply.code(answer.status).send(answer.body);
    });
  });
}

/**
 * The provider's answer: 200 once the notification is stored (a duplicate too, or it would be sent again),
 * 400 for one refused, 404 for an account we do not know.
 */
function intakeAnswer(outcome: IntakeOutcome): { status: 200 | 400 | 404; body: Record<string, unknown> } {
  switch (outcome.outcome) {
    case 'accepted':
      return { status: 200, body: { received: true } };
    case 'refused':
      return { status: 400, body: { error: outcome.reason } };
    case 'unknown_account':
      return { status: 404, body: { error: 'not_found' } };
  }
}
