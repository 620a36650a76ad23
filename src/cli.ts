import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { issueApiKey } from './app/api-keys/issue-api-key.ts';
import { issueDemoSignInLink } from './app/back-office-auth/request-sign-in.ts';
import { type DemoSeed, seedDemo } from './app/demo/seed-demo.ts';
import { sendDemoEmails } from './app/demo/send-demo-emails.ts';
import { pruneOldRecords } from './app/maintenance/prune-old-records.ts';
import { createOrganization } from './app/organizations/create-organization.ts';
import { portalPaths, portalToken } from './app/portal-links/portal-link.ts';
import { resealStoredSecrets } from './app/secrets/reseal-stored-secrets.ts';
import { secretKeyId } from './app/secrets/secret-box.ts';
import {
  type Config,
  ConfigError,
  isServeRole,
  loadConfig,
  SERVE_ROLES,
  serveRoleProblem,
} from './config.ts';
import { isLang, LANGS } from './core/lang.ts';
import { secretRing } from './core/secret-ring.ts';
import { isUuid } from './core/uuid.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';
import { findOrganization } from './db/repositories/organization.repository.ts';
import type { Db } from './db/transaction.ts';
import { pdfRenderer } from './documents/pdf-renderer.ts';
import { dateInTimeZone, isTimeZone } from './domain/index.ts';
import { mailboxPath } from './http/mailbox/mailbox-routes.ts';
import { jobSender } from './jobs/job-queue.ts';
import { openMigratedDatabase, startService } from './main.ts';

const USAGE = `Invoice Portal

Usage: npm run cli -- <command> [options]   (npm start = serve)

Commands:
  serve                 Run the portal, the API and the background jobs. On the embedded database,
                        the first start seeds a demo organization.
                        [--role web|worker|all]   (default SERVE_ROLE, else all) web: HTTP only;
                        worker: the background jobs, with /healthz and /readyz on PORT. Any number of
                        each share one PostgreSQL (DATABASE_URL); the embedded database runs all.
  migrate               Bring the database schema up to date and exit.
  create-organization   --name <legal name> --country <BE> --time-zone <Europe/Brussels>
                        --language <en|fr|nl|de> --currency <EUR> --admin-name <name> --admin-email <e-mail>
                        [--admin-language <en|fr|nl|de>]   Prints the organization id and its API key.
  create-api-key        --organization <id> [--name <label>]   Prints a new API key.
  demo                  Seed a demo organization into the configured database and print its API key.
  rotate-secrets        Re-encrypt every stored secret (webhook signing secrets, payment-provider keys)
                        with APP_SECRET, opening them with APP_SECRET or APP_SECRET_PREVIOUS; see
                        docs/operations.md. Safe to run again; run it after every process has restarted.
  prune                 Prune old records now, as the daily retention job does (RETENTION_*_DAYS), and
                        print the counts.

Configuration comes from environment variables; see .env.example.`;

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(2);
}

interface DemoFile {
  organizationId: string;
  apiKey: string;
}

/** One portal link per demo customer, derived from APP_SECRET like every portal link. */
async function demoPortalLinks(config: Config, db: Db, organizationId: string) {
  const customers = await db
    .selectFrom('customers')
    .select(['id', 'name', 'language', 'portal_link_version', 'portal_revoked_at'])
    .where('organization_id', '=', organizationId)
    .orderBy('created_at')
    .execute();
  return customers
    .filter((c) => !c.portal_revoked_at)
    .map((c) => ({
      label: `${c.name} (${c.language})`,
      url: `${config.publicBaseUrl}${portalPaths.history(portalToken(config.appSecret, c.id, c.portal_link_version))}`,
    }));
}

/** A one-time back-office sign-in link for the demo admin. */
function demoBackOfficeLink(config: Config, db: Db, organizationId: string) {
  return issueDemoSignInLink(db, { organizationId, publicBaseUrl: config.publicBaseUrl, now: new Date() });
}

function printDemo(
  config: Config,
  demo: DemoFile,
  links: { label: string; url: string }[],
  backOffice: { url: string; email: string } | undefined,
  cases?: DemoSeed['cases'],
) {
  const base = config.publicBaseUrl;
  const mailbox = config.smtpUrl
    ? ''
    : `    Mailbox          ${base}${mailboxPath(config.appSecret, demo.organizationId)}   (no SMTP_URL: e-mails stay here)\n`;
  console.log(`
  Demo organization: Atelier Lumière SRL (${demo.organizationId})
  API key:           ${demo.apiKey}

  Back office (one-time sign-in link for ${backOffice?.email ?? 'the demo admin'}, valid 15 minutes;
  afterwards ask for a new one at ${base}/admin/sign-in, it arrives in the mailbox):
    ${backOffice?.url ?? `${base}/admin/sign-in`}

  Customer portal (one link per demo customer):
${links.map((l) => `    ${l.label.padEnd(38)} ${l.url}`).join('\n')}

  Open:
${mailbox}    API docs         ${base}/api/docs
    OpenAPI          ${base}/api/v1/openapi.json
    Health           ${base}/healthz   (alive)   ${base}/readyz   (ready: database, migrations)
  Try:
    curl -H "Authorization: Bearer ${demo.apiKey}" ${base}/api/v1/invoices
`);
  if (cases) {
    console.log('  Demo invoices:');
    for (const c of cases) console.log(`    ${c.number.padEnd(10)} ${c.customerName.padEnd(32)} ${c.shows}`);
    console.log('');
  }
}

/** Seeds the demo on the first start of an embedded database; returns what was seeded, or null. */
async function ensureEmbeddedDemo(config: Config, db: Db): Promise<DemoSeed | null> {
  const file = join(config.dataDir, 'demo.json');
  if (existsSync(file)) {
    const demo = JSON.parse(readFileSync(file, 'utf8')) as DemoFile;
    if (await findOrganization(db, demo.organizationId)) {
      printDemo(
        config,
        demo,
        await demoPortalLinks(config, db, demo.organizationId),
        await demoBackOfficeLink(config, db, demo.organizationId),
      );
      return null;
    }
  }
  const now = new Date();
  const seeded = await seedDemo(db, { today: dateInTimeZone(now, 'Europe/Brussels'), now, actor: 'cli' });
  const demo: DemoFile = { organizationId: seeded.organization.id, apiKey: seeded.apiKey };
  // NOTE: the demo key is kept in plain text beside the embedded database only, so every start can print it;
  // real keys are stored hashed.
  writeFileSync(file, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
  console.log('  Seeded the demo organization (first start on this data directory).');
  printDemo(
    config,
    demo,
    await demoPortalLinks(config, db, demo.organizationId),
    await demoBackOfficeLink(config, db, demo.organizationId),
    seeded.cases,
  );
  return seeded;
}

async function serve(config: Config, args: string[]) {
  const { values } = parseArgs({ args, options: { role: { type: 'string' } } });
  if (values.role !== undefined && !isServeRole(values.role))
    fail(`--role must be one of ${SERVE_ROLES.join(', ')} (got "${values.role}")`);
  const role = values.role ?? config.serveRole;
  const problem = serveRoleProblem(role, config.databaseUrl);
  if (problem) fail(`cannot serve --role ${role}: ${problem}`);
  const database = await openMigratedDatabase(config);
  const seeded = database.kind === 'pglite' ? await ensureEmbeddedDemo(config, database.db) : null;
  const service = await startService(config, database, { role });
  if (seeded && !config.smtpUrl) {
    // The demo's e-mails go through the running workers into the local mailbox; never out through SMTP to
    // the demo's made-up addresses.
    await sendDemoEmails(
      {
        db: database.db,
        jobs: jobSender(service.jobs),
        renderer: pdfRenderer,
        log: service.app.log,
        mail: { publicBaseUrl: config.publicBaseUrl, appSecret: config.appSecret, mailFrom: config.mailFrom },
      },
      seeded,
      dateInTimeZone(new Date(), 'Europe/Brussels'),
    );
  }
  const where = database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
  if (role === 'worker')
    console.log(
      `  Invoice Portal workers are running (role worker, ${where}); /healthz and /readyz are listening on http://${config.host}:${config.port}`,
    );
  else
    console.log(
      `  Invoice Portal is listening on ${config.publicBaseUrl} (${role === 'web' ? 'role web, ' : ''}${where})`,
    );
  // The demo's summary already named its mailbox; on a server database, say where e-mails are kept (each
  // organization's own mailbox, linked from its back office's outbox and printed by create-organization).
  if (service.mailboxPath && database.kind !== 'pglite') {
    console.log(
      "  No SMTP_URL: e-mails are not sent but kept in each organization's local mailbox (linked from the back office's Outbox)",
    );
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      console.error(`  ${signal} again: exiting without waiting.`);
      process.exit(1);
    }
    stopping = true;
    const bound = config.shutdownTimeoutSeconds;
    console.log(`\n  ${signal}: stopping (finishing the requests and jobs in hand, at most ${bound} s)…`);
    // Should closing itself hang (a database that never answers), the process still ends.
    setTimeout(
      () => {
        console.error(`  shutdown: still not done ${bound + 10} s after ${signal}; exiting.`);
        process.exit(1);
      },
      (bound + 10) * 1000,
    ).unref();
    try {
      const report = await service.stop();
      if (report.clean) process.exit(0);
      console.error(
        `  shutdown: after ${bound} s (SHUTDOWN_TIMEOUT_SECONDS) these were abandoned: ${report.abandoned.join('; ')}.\n` +
          '  An abandoned request got no answer. Jobs in hand were marked failed by pg-boss and run again by their ' +
          "queue's retry policy; a job whose process died without that comes back after its heartbeat or expiry.",
      );
    } catch (error) {
      console.error('  shutdown failed:', error);
    }
    process.exit(1);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/** `rotate-secrets`: every stored sealed value moved to the current APP_SECRET, counted per table. */
async function rotateSecrets(config: Config): Promise<void> {
  const ring = secretRing(config.appSecret, config.appSecretPrevious);
  const database = await openMigratedDatabase(config);
  try {
    console.log(
      `Re-encrypting stored secrets with APP_SECRET (key ${secretKeyId(ring.current)}); ` +
        `${ring.previous.length} previous secret(s) accepted for opening them.`,
    );
    const result = await resealStoredSecrets(database.db, { ring, actor: 'cli' });
    if (!result.ok) fail(result.code);
    const unreadable: string[] = [];
    for (const count of result.value) {
      console.log(
        `  ${`${count.table}.${count.column}`.padEnd(40)} re-encrypted ${count.resealed}, ` +
          `already current ${count.current}, unreadable ${count.unreadable.length}`,
      );
      unreadable.push(...count.unreadable.map((id) => `${count.table} ${id}`));
    }
    if (unreadable.length > 0) {
      console.error(
        `error: ${unreadable.length} stored secret(s) open with neither APP_SECRET nor any APP_SECRET_PREVIOUS ` +
          `secret and were left unchanged:\n${unreadable.map((u) => `  ${u}`).join('\n')}\n` +
          'Add the secret they were sealed with to APP_SECRET_PREVIOUS and run rotate-secrets again, or replace ' +
          "them (rotate the webhook endpoint's secret, connect the payment account again).",
      );
      process.exitCode = 1;
      return;
    }
    console.log(
      'Every stored secret is sealed with APP_SECRET. After the grace period, remove APP_SECRET_PREVIOUS and ' +
        'restart: portal links and form tokens signed with the old secrets then stop working.',
    );
  } finally {
    await database.close();
  }
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return;
  }
  // A .env file in the working directory is read; variables already set in the environment win.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  switch (command) {
    case 'serve':
      return serve(config, rest);
    case 'migrate': {
      const database = await openMigratedDatabase(config);
      await database.close();
      console.log('Database schema is up to date.');
      return;
    }
    case 'create-organization': {
      const { values } = parseArgs({
        args: rest,
        options: {
          name: { type: 'string' },
          country: { type: 'string' },
          'time-zone': { type: 'string' },
          language: { type: 'string' },
          currency: { type: 'string' },
          'admin-name': { type: 'string' },
          'admin-email': { type: 'string' },
          'admin-language': { type: 'string' },
        },
      });
      const missing = [
        'name',
        'country',
        'time-zone',
        'language',
        'currency',
        'admin-name',
        'admin-email',
      ].filter((k) => !values[k as keyof typeof values]);
      if (missing.length) fail(`missing ${missing.map((m) => `--${m}`).join(', ')}\n\n${USAGE}`);
      const v = values as Record<string, string>;
      if (!/^[A-Za-z]{2}$/.test(v.country ?? ''))
        fail('--country must be a two-letter ISO 3166 code, e.g. BE');
      if (!isTimeZone(v['time-zone'] ?? ''))
        fail('--time-zone must be an IANA time zone, e.g. Europe/Brussels');
      const language = v.language ?? '';
      const adminLanguage = v['admin-language'] ?? language;
      if (!isLang(language) || !isLang(adminLanguage)) {
        fail(`--language and --admin-language must be one of ${LANGS.join(', ')}`);
      }
      if (!/^[A-Za-z]{3}$/.test(v.currency ?? '')) fail('--currency must be an ISO 4217 code, e.g. EUR');
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v['admin-email'] ?? ''))
        fail('--admin-email must be an e-mail address');
      const database = await openMigratedDatabase(config);
      try {
        const created = await createOrganization(database.db, {
          organization: {
            legalName: v.name ?? '',
            country: (v.country ?? '').toUpperCase(),
            timeZone: v['time-zone'] ?? '',
            defaultLanguage: language,
            defaultCurrency: (v.currency ?? '').toUpperCase(),
          },
          admin: { name: v['admin-name'] ?? '', email: v['admin-email'] ?? '', language: adminLanguage },
          actor: 'cli',
        });
        console.log(
          `Organization: ${created.organization.id}\nAPI key:      ${created.apiKey}\n(The key is shown once.)`,
        );
        if (!config.smtpUrl) {
          console.log(
            `Mailbox:      ${config.publicBaseUrl}${mailboxPath(config.appSecret, created.organization.id)}   (no SMTP_URL: its e-mails stay here)`,
          );
        }
      } finally {
        await database.close();
      }
      return;
    }
    case 'create-api-key': {
      const { values } = parseArgs({
        args: rest,
        options: { organization: { type: 'string' }, name: { type: 'string' } },
      });
      if (!values.organization || !isUuid(values.organization)) {
        fail('--organization <id> (a UUID) is required');
      }
      const database = await openMigratedDatabase(config);
      try {
        if (!(await findOrganization(database.db, values.organization)))
          fail(`no organization ${values.organization}`);
        const { key } = await database.db.transaction().execute((trx) =>
          issueApiKey(trx, {
            organizationId: values.organization as string,
            name: values.name ?? 'CLI key',
            actor: 'cli',
          }),
        );
        console.log(`API key: ${key}\n(The key is shown once.)`);
      } finally {
        await database.close();
      }
      return;
    }
    case 'demo': {
      const database = await openMigratedDatabase(config);
      try {
        const now = new Date();
        const seeded = await seedDemo(database.db, {
          today: dateInTimeZone(now, 'Europe/Brussels'),
          now,
          actor: 'cli',
        });
        printDemo(
          config,
          { organizationId: seeded.organization.id, apiKey: seeded.apiKey },
          await demoPortalLinks(config, database.db, seeded.organization.id),
          await demoBackOfficeLink(config, database.db, seeded.organization.id),
          seeded.cases,
        );
      } finally {
        await database.close();
      }
      return;
    }
    case 'rotate-secrets':
      return rotateSecrets(config);
    case 'prune': {
      const database = await openMigratedDatabase(config);
      try {
        const quiet = { info: () => {}, warn: () => {} };
        const counts = await pruneOldRecords(
          { db: database.db, log: quiet },
          { now: new Date(), retention: config.retention },
        );
        for (const [name, count] of Object.entries(counts)) console.log(`${name.padEnd(18)} ${count}`);
      } finally {
        await database.close();
      }
      return;
    }
    default:
      fail(`unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
