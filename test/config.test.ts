import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, serveRoleProblem } from '../src/config.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'invoice-portal-config-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig({ DATA_DIR: dataDir, ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('configuration', () => {
  it('needs nothing on the embedded database, and keeps one generated secret in the data directory', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: null,
      publicBaseUrl: 'http://localhost:3000',
      trustProxy: false,
    });
    expect(config.appSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(dataDir, 'app-secret'), 'utf8').trim()).toBe(config.appSecret);
    expect(loadConfig({ DATA_DIR: dataDir }).appSecret).toBe(config.appSecret);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u:p@db:5432/portal',
      DATA_DIR: dataDir,
      PUBLIC_BASE_URL: 'https://invoices.example.com/',
      TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
      APP_SECRET: 'x'.repeat(40),
      LOG_LEVEL: 'warn',
      JOB_POLL_INTERVAL_SECONDS: '1.5',
      JOB_BATCH_SIZE: '20',
      JOB_CONCURRENCY: '4',
      DATABASE_POOL_SIZE: '30',
      SMTP_URL: 'smtps://mailer:s3cret@smtp.example.com:465',
      MAIL_FROM: 'billing@example.com',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u:p@db:5432/portal',
      publicBaseUrl: 'https://invoices.example.com',
      trustProxy: ['10.0.0.0/8', '127.0.0.1'],
      logLevel: 'warn',
      jobs: { pollingIntervalSeconds: 1.5, batchSize: 20, concurrency: 4 },
      databasePoolSize: 30,
      smtpUrl: 'smtps://mailer:s3cret@smtp.example.com:465',
      mailFrom: 'billing@example.com',
    });
    expect(loadConfig({ DATA_DIR: dataDir, TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ DATA_DIR: dataDir, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it('reports every bad variable at once, one line each, naming it and what it must be', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      PUBLIC_BASE_URL: 'ftp://x',
      TRUST_PROXY: 'everyone',
      APP_SECRET: 'short',
      LOG_LEVEL: 'loud',
      JOB_POLL_INTERVAL_SECONDS: '0.1',
      SMTP_URL: 'http://mail.example.com',
      MAIL_FROM: 'Billing <billing@example.com>',
    });
    expect(problems).toHaveLength(9);
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'PUBLIC_BASE_URL',
      'TRUST_PROXY',
      'APP_SECRET',
      'LOG_LEVEL',
      'JOB_POLL_INTERVAL_SECONDS',
      'SMTP_URL',
      'MAIL_FROM',
    ]) {
      expect(problems.filter((p) => p.startsWith(`${name} `))).toHaveLength(1);
    }
    expect(problems.find((p) => p.startsWith('PORT'))).toBe(
      'PORT must be a whole number from 1 to 65535 (got "eighty")',
    );
  });

  it('keeps e-mail local without SMTP_URL, sending from invoices@ the public host', () => {
    expect(loadConfig({ DATA_DIR: dataDir })).toMatchObject({
      smtpUrl: null,
      mailFrom: 'invoices@localhost',
    });
    expect(loadConfig({ DATA_DIR: dataDir, PUBLIC_BASE_URL: 'https://factures.example.be' }).mailFrom).toBe(
      'invoices@factures.example.be',
    );
    // The problem line never repeats the URL: it may carry the SMTP password.
    const [problem] = problemsOf({ SMTP_URL: 'smtp//user:hunter2@host' });
    expect(problem).toMatch(/^SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(problem).not.toContain('hunter2');
  });

  it('puts the admission gate in front of the embedded database only, unless told otherwise', () => {
    const limits = { maxActive: 4, maxQueue: 64, maxWaitMs: 1000 };
    expect(loadConfig({ DATA_DIR: dataDir }).admission).toEqual(limits);
    const server = {
      DATA_DIR: dataDir,
      DATABASE_URL: 'postgres://localhost/portal',
      APP_SECRET: 'x'.repeat(32),
    };
    expect(loadConfig(server).admission).toBeNull();
    expect(loadConfig({ ...server, ADMISSION_GATE: 'on', ADMISSION_MAX_QUEUE: '0' }).admission).toEqual({
      ...limits,
      maxQueue: 0,
    });
    expect(loadConfig({ DATA_DIR: dataDir, ADMISSION_GATE: 'off' }).admission).toBeNull();
    expect(
      problemsOf({
        ADMISSION_GATE: 'yes',
        ADMISSION_MAX_ACTIVE: '0',
        ADMISSION_MAX_QUEUE: '-1',
        ADMISSION_MAX_WAIT_MS: '1.5',
      }),
    ).toEqual([
      'ADMISSION_GATE must be auto, on or off (got "yes")',
      'ADMISSION_MAX_ACTIVE must be a whole number from 1 to 1000 (got "0")',
      'ADMISSION_MAX_QUEUE must be a whole number from 0 to 100000 (got "-1")',
      'ADMISSION_MAX_WAIT_MS must be a whole number from 1 to 600000 (got "1.5")',
    ]);
  });

  it('requires APP_SECRET with a database server', () => {
    expect(problemsOf({ DATABASE_URL: 'postgres://localhost/portal' })).toEqual([
      'APP_SECRET is required with DATABASE_URL (generate one with: openssl rand -hex 32)',
    ]);
  });
});

describe('scale-out configuration', () => {
  it('reads the serve role, the shutdown bound and the unsigned-notice limit, with their defaults', () => {
    expect(loadConfig({ DATA_DIR: dataDir })).toMatchObject({
      serveRole: 'all',
      shutdownTimeoutSeconds: 25,
      unsignedNoticesPerMinute: 600,
    });
    expect(
      loadConfig({
        DATA_DIR: dataDir,
        SERVE_ROLE: 'worker',
        SHUTDOWN_TIMEOUT_SECONDS: '40',
        UNSIGNED_NOTICES_PER_MINUTE: '5000',
      }),
    ).toMatchObject({ serveRole: 'worker', shutdownTimeoutSeconds: 40, unsignedNoticesPerMinute: 5000 });
  });

  it('reports each bad value on its own line', () => {
    expect(
      problemsOf({ SERVE_ROLE: 'both', SHUTDOWN_TIMEOUT_SECONDS: '0', UNSIGNED_NOTICES_PER_MINUTE: 'many' }),
    ).toEqual([
      'SERVE_ROLE must be one of web, worker, all (got "both")',
      'SHUTDOWN_TIMEOUT_SECONDS must be a whole number from 1 to 3600 (got "0")',
      'UNSIGNED_NOTICES_PER_MINUTE must be a whole number from 1 to 1000000 (got "many")',
    ]);
  });

  it('runs the web and worker roles only on PostgreSQL: the embedded database allows one process', () => {
    expect(serveRoleProblem('all', null)).toBeNull();
    expect(serveRoleProblem('web', 'postgres://db/portal')).toBeNull();
    expect(serveRoleProblem('worker', null)).toBe(
      'the worker role runs beside other processes on one PostgreSQL server (set DATABASE_URL); the embedded database allows one process, which runs every part (role all)',
    );
  });
});

describe('configuration of outgoing webhooks and retention', () => {
  it('refuses private webhook addresses and keeps records 90/30/90 days by default', () => {
    expect(loadConfig({ DATA_DIR: dataDir })).toMatchObject({
      webhookAllowPrivateAddresses: false,
      retention: { emailBodyDays: 90, webhookDeliveryDays: 30, providerEventDays: 90 },
    });
  });

  it('reads the settings, 0 keeping for ever', () => {
    expect(
      loadConfig({
        DATA_DIR: dataDir,
        WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
        RETENTION_EMAIL_BODY_DAYS: '0',
        RETENTION_WEBHOOK_DELIVERY_DAYS: '7',
        RETENTION_PROVIDER_EVENT_DAYS: '365',
      }),
    ).toMatchObject({
      webhookAllowPrivateAddresses: true,
      retention: { emailBodyDays: 0, webhookDeliveryDays: 7, providerEventDays: 365 },
    });
  });

  it('names each bad value on its own line', () => {
    expect(
      problemsOf({
        WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'yes',
        RETENTION_EMAIL_BODY_DAYS: '-1',
        RETENTION_WEBHOOK_DELIVERY_DAYS: 'a month',
        RETENTION_PROVIDER_EVENT_DAYS: '1.5',
      }),
    ).toEqual([
      'WEBHOOK_ALLOW_PRIVATE_ADDRESSES must be true or false (got "yes")',
      'RETENTION_EMAIL_BODY_DAYS must be a whole number from 0 to 36500 (got "-1")',
      'RETENTION_WEBHOOK_DELIVERY_DAYS must be a whole number from 0 to 36500 (got "a month")',
      'RETENTION_PROVIDER_EVENT_DAYS must be a whole number from 0 to 36500 (got "1.5")',
    ]);
  });
});
