import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import { negotiateLanguage } from '../../core/lang.ts';
import { apiMessage } from '../../i18n/api-messages.ts';
import { httpRequestDuration } from '../../metrics/service-metrics.ts';
import { errorBody } from '../api/error-table.ts';

export interface MetricsRouteOptions {
  /** This service instance's registry (`createServiceMetrics`). */
  registry: Registry;
  /** When set, a scrape must carry `Authorization: Bearer <token>`; when null the route is open. */
  token: string | null;
}

/** The label of a request no route matched (its URL is never a label). */
export const UNMATCHED_ROUTE = 'unmatched';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether the request carries the bearer token, compared in constant time (digests of equal length). */
function carriesToken(request: FastifyRequest, expected: Buffer): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '');
  return timingSafeEqual(digest(match?.[1] ?? ''), expected) && match !== null;
}

/**
 * `GET /metrics` in Prometheus text format, and the request histogram every route of `app` feeds:
 * `http_request_duration_seconds{method,route,status_code}`, `route` being the route pattern Fastify
 * matched (`/p/:token`, so no token reaches a label) or `unmatched`. Call it before registering other
 * routes; it works on any Fastify instance (the web process and the worker-only one alike).
 *
 * NOTE: without a token the route is open: bind the service privately or keep /metrics behind the proxy.
 */
export function registerMetrics(app: FastifyInstance, options: MetricsRouteOptions): void {
  const histogram = httpRequestDuration(options.registry);
  app.addHook('onResponse', (request, reply, done) => {
    histogram.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });

  const expected = options.token === null ? null : digest(options.token);
  app.get('/metrics', async (request: FastifyRequest, reply: FastifyReply) => {
    if (expected !== null && !carriesToken(request, expected)) {
      const lang = negotiateLanguage(request.headers['accept-language']);
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .send(errorBody('UNAUTHORIZED', apiMessage(lang, 'UNAUTHORIZED')));
    }
    const text = await options.registry.metrics();
    return reply.header('cache-control', 'no-store').type(options.registry.contentType).send(text);
  });
}
