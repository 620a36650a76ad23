import type { FastifyInstance } from 'fastify';

/** One year, subdomains included: what HSTS preload lists ask for, and what a stable https host can promise. */
export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

/**
 * Headers every response gets unless its route set its own: `Strict-Transport-Security` when the service
 * is reached over https (`PUBLIC_BASE_URL`; never over http, where a browser would ignore it and a
 * developer's localhost would be pinned), `X-Content-Type-Options: nosniff`, `Cache-Control: no-store`
 * (API answers carry invoices, secrets and portal links) and `Referrer-Policy: same-origin` (no address of
 * ours is sent to another site; `no-referrer` would make browsers send `Origin: null` on our own forms).
 * Registered on the root instance, so 404s and errors get them too.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { publicBaseUrl: string }): void {
  const https = options.publicBaseUrl.startsWith('https:');
  app.addHook('onSend', async (_request, reply, payload) => {
    if (https) reply.header('strict-transport-security', HSTS_VALUE);
    if (!reply.hasHeader('x-content-type-options')) reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    if (!reply.hasHeader('referrer-policy')) reply.header('referrer-policy', 'same-origin');
    return payload;
  });
}

/**
 * For a scope whose addresses carry a secret (a portal token, a checkout's id): every answer — page,
 * download, image, redirect, refusal, error — is never stored by a cache and never sends its address on as
 * a Referer, whatever its handler set.
 */
export function keepSecretAddressesPrivate(scope: FastifyInstance): void {
  scope.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'private, no-store');
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });
}
