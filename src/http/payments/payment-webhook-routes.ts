import type { FastifyInstance } from 'fastify';
import type { PaymentProviderDeps } from '../../app/payments/payment-providers.ts';
import { receiveProviderEvent } from '../../app/payments/receive-provider-event.ts';
import type { EventLog } from '../../core/event-log.ts';
import { isUuid } from '../../core/uuid.ts';
import type { JobSender } from '../../jobs/job-queue.ts';

const PROVIDERS = new Set(['stripe', 'mollie', 'demo'] as const);

/**
 * `POST /webhooks/<stripe|mollie|demo>/<account id>`: where providers post their notifications. The body
 * is kept raw (Stripe signs its exact bytes), checked, stored once and answered at once; a job applies it.
 */
export async function registerPaymentWebhooks(
  app: FastifyInstance,
  deps: PaymentProviderDeps & { jobs: JobSender; log: EventLog; clock: () => Date },
): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 256 * 1024 }, (_request, body, done) =>
      done(null, body),
    );
    scope.post('/webhooks/:provider/:accountId', async (request, reply) => {
      const { provider = '', accountId = '' } = request.params as Record<string, string>;
      const name = [...PROVIDERS].find((p) => p === provider);
      if (!name || !isUuid(accountId)) return reply.code(404).send({ error: 'not_found' });
      const outcome = await receiveProviderEvent(deps, {
        provider: name,
        accountId,
        rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        headers: request.headers,
        now: deps.clock(),
      });
      if (outcome.status === 404) return reply.code(404).send({ error: 'not_found' });
      if (outcome.status === 400) return reply.code(400).send({ error: outcome.reason });
      return reply.code(200).send({ received: true });
    });
  });
}
