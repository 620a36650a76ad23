import type { SecretRing } from '../../core/secret-ring.ts';
import { openSecret, sealSecret } from '../secrets/secret-box.ts';

/** The secret-box purpose of webhook endpoints' signing secrets (`webhook_endpoints.secret_encrypted`). */
export const WEBHOOK_SECRET_PURPOSE = 'webhook-endpoint-secret:v1';

/** An endpoint's signing secret as stored: sealed for this purpose and bound to its organization. */
export function sealWebhookSecret(appSecret: string, organizationId: string, secret: string): string {
  return sealSecret({ appSecret, purpose: WEBHOOK_SECRET_PURPOSE, associatedData: organizationId }, secret);
}

export function openWebhookSecret(ring: SecretRing, organizationId: string, sealed: string): string {
  return openSecret({ ring, purpose: WEBHOOK_SECRET_PURPOSE, associatedData: organizationId }, sealed);
}
