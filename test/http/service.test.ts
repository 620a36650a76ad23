import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../src/http/api/route-table.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';

describe('service endpoints', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers /healthz (alive) and /readyz (database answers, migrations current, not draining) with 200', async () => {
    const ok = await h.request(null, 'GET', '/healthz');
    expect(ok).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await h.request(null, 'GET', '/readyz');
    expect(ready).toMatchObject({
      status: 200,
      body: {
        status: 'ready',
        failing: [],
        checks: { database: { ok: true }, migrations: { ok: true }, shutdown: { ok: true } },
      },
    });
    expect(ready.headers['cache-control']).toBe('no-store');
  });

  it('publishes an OpenAPI document describing every route of the table with its schemas', async () => {
    const res = await h.request(null, 'GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.servers).toEqual([{ url: 'http://portal.test' }]);
    const operations = Object.values(
      res.body.paths as Record<string, Record<string, { operationId: string }>>,
    ).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
    expect(operations.sort()).toEqual(apiRoutes.map((r) => r.operationId).sort());
    const createInvoice = res.body.paths['/api/v1/invoices'].post;
    const schema = createInvoice.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(
      expect.arrayContaining(['number', 'customerId', 'issueDate', 'dueDate', 'lines']),
    );
    expect(schema.additionalProperties).toBe(false);
    expect(res.body.paths['/api/v1/invoices/{invoiceId}'].get.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'invoiceId', in: 'path', required: true })]),
    );
  });

  it('serves a docs page listing every route', async () => {
    const res = await h.request(null, 'GET', '/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    for (const route of apiRoutes) expect(res.body).toContain(`/api/v1${route.path}`);
  });

  it('stays alive (/healthz 200) but not ready (/readyz 503, the database named) when the database is gone', async () => {
    await h.boss.stop({ graceful: false });
    await h.database.close();
    expect(await h.request(null, 'GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const down = await h.request(null, 'GET', '/readyz');
    expect(down).toMatchObject({
      status: 503,
      body: {
        status: 'not-ready',
        failing: ['database', 'migrations'],
        checks: { database: { ok: false, reason: 'unreachable: the query failed' } },
      },
    });
    await h.app.close();
    h = undefined as unknown as ApiHarness;
  });
});
