import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { authenticateApiKey } from '../../src/app/api-keys/authenticate-api-key.ts';
import { openDatabase } from '../../src/db/connect-database.ts';
import { mailboxPath } from '../../src/http/mailbox/mailbox-routes.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { testDatabaseUrl } from '../support/test-env.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'invoice-portal-cli-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const baseEnv = { ...process.env, DATABASE_URL: '', APP_SECRET: '', LOG_LEVEL: 'warn' };

function cli(args: string[], env: Record<string, string | undefined>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    env: { ...baseEnv, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Starts `serve` and resolves with its output once it listens. */
async function serve(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; output: () => string; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
    env: { ...baseEnv, PORT: String(port), ...env },
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  await expect.poll(() => output, { timeout: 60_000, interval: 200 }).toContain('is listening on');
  return { child, output: () => output, port };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

describe('command line', () => {
  it('creates an organization with its first admin and an API key, then another key, both working', async () => {
    const dataDir = tempDir();
    const created = cli(
      [
        'create-organization',
        '--name',
        'Ölçü Ltd',
        '--country',
        'be',
        '--time-zone',
        'Europe/Brussels',
        '--language',
        'nl',
        '--currency',
        'EUR',
        '--admin-name',
        'Eva',
        '--admin-email',
        'eva@olcu.example',
      ],
      { DATA_DIR: dataDir },
    );
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    const organizationId = /Organization: ([0-9a-f-]{36})/.exec(created.stdout)?.[1];
    const firstKey = /API key:\s+(ipk_\S+)/.exec(created.stdout)?.[1];
    expect(organizationId).toBeDefined();
    expect(firstKey).toBeDefined();
    // No SMTP_URL: the organization's own mailbox link, keyed to it.
    expect(created.stdout).toMatch(
      new RegExp(`Mailbox:\\s+https?://[^/\\s]+/mailbox/${organizationId}/[A-Za-z0-9_-]{32}\\s`),
    );

    const second = cli(['create-api-key', '--organization', organizationId ?? '', '--name', 'Sync'], {
      DATA_DIR: dataDir,
    });
    expect(second.status).toBe(0);
    const secondKey = /API key: (ipk_\S+)/.exec(second.stdout)?.[1];
    expect(secondKey).toBeDefined();

    const database = await openDatabase({ dataDir });
    try {
      expect((await authenticateApiKey(database.db, firstKey ?? '', new Date()))?.organization_id).toBe(
        organizationId,
      );
      expect((await authenticateApiKey(database.db, secondKey ?? '', new Date()))?.organization_id).toBe(
        organizationId,
      );
      const admins = await database.db
        .selectFrom('admin_users')
        .select(['name', 'email', 'language'])
        .execute();
      expect(admins).toEqual([{ name: 'Eva', email: 'eva@olcu.example', language: 'nl' }]);
    } finally {
      await database.close();
    }
  }, 60_000); // three cold CLI processes (tsx, a fresh PGlite migrated from scratch) on a loaded CI machine

  it('refuses bad arguments with a precise message', () => {
    const dataDir = tempDir();
    const missing = cli(['create-organization', '--name', 'X'], { DATA_DIR: dataDir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(
      'missing --country, --time-zone, --language, --currency, --admin-name, --admin-email',
    );
    const zone = cli(
      [
        'create-organization',
        '--name',
        'X',
        '--country',
        'BE',
        '--time-zone',
        'Mars/Olympus',
        '--language',
        'fr',
        '--currency',
        'EUR',
        '--admin-name',
        'A',
        '--admin-email',
        'a@b.example',
      ],
      { DATA_DIR: dataDir },
    );
    expect(zone.stderr).toContain('--time-zone must be an IANA time zone');
    const config = cli(['migrate'], { DATA_DIR: dataDir, PORT: 'abc' });
    expect(config.status).toBe(1);
    expect(config.stderr).toContain('PORT must be a whole number from 1 to 65535 (got "abc")');
  }, 60_000); // three cold CLI processes (tsx compiles each) beside the suite's browser tests on two cores

  it('serves on the embedded database, seeds the demo once and prints its API key at every start', async () => {
    const dataDir = tempDir();
    const first = await serve({ DATA_DIR: dataDir });
    const key = /API key:\s+(ipk_\S+)/.exec(first.output())?.[1];
    expect(key).toBeDefined();
    expect(first.output()).toContain('Seeded the demo organization');
    const invoices = await fetch(`http://127.0.0.1:${first.port}/api/v1/invoices`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(invoices.status).toBe(200);
    expect(((await invoices.json()) as { data: unknown[] }).data.length).toBeGreaterThanOrEqual(9);

    // No SMTP_URL: the demo's e-mails (five invoices, the admin's copy of a comment) are on the mailbox page.
    const mailbox = /Mailbox\s+http:\/\/localhost:\d+(\/mailbox\/[0-9a-f-]{36}\/[A-Za-z0-9_-]{32})/.exec(
      first.output(),
    )?.[1];
    expect(mailbox).toBeDefined();
    const page = async () =>
      (await fetch(`http://127.0.0.1:${first.port}${mailbox}`).then((r) => r.text())).match(
        /class="status status-sent"/g,
      )?.length ?? 0;
    await expect.poll(page, { timeout: 20_000, interval: 250 }).toBe(6);
    const list = await fetch(`http://127.0.0.1:${first.port}${mailbox}`).then((r) => r.text());
    expect(list).toMatch(/Facture \d{4}-\d+ – Atelier Lumière SRL/);
    expect(list).toContain('Nouveau commentaire sur la facture');
    expect(await stop(first.child)).toBe(0);

    const again = await serve({ DATA_DIR: dataDir });
    expect(again.output()).not.toContain('Seeded the demo organization');
    expect(again.output()).toContain(`Mailbox          http://localhost:${again.port}${mailbox}`);
    expect(again.output()).toContain(`API key:           ${key}`);
    expect(await stop(again.child)).toBe(0);
  }, 60_000); // two cold starts of the service (PGlite, demo seed, PDF workers, e-mails) on a loaded CI machine

  it.runIf(testDatabaseUrl())(
    'never seeds demo data into a DATABASE_URL database unless `demo` is run',
    async () => {
      const database = await openTestDatabase('postgres');
      const url = (database as { connectionString: string }).connectionString;
      try {
        const env = { DATABASE_URL: url, APP_SECRET: 'y'.repeat(40), DATA_DIR: tempDir() };
        const running = await serve(env);
        expect(running.output()).not.toContain('API key');
        expect(running.output()).toContain(
          "No SMTP_URL: e-mails are not sent but kept in each organization's local mailbox",
        );
        // Each organization's mailbox is behind its own key (printed by create-organization and the demo).
        const mailbox = mailboxPath(env.APP_SECRET, randomUUID());
        expect((await fetch(`http://127.0.0.1:${running.port}${mailbox}`)).status).toBe(200);
        expect(await stop(running.child)).toBe(0);
        // With SMTP configured the mailbox does not exist.
        const withSmtp = await serve({ ...env, SMTP_URL: 'smtp://127.0.0.1:1' });
        expect(withSmtp.output()).not.toContain('mailbox');
        expect((await fetch(`http://127.0.0.1:${withSmtp.port}${mailbox}`)).status).toBe(404);
        expect(await stop(withSmtp.child)).toBe(0);
        const count = async () =>
          (await sql<{ n: number }>`select count(*)::int as n from organizations`.execute(database.db))
            .rows[0]?.n;
        expect(await count()).toBe(0);
        const demo = cli(['demo'], env);
        expect(demo.status).toBe(0);
        expect(demo.stdout).toMatch(/API key:\s+ipk_/);
        expect(await count()).toBe(1);
      } finally {
        await database.close();
      }
    },
    90_000, // two cold starts of the service and one cold CLI process on a loaded CI machine
  );
});
