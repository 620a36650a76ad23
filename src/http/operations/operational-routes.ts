import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { checkReadiness } from '../../app/operations/check-readiness.ts';
import type { Db } from '../../db/transaction.ts';
import { type MetricsRouteOptions, registerMetrics } from './metrics-routes.ts';

export interface OperationalDeps {
  db: Db;
  /** True from the moment the process begins to shut down: readiness then answers 503 at once. */
  draining: () => boolean;
}

/**
 * The operational routes, registered here for both the full app (role web or all) and the worker role's
 * own small listener: `/healthz` is liveness (the process answers; nothing else is asked, so a database
 * outage never gets a live process restarted), `/readyz` is readiness (database, migrations, not draining;
 * 503 naming the failing checks).
 */
export function registerOperationalRoutes(app: FastifyInstance, deps: OperationalDeps): void {
  app.get('/healthz', async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );
  app.get('/readyz', async (request, reply) => {
    const readiness = await checkReadiness(deps.db, {
      draining: deps.draining(),
      onDatabaseError: (error) => request.log.warn({ err: error }, 'readiness: the database does not answer'),
    });
    return reply
      .code(readiness.status === 'ready' ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(readiness);
  });
}

/**
 * The worker role's HTTP listener: the operational routes (and `/metrics`) and nothing else (no portal, API or back office).
 */
export async function buildOperationsApp(
  deps: OperationalDeps & { logger?: FastifyServerOptions['logger']; metrics?: MetricsRouteOptions },
): Promise<FastifyInstance> {
  const app = Fastify({ logger: deps.logger ?? false });
  // First, so its request hook sees the routes registered below (as in buildApp).
  if (deps.metrics) registerMetrics(app, deps.metrics);
  registerOperationalRoutes(app, deps);
  return app;
}

/**
 * Keeps the requests a server is handling, by route pattern (never the URL itself: portal URLs carry
 * tokens), so a shutdown that runs out of time can say which ones it abandoned.
 */
export function trackRequestsInFlight(app: FastifyInstance): () => string[] {
  const inFlight = new Map<string, string>();
  app.addHook('onRequest', async (request) => {
    inFlight.set(request.id, `${request.method} ${request.routeOptions.url ?? '(no route)'}`);
  });
  const done = async (request: { id: string }) => {
    inFlight.delete(request.id);
  };
  app.addHook('onResponse', done);
  app.addHook('onRequestAbort', done);
  return () => [...inFlight.values()];
}
