import { type Failure, fail } from '../../core/result.ts';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './emit-webhook-event.ts';
import { refusedHostReason } from './webhook-address.ts';

/** Hosts that may be reached over plain http: a receiver on the same machine, for development. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export const WEBHOOK_URL_MAX_LENGTH = 2000;
export const WEBHOOK_DESCRIPTION_MAX_LENGTH = 500;

/**
 * The URL an endpoint may have: absolute https, or http for a loopback host only (events carry customer
 * data and the signature does not hide it). User name and password are refused: they would show in every
 * listing of the endpoint. A host that is an address outside the public ranges, or a local name, is
 * refused (`WEBHOOK_ADDRESS_REFUSED`, naming it) unless the operator allows private addresses
 * (`WEBHOOK_ALLOW_PRIVATE_ADDRESSES`, for development); names are checked again, resolved, at every
 * delivery.
 */
export function checkWebhookUrl(
  url: string,
  options: { allowPrivateAddresses?: boolean } = {},
): Failure | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail('INVALID_WEBHOOK_URL', 'url');
  }
  if (url.length > WEBHOOK_URL_MAX_LENGTH || parsed.username || parsed.password) {
    return fail('INVALID_WEBHOOK_URL', 'url');
  }
  if (!options.allowPrivateAddresses && refusedHostReason(parsed.hostname)) {
    return fail('WEBHOOK_ADDRESS_REFUSED', 'url', { host: parsed.hostname });
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname)) return null;
  return fail('INVALID_WEBHOOK_URL', 'url');
}

/** A non-empty subset of the known event types, without duplicates, in the catalogue's order. */
export function checkWebhookEvents(
  events: readonly string[],
): { ok: true; value: WebhookEventType[] } | Failure {
  const wanted = new Set(events);
  const known = WEBHOOK_EVENT_TYPES.filter((type) => wanted.has(type));
  if (known.length === 0 || known.length !== wanted.size) {
    return fail('INVALID_WEBHOOK_EVENTS', 'events', { values: WEBHOOK_EVENT_TYPES.join(', ') });
  }
  return { ok: true, value: known };
}
