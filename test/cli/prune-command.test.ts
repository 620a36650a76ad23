import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createOrganization } from '../../src/app/organizations/create-organization.ts';
import { openDatabase } from '../../src/db/connect-database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/** `npm run cli -- prune` as a real child process on an embedded database: it prunes once and says what. */

const dataDir = mkdtempSync(join(tmpdir(), 'invoice-portal-prune-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the prune command', () => {
  it('prunes by the configured windows and prints the counts', async () => {
    const database = await openDatabase({ dataDir });
    let organizationId = '';
    try {
      await migrateToLatest(database.db);
      const created = await createOrganization(database.db, {
        organization: {
          legalName: 'Prune SRL',
          country: 'BE',
          timeZone: 'Europe/Brussels',
          defaultLanguage: 'en',
          defaultCurrency: 'EUR',
        },
        admin: { name: 'Pat', email: 'pat@prune.example', language: 'en' },
        actor: 'test',
      });
      organizationId = created.organization.id;
      const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 24 * 60 * 60 * 1000);
      for (const [daysAgo, subject] of [
        [40, 'old'],
        [5, 'recent'],
      ] as const) {
        await database.db
          .insertInto('outgoing_emails')
          .values({
            organization_id: organizationId,
            invoice_id: null,
            kind: 'sign-in',
            dedupe_key: null,
            message_id: `<${randomUUID()}@prune.example>`,
            from_name: 'Prune SRL',
            reply_to: null,
            to_addresses: ['pat@prune.example'],
            language: 'en',
            subject,
            text_body: 'Body',
            html_body: null,
            attachments: JSON.stringify([]),
            status: 'sent',
            queued_at: at(daysAgo),
            sent_at: at(daysAgo),
          })
          .execute();
      }
    } finally {
      await database.close();
    }

    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'prune'], {
      env: {
        ...process.env,
        DATABASE_URL: '',
        APP_SECRET: '',
        LOG_LEVEL: 'warn',
        DATA_DIR: dataDir,
        RETENTION_EMAIL_BODY_DAYS: '30',
      },
      encoding: 'utf8',
      timeout: 100_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^emailBodies\s+1$/m);
    expect(run.stdout).toMatch(/^webhookDeliveries\s+0$/m);

    const after = await openDatabase({ dataDir });
    try {
      const rows = await after.db
        .selectFrom('outgoing_emails')
        .select(['subject', 'text_body'])
        .where('organization_id', '=', organizationId)
        .orderBy('subject')
        .execute();
      expect(rows).toEqual([
        { subject: 'old', text_body: '' },
        { subject: 'recent', text_body: 'Body' },
      ]);
    } finally {
      await after.close();
    }
  }, 150_000); // a cold CLI process (tsx, PGlite) on a loaded two-core machine took up to a minute
});
