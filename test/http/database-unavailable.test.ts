import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/app/api-keys/api-key-secret.ts';
import { openDatabase } from '../../src/db/connect-database.ts';
import { isDatabaseUnavailable } from '../../src/db/transaction.ts';
import { buildApp } from '../../src/http/build-app.ts';

describe('isDatabaseUnavailable', () => {
  it.each([
    [
      'the server shutting down (57P01)',
      Object.assign(new Error('terminating connection'), { code: '57P01' }),
    ],
    [
      'the server starting (57P03)',
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
    ],
    ['too many connections (53300)', Object.assign(new Error('sorry, too many clients'), { code: '53300' })],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a connection ended by the server', new Error('Connection terminated unexpectedly')],
    ['no connection in time', new Error('timeout exceeded when trying to connect')],
    [
      'a wrapped cause',
      new Error('query failed', { cause: Object.assign(new Error('x'), { code: '08006' }) }),
    ],
  ])('says yes for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a syntax error', Object.assign(new Error('syntax error'), { code: '42601' })],
    ['a bug of ours', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing', undefined],
  ])('says no for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('a request while the database cannot be reached', () => {
  // A port that refuses connections: a listener opened to learn a free port, then closed.
  let port = 0;
  beforeAll(async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    port = typeof address === 'object' && address ? address.port : 0;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  let close: () => Promise<void> = async () => {};
  afterAll(async () => close());

  it('answers 503 with Retry-After and a localized message, not a 500', async () => {
    const database = await openDatabase({ databaseUrl: `postgres://postgres@127.0.0.1:${port}/none` });
    const app = await buildApp({
      db: database.db,
      clock: () => new Date(),
      publicBaseUrl: 'http://portal.test',
    });
    close = async () => {
      await app.close();
      await database.close();
    };
    const api = await app.inject({
      method: 'GET',
      url: '/api/v1/customers',
      headers: { authorization: `Bearer ${generateApiKey().key}`, 'accept-language': 'fr' },
    });
    expect(api.statusCode).toBe(503);
    expect(api.headers['retry-after']).toBe('5');
    expect(api.json()).toMatchObject({
      error: {
        code: 'SERVICE_UNAVAILABLE',
        message:
          'Le service ne peut pas joindre sa base de données pour le moment ; réessayez dans 5 secondes.',
      },
    });
  });
});
