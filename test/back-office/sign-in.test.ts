import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  completeSignIn,
  loadSession,
  SESSION_LIMITS,
  signOut,
  signOutEverywhere,
} from '../../src/app/back-office-auth/admin-sessions.ts';
import { requestSignIn, SIGN_IN_LIMITS } from '../../src/app/back-office-auth/request-sign-in.ts';
import {
  csrfTokenFor,
  isValidCsrfToken,
  secretHash,
} from '../../src/app/back-office-auth/sign-in-secrets.ts';
import { createOrganization } from '../../src/app/organizations/create-organization.ts';
import { secretRing } from '../../src/core/secret-ring.ts';
import type { DatabaseHandle } from '../../src/db/connect-database.ts';
import { createJobQueue, type JobSender, jobSender, startJobQueue } from '../../src/jobs/job-queue.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * Back-office sign-in (issue 11): one-time links and server-side sessions, on both databases. Time is an
 * input: every step says when it happens.
 */

const APP_SECRET = 'test-app-secret-with-enough-length-0123456789';
const T0 = new Date('2026-12-06T09:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const HOURS = 60;

describe.each(contractDatabaseKinds())('back-office sign-in [%s]', (kind) => {
  let database: DatabaseHandle;
  let boss: ReturnType<typeof createJobQueue>;
  let jobs: JobSender;
  let counter = 0;
  const mail = {
    publicBaseUrl: 'https://portal.test',
    appSecret: APP_SECRET,
    mailFrom: 'invoices@portal.test',
  };
  const deps = () => ({ db: database.db, appSecret: APP_SECRET, jobs, mail });
  /** An organization whose admin has a fresh address, so each test starts without requests counted. */
  async function orgWithAdmin(email = `admin${++counter}@example.test`) {
    return createOrganization(database.db, {
      organization: {
        legalName: `Org ${counter}`,
        country: 'BE',
        timeZone: 'Europe/Brussels',
        defaultLanguage: 'nl',
        defaultCurrency: 'EUR',
      },
      admin: { name: 'Anna', email, language: 'nl' },
      actor: 'test',
    });
  }
  const client = () => `192.0.2.${++counter % 250}`;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    boss = createJobQueue(database);
    boss.on('error', () => {});
    await startJobQueue(boss);
    jobs = jobSender(boss);
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false });
    await database?.close();
  });

  it('sends a link per organization the address administers, whatever its case, and none for an unknown one', async () => {
    const one = await orgWithAdmin('Shared.Admin@Example.test');
    const two = await orgWithAdmin('shared.admin@example.test');
    const links = await requestSignIn(deps(), {
      email: ' SHARED.admin@example.TEST ',
      clientAddress: client(),
      now: T0,
    });
    expect(links.ok && links.value.map((l) => l.admin.organization_id).sort()).toEqual(
      [one.organization.id, two.organization.id].sort(),
    );
    const unknown = await requestSignIn(deps(), {
      email: 'nobody@example.test',
      clientAddress: client(),
      now: T0,
    });
    expect(unknown).toEqual({ ok: true, value: [] });
    // Each link is e-mailed to its admin, in the admin's language, under that organization's name.
    const emails = await database.db
      .selectFrom('outgoing_emails')
      .selectAll()
      .where('kind', '=', 'sign-in')
      .where('organization_id', 'in', [one.organization.id, two.organization.id])
      .execute();
    expect(emails.map((e) => e.organization_id).sort()).toEqual(
      [one.organization.id, two.organization.id].sort(),
    );
    for (const email of emails) {
      const link = (links.ok ? links.value : []).find(
        (l) => l.admin.organization_id === email.organization_id,
      );
      expect(email.to_addresses).toEqual([link?.admin.email]);
      expect(email.language).toBe('nl');
      expect(email.subject).toMatch(/^Aanmelden bij de backoffice van Org \d+$/);
      expect(email.text_body).toContain(`https://portal.test/admin/sign-in?token=${link?.token}`);
      expect(email.text_body).toContain('De link werkt één keer, binnen 15 minuten.');
    }
    // Only hashes are stored.
    const stored = await database.db.selectFrom('admin_sign_in_tokens').select('token_hash').execute();
    for (const link of links.ok ? links.value : []) {
      expect(stored.map((s) => s.token_hash)).toContain(secretHash(link.token));
      expect(stored.map((s) => s.token_hash)).not.toContain(link.token);
    }
  });

  it('opens a session with a link once, and never after 15 minutes', async () => {
    const { admin } = await orgWithAdmin();
    const request = async () => {
      const links = await requestSignIn(deps(), { email: admin.email, clientAddress: client(), now: T0 });
      if (!links.ok || !links.value[0]) throw new Error('no link');
      return links.value[0].token;
    };
    const token = await request();
    const signedIn = await completeSignIn(database.db, { token, now: at(14), userAgent: 'Test' });
    expect(signedIn.ok && signedIn.value.admin.id).toBe(admin.id);
    expect(await completeSignIn(database.db, { token, now: at(14), userAgent: 'Test' })).toMatchObject({
      ok: false,
      code: 'SIGN_IN_LINK_INVALID',
    });
    const late = await request();
    expect(
      await completeSignIn(database.db, {
        token: late,
        now: at(SIGN_IN_LIMITS.linkMinutes),
        userAgent: null,
      }),
    ).toMatchObject({ ok: false, code: 'SIGN_IN_LINK_INVALID' });
    expect(
      await completeSignIn(database.db, { token: 'not-a-token', now: T0, userAgent: null }),
    ).toMatchObject({
      ok: false,
      code: 'SIGN_IN_LINK_INVALID',
    });
  });

  it('two clicks on one link at once open one session', async () => {
    const { admin } = await orgWithAdmin();
    const links = await requestSignIn(deps(), { email: admin.email, clientAddress: client(), now: T0 });
    const token = links.ok ? (links.value[0]?.token ?? '') : '';
    const results = await Promise.all([
      completeSignIn(database.db, { token, now: at(1), userAgent: null }),
      completeSignIn(database.db, { token, now: at(1), userAgent: null }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('limits links per address and per client, counting unknown addresses too, and changes nothing over a limit', async () => {
    const { admin } = await orgWithAdmin();
    const from = client();
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail; i++) {
      expect(
        (await requestSignIn(deps(), { email: admin.email, clientAddress: client(), now: at(i) })).ok,
      ).toBe(true);
    }
    const tokensBefore = await database.db.selectFrom('admin_sign_in_tokens').select('token_hash').execute();
    const refused = await requestSignIn(deps(), { email: admin.email, clientAddress: from, now: at(6) });
    expect(refused).toMatchObject({ ok: false, code: 'SIGN_IN_RATE_LIMITED' });
    expect(await database.db.selectFrom('admin_sign_in_tokens').select('token_hash').execute()).toEqual(
      tokensBefore,
    );
    // The window moves on.
    expect((await requestSignIn(deps(), { email: admin.email, clientAddress: from, now: at(20) })).ok).toBe(
      true,
    );

    const busy = client();
    for (let i = 0; i < SIGN_IN_LIMITS.perClient; i++) {
      await requestSignIn(deps(), {
        email: `unknown${i}-${counter}@example.test`,
        clientAddress: busy,
        now: T0,
      });
    }
    expect(await requestSignIn(deps(), { email: admin.email, clientAddress: busy, now: T0 })).toMatchObject({
      ok: false,
      code: 'SIGN_IN_RATE_LIMITED',
    });
  });

  async function signedIn() {
    const { organization, admin } = await orgWithAdmin();
    const links = await requestSignIn(deps(), { email: admin.email, clientAddress: client(), now: T0 });
    const token = links.ok ? (links.value[0]?.token ?? '') : '';
    const session = await completeSignIn(database.db, { token, now: T0, userAgent: null });
    if (!session.ok) throw new Error(session.code);
    return { organization, admin, sessionId: session.value.sessionId };
  }

  it('ends a session after 8 hours without use, and moves that on with use', async () => {
    const { sessionId, admin } = await signedIn();
    expect((await loadSession(database.db, { sessionId, now: at(7 * HOURS) }))?.admin.id).toBe(admin.id);
    // Used at 7 h: idle until 15 h.
    expect(await loadSession(database.db, { sessionId, now: at(14 * HOURS) })).not.toBeNull();
    expect(await loadSession(database.db, { sessionId, now: at(14 * HOURS + 8 * HOURS) })).toBeNull();
  });

  it('ends a session 30 days after sign-in however much it is used', async () => {
    const { sessionId } = await signedIn();
    const days = SESSION_LIMITS.absoluteDays;
    for (let hour = 6; hour < days * 24; hour += 6) {
      expect(await loadSession(database.db, { sessionId, now: at(hour * HOURS) })).not.toBeNull();
    }
    expect(await loadSession(database.db, { sessionId, now: at(days * 24 * HOURS) })).toBeNull();
  });

  it('signs out one browser, or every session of the admin', async () => {
    const first = await signedIn();
    await signOut(database.db, { sessionId: first.sessionId, now: at(1) });
    expect(await loadSession(database.db, { sessionId: first.sessionId, now: at(2) })).toBeNull();

    const { admin, organization } = await orgWithAdmin();
    const sessions: string[] = [];
    for (let i = 0; i < 3; i++) {
      const links = await requestSignIn(deps(), { email: admin.email, clientAddress: client(), now: T0 });
      const s = await completeSignIn(database.db, {
        token: links.ok ? (links.value[0]?.token ?? '') : '',
        now: T0,
        userAgent: null,
      });
      if (s.ok) sessions.push(s.value.sessionId);
    }
    const other = await signedIn();
    expect(
      await signOutEverywhere(database.db, {
        organizationId: organization.id,
        adminUserId: admin.id,
        now: at(5),
      }),
    ).toEqual({ ok: true, value: 3 });
    for (const sessionId of sessions)
      expect(await loadSession(database.db, { sessionId, now: at(6) })).toBeNull();
    expect(await loadSession(database.db, { sessionId: other.sessionId, now: at(6) })).not.toBeNull();
  });

  it('signs every form with a token of its session that another session cannot use', async () => {
    const a = await signedIn();
    const b = await signedIn();
    const token = csrfTokenFor(APP_SECRET, a.sessionId);
    expect(isValidCsrfToken(secretRing(APP_SECRET), a.sessionId, token)).toBe(true);
    expect(isValidCsrfToken(secretRing(APP_SECRET), b.sessionId, token)).toBe(false);
    expect(isValidCsrfToken(secretRing(APP_SECRET), a.sessionId, `${token.slice(0, -1)}x`)).toBe(false);
    expect(isValidCsrfToken(secretRing(APP_SECRET), a.sessionId, undefined)).toBe(false);
  });
});
