import { openSecret, sealSecret } from '../secrets/secret-box.ts';

const PURPOSE = 'webhook-endpoint-secret:v1';

/** An endpoint's signing secret as stored: sealed for this purpose and bound to its organization. */
export function sealWebhookSecret(appSecret: string, organizationId: string, secret: string): string {
  return sealSecret({ appSecret, purpose: PURPOSE, associatedData: organizationId }, secret);
}

export function openWebhookSecret(appSecret: string, organizationId: string, sealed: string): string {
  return openSecret({ appSecret, purpose: PURPOSE, associatedData: organizationId }, sealed);
}
