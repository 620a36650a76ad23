import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_UNSIGNED_NOTICES_PER_MINUTE } from './app/rate-limits/client-rate-limit.ts';

/** Validated configuration; built once at start from the environment. */
export interface Config {
  port: number;
  host: string;
  /** PostgreSQL server; null means the embedded PGlite in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  /** Base of every link we generate (portal links in e-mails, API docs). No trailing slash. */
  publicBaseUrl: string;
  /** Fastify `trustProxy`: false, true, a hop count, or a list of addresses/CIDRs. */
  trustProxy: boolean | number | string[];
  /** Secret for signing and encryption; at least 32 characters. */
  appSecret: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  jobs: { pollingIntervalSeconds: number; batchSize: number; concurrency: number };
  databasePoolSize: number;
  /** PDF renders: worker threads, and each render's time and memory bound. */
  render: { workers: number; timeoutMs: number; memoryMb: number };
  /** SMTP server for outgoing e-mail (`smtp://` or `smtps://`); null keeps messages in the local mailbox. */
  smtpUrl: string | null;
  /** The sender address of every e-mail; the display name is the organization's. */
  mailFrom: string;

  /**
   * APP_SECRET rotation (APP_SECRET_PREVIOUS): older secrets, still accepted wherever something is verified
   * or decrypted during a grace period; nothing is signed or encrypted with them.
   */
  appSecretPrevious: readonly string[];
  /** PORTAL_LINKS_TRUST_PREVIOUS: whether portal links signed with a previous secret still open. */
  portalLinksTrustPrevious: boolean;
  /** Prometheus metrics: the bearer token `/metrics` requires, or null for an open route. */
  metrics: { token: string | null };
  // Scale-out (issue 13).
  /** What `serve` runs: the HTTP service, the job workers, or both (`--role` wins). */
  serveRole: ServeRole;
  /** Seconds a shutdown may take to finish the requests and jobs in hand before giving up on them. */
  shutdownTimeoutSeconds: number;
  /** Unsigned payment-provider notices (Mollie, demo) one client address may post a minute. */
  unsignedNoticesPerMinute: number;
  // Outgoing webhooks and retention (issue 13, egress).
  /** Webhooks may go to loopback, private and link-local addresses (development only). */
  webhookAllowPrivateAddresses: boolean;
  /** Days kept before pruning; 0 keeps for ever. */
  retention: { emailBodyDays: number; webhookDeliveryDays: number; providerEventDays: number };
  /**
   * The admission gate in front of request handling (a bounded FIFO; beyond it, 503 with Retry-After), or
   * null when it is off. On by default with the embedded database only.
   */
  admission: { maxActive: number; maxQueue: number; maxWaitMs: number } | null;
}

/** What `serve` runs: `web` (HTTP only), `worker` (job workers and the operational routes), `all`. */
export const SERVE_ROLES = ['web', 'worker', 'all'] as const;
export type ServeRole = (typeof SERVE_ROLES)[number];

export const isServeRole = (value: unknown): value is ServeRole => SERVE_ROLES.some((role) => role === value);

/**
 * Why a role cannot run on the configured database, or null. The embedded database takes one process
 * (its data-directory lock), so it only runs every part at once.
 */
export function serveRoleProblem(role: ServeRole, databaseUrl: string | null): string | null {
  if (role === 'all' || databaseUrl) return null;
  return `the ${role} role runs beside other processes on one PostgreSQL server (set DATABASE_URL); the embedded database allows one process, which runs every part (role all)`;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads and validates the configuration. Every bad or missing variable gives one line naming it, what it
 * must be and what it was, and all of them are reported at once.
 *
 * With no `DATABASE_URL` and no `APP_SECRET`, a random secret is generated once and kept in the data
 * directory, so `npm start` works with no configuration; a server deployment must set `APP_SECRET`.
 */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const str = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  };
  const num = (name: string, fallback: number, min: number, max: number): number => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || n < min || n > max) {
      problems.push(`${name} must be a number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  };

  const port = int('PORT', 3000, 1, 65535);
  const host = str('HOST') ?? '127.0.0.1';

  let databaseUrl: string | null = null;
  const rawDb = str('DATABASE_URL');
  if (rawDb !== undefined) {
    try {
      const u = new URL(rawDb);
      if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new Error('protocol');
      databaseUrl = rawDb;
    } catch {
      problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL (got an invalid value)');
    }
  }

  const dataDir = resolve(str('DATA_DIR') ?? './data');

  let publicBaseUrl = `http://localhost:${port}`;
  const rawBase = str('PUBLIC_BASE_URL');
  if (rawBase !== undefined) {
    try {
      const u = new URL(rawBase);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
      if (u.search || u.hash) throw new Error('query');
      publicBaseUrl = rawBase.replace(/\/+$/, '');
    } catch {
      problems.push(
        `PUBLIC_BASE_URL must be an absolute http(s) URL without query or fragment, e.g. https://invoices.example.com (got "${rawBase}")`,
      );
    }
  }

  let trustProxy: Config['trustProxy'] = false;
  const rawProxy = str('TRUST_PROXY');
  if (rawProxy !== undefined) {
    if (rawProxy === 'true' || rawProxy === 'false') trustProxy = rawProxy === 'true';
    else if (/^\d+$/.test(rawProxy)) trustProxy = Number(rawProxy);
    else {
      const list = rawProxy.split(',').map((s) => s.trim());
      if (list.every((s) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(s))) trustProxy = list;
      else
        problems.push(
          `TRUST_PROXY must be true, false, a hop count, or a comma-separated list of IP addresses/CIDRs (got "${rawProxy}")`,
        );
    }
  }

  let appSecret = str('APP_SECRET') ?? '';
  if (appSecret && appSecret.length < 32) {
    problems.push('APP_SECRET must be at least 32 characters long (generate one with: openssl rand -hex 32)');
  } else if (!appSecret && databaseUrl) {
    problems.push('APP_SECRET is required with DATABASE_URL (generate one with: openssl rand -hex 32)');
  }

  const rawLevel = str('LOG_LEVEL') ?? 'info';
  const logLevel = LOG_LEVELS.find((level) => level === rawLevel) ?? 'info';
  if (logLevel !== rawLevel)
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${rawLevel}")`);

  const jobs = {
    pollingIntervalSeconds: num('JOB_POLL_INTERVAL_SECONDS', 0.5, 0.5, 60),
    batchSize: int('JOB_BATCH_SIZE', 10, 1, 1000),
    concurrency: int('JOB_CONCURRENCY', 2, 1, 64),
  };
  const databasePoolSize = int('DATABASE_POOL_SIZE', 10, 1, 1000);
  const render = {
    workers: int('RENDER_WORKERS', 2, 1, 64),
    timeoutMs: num('RENDER_TIMEOUT_SECONDS', 20, 1, 600) * 1000,
    memoryMb: int('RENDER_MEMORY_MB', 512, 64, 16_384),
  };

  let smtpUrl: string | null = null;
  const rawSmtp = str('SMTP_URL');
  if (rawSmtp !== undefined) {
    try {
      const u = new URL(rawSmtp);
      if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new Error('protocol');
      if (!u.hostname) throw new Error('host');
      smtpUrl = rawSmtp;
    } catch {
      problems.push(
        'SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtps://user:password@smtp.example.com:465 (got an invalid value)',
      );
    }
  }

  let mailFrom = `invoices@${mailDomain(publicBaseUrl)}`;
  const rawFrom = str('MAIL_FROM');
  if (rawFrom !== undefined) {
    if (/^[^\s@<>",;]+@[^\s@<>",;]+$/.test(rawFrom)) mailFrom = rawFrom;
    else
      problems.push(`MAIL_FROM must be a bare e-mail address, e.g. invoices@example.com (got "${rawFrom}")`);
  }

  const appSecretPrevious: string[] = [];
  const rawPrevious = str('APP_SECRET_PREVIOUS');
  if (rawPrevious !== undefined) {
    if (!str('APP_SECRET'))
      problems.push('APP_SECRET_PREVIOUS needs APP_SECRET set to the new secret (the one that now signs)');
    rawPrevious.split(',').forEach((entry, index) => {
      const secret = entry.trim();
      if (secret.length < 32)
        problems.push(
          `APP_SECRET_PREVIOUS must be a comma-separated list of secrets of at least 32 characters (entry ${index + 1} has ${secret.length})`,
        );
      else if (secret === appSecret)
        problems.push(
          `APP_SECRET_PREVIOUS must not contain the current APP_SECRET (entry ${index + 1} does)`,
        );
      else if (!appSecretPrevious.includes(secret)) appSecretPrevious.push(secret);
    });
  }
  const rawTrust = str('PORTAL_LINKS_TRUST_PREVIOUS') ?? 'true';
  if (rawTrust !== 'true' && rawTrust !== 'false')
    problems.push(`PORTAL_LINKS_TRUST_PREVIOUS must be true or false (got "${rawTrust}")`);
  const portalLinksTrustPrevious = rawTrust !== 'false';
  // Prometheus metrics.
  const metricsToken = str('METRICS_TOKEN') ?? null;
  if (metricsToken !== null && !/^[A-Za-z0-9._~+/-]{16,256}$/.test(metricsToken))
    problems.push(
      'METRICS_TOKEN must be 16 to 256 characters of A-Z, a-z, 0-9 and . _ ~ + / - (generate one with: openssl rand -hex 32)',
    );
  // Scale-out (issue 13).
  const rawRole = str('SERVE_ROLE') ?? 'all';
  const serveRole = isServeRole(rawRole) ? rawRole : 'all';
  if (!isServeRole(rawRole))
    problems.push(`SERVE_ROLE must be one of ${SERVE_ROLES.join(', ')} (got "${rawRole}")`);
  const shutdownTimeoutSeconds = int('SHUTDOWN_TIMEOUT_SECONDS', 25, 1, 3600);
  const unsignedNoticesPerMinute = int(
    'UNSIGNED_NOTICES_PER_MINUTE',
    DEFAULT_UNSIGNED_NOTICES_PER_MINUTE,
    1,
    1_000_000,
  );
  // Outgoing webhooks and retention (issue 13, egress).
  const rawAllowPrivate = str('WEBHOOK_ALLOW_PRIVATE_ADDRESSES') ?? 'false';
  const webhookAllowPrivateAddresses = rawAllowPrivate === 'true';
  if (rawAllowPrivate !== 'true' && rawAllowPrivate !== 'false')
    problems.push(`WEBHOOK_ALLOW_PRIVATE_ADDRESSES must be true or false (got "${rawAllowPrivate}")`);
  const retention = {
    emailBodyDays: int('RETENTION_EMAIL_BODY_DAYS', 90, 0, 36_500),
    webhookDeliveryDays: int('RETENTION_WEBHOOK_DELIVERY_DAYS', 30, 0, 36_500),
    providerEventDays: int('RETENTION_PROVIDER_EVENT_DAYS', 90, 0, 36_500),
  };
  const rawGate = str('ADMISSION_GATE') ?? 'auto';
  if (rawGate !== 'auto' && rawGate !== 'on' && rawGate !== 'off')
    problems.push(`ADMISSION_GATE must be auto, on or off (got "${rawGate}")`);
  const admissionLimits = {
    maxActive: int('ADMISSION_MAX_ACTIVE', 4, 1, 1000),
    maxQueue: int('ADMISSION_MAX_QUEUE', 64, 0, 100_000),
    maxWaitMs: int('ADMISSION_MAX_WAIT_MS', 1000, 1, 600_000),
  };
  const admission = (rawGate === 'auto' ? databaseUrl === null : rawGate === 'on') ? admissionLimits : null;

  if (problems.length > 0) throw new ConfigError(problems);

  if (!appSecret) appSecret = embeddedAppSecret(dataDir);

  return {
    port,
    host,
    databaseUrl,
    dataDir,
    publicBaseUrl,
    trustProxy,
    appSecret,
    logLevel,
    jobs,
    databasePoolSize,
    render,
    smtpUrl,
    mailFrom,
    appSecretPrevious,
    portalLinksTrustPrevious,
    metrics: { token: metricsToken },
    serveRole,
    shutdownTimeoutSeconds,
    unsignedNoticesPerMinute,
    webhookAllowPrivateAddresses,
    retention,
    admission,
  };
}

/** The host of the public address, as a mail domain (`localhost` stays as is). */
function mailDomain(publicBaseUrl: string): string {
  try {
    return new URL(publicBaseUrl).hostname.replace(/^\[|\]$/g, '') || 'localhost';
  } catch {
    return 'localhost';
  }
}

/** The embedded setup's secret: generated once, kept beside the embedded database it protects. */
function embeddedAppSecret(dataDir: string): string {
  const file = join(dataDir, 'app-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
