import { ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import type { WebhookEndpointRow } from '../../db/schema.ts';
import { type Db, runInTransaction } from '../../db/transaction.ts';
import { checkWebhookEvents, checkWebhookUrl } from './webhook-endpoint-input.ts';
import { sealWebhookSecret } from './webhook-secret-box.ts';
import { generateWebhookSecret } from './webhook-signature.ts';

export interface WebhookEndpointInput {
  url: string;
  events: readonly string[];
  description?: string | null;
  enabled?: boolean;
}

/**
 * Registers a URL to receive the organization's events (B10). The signing secret is made here, stored
 * sealed (secret-box) and returned this once: the API never shows it again (rotate to get a new one).
 */
export async function createWebhookEndpoint(
  deps: { db: Db; appSecret: string; allowPrivateWebhookAddresses?: boolean },
  input: { organizationId: string; endpoint: WebhookEndpointInput; actor: string },
): Promise<Result<{ endpoint: WebhookEndpointRow; secret: string }>> {
  const badUrl = checkWebhookUrl(input.endpoint.url, {
    allowPrivateAddresses: deps.allowPrivateWebhookAddresses ?? false,
  });
  if (badUrl) return badUrl;
  const events = checkWebhookEvents(input.endpoint.events);
  if (!events.ok) return events;
  const secret = generateWebhookSecret();
  return runInTransaction(deps.db, async (trx) => {
    const endpoint = await trx
      .insertInto('webhook_endpoints')
      .values({
        organization_id: input.organizationId,
        url: input.endpoint.url,
        description: input.endpoint.description ?? null,
        events: events.value,
        enabled: input.endpoint.enabled ?? true,
        secret_encrypted: sealWebhookSecret(deps.appSecret, input.organizationId, secret),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'organization',
      subjectId: input.organizationId,
      action: 'webhook_endpoint.created',
      actor: input.actor,
      data: { endpointId: endpoint.id, url: endpoint.url, events: endpoint.events },
    });
    return ok({ endpoint, secret });
  });
}
