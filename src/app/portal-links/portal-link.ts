import { createHmac, timingSafeEqual } from 'node:crypto';
import { acceptedSecrets, type SecretRing } from '../../core/secret-ring.ts';

/**
 * Portal links are derived, never stored: token = base64url(customer id ‖ link version ‖ MAC), where MAC is
 * HMAC-SHA256(APP_SECRET, "portal-link:v1" ‖ customer id ‖ version), truncated to 128 bits. The business
 * can copy a customer's link at any time (R5) without a usable token sitting in the database; rotating
 * bumps the version, so every older link stops working.
 *
 * Links are signed with the current APP_SECRET and verified with a ring (core/secret-ring.ts): during an
 * APP_SECRET rotation a link signed with a previous secret still opens, unless the operator set
 * PORTAL_LINKS_TRUST_PREVIOUS=false, in which case the ring given here holds the current secret only.
 */

const CONTEXT = Buffer.from('portal-link:v1', 'utf8');
const ID_BYTES = 16;
const VERSION_BYTES = 4;
const MAC_BYTES = 16;
const TOKEN_BYTES = ID_BYTES + VERSION_BYTES + MAC_BYTES;

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

function uuidFromBytes(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function mac(secret: string, id: Buffer, version: Buffer): Buffer {
  return createHmac('sha256', secret)
    .update(CONTEXT)
    .update(id)
    .update(version)
    .digest()
    .subarray(0, MAC_BYTES);
}

export function portalToken(secret: string, customerId: string, version: number): string {
  const id = uuidBytes(customerId);
  const v = Buffer.alloc(VERSION_BYTES);
  v.writeUInt32BE(version);
  return Buffer.concat([id, v, mac(secret, id, v)]).toString('base64url');
}

/**
 * The customer and link version a token names, or null when it is malformed or its MAC verifies under no
 * secret of the ring.
 */
export function parsePortalToken(
  ring: SecretRing,
  token: string,
): { customerId: string; version: number } | null {
  if (!/^[A-Za-z0-9_-]{48}$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== TOKEN_BYTES) return null;
  const id = bytes.subarray(0, ID_BYTES);
  const v = bytes.subarray(ID_BYTES, ID_BYTES + VERSION_BYTES);
  const given = bytes.subarray(ID_BYTES + VERSION_BYTES);
  if (!acceptedSecrets(ring).some((secret) => timingSafeEqual(given, mac(secret, id, v)))) return null;
  return { customerId: uuidFromBytes(id), version: v.readUInt32BE() };
}

/** CSRF token of a portal link's forms: bound to the link, so it is as secret as the link itself. */
export function portalCsrfToken(secret: string, token: string): string {
  return createHmac('sha256', secret).update('portal-csrf:v1').update(token).digest('base64url').slice(0, 32);
}

/** A form's token is valid under any secret of the ring: a page shown before a rotation still posts. */
export function isValidPortalCsrfToken(ring: SecretRing, token: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const actual = Buffer.from(given);
  return acceptedSecrets(ring).some((secret) => {
    const expected = Buffer.from(portalCsrfToken(secret, token));
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  });
}

export const portalPaths = {
  history: (token: string) => `/p/${token}`,
  invoice: (token: string, invoiceId: string) => `/p/${token}/invoices/${invoiceId}`,
  creditNote: (token: string, invoiceId: string, creditNoteId: string) =>
    `/p/${token}/invoices/${invoiceId}/credit-notes/${creditNoteId}`,
  download: (token: string, invoiceId: string) => `/p/${token}/invoices/${invoiceId}/download`,
  comments: (token: string, invoiceId: string) => `/p/${token}/invoices/${invoiceId}/comments`,
  logo: (token: string) => `/p/${token}/logo`,
  pay: (token: string, invoiceId: string) => `/p/${token}/invoices/${invoiceId}/pay`,
};
