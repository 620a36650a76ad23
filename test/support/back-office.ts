import { requestSignIn } from '../../src/app/back-office-auth/request-sign-in.ts';
import { csrfTokenFor } from '../../src/app/back-office-auth/sign-in-secrets.ts';
import { jobSender } from '../../src/jobs/job-queue.ts';
import type { ApiHarness } from './api-harness.ts';

/** A signed-in browser, as far as the server can tell: its session cookie and its forms' CSRF token. */
export interface AdminSession {
  cookie: string;
  csrf: string;
}

/**
 * Signs in as the admin with this address the way a browser does: a sign-in link is asked for (the
 * use case that e-mails it hands the token back too), then its confirm button is posted.
 */
export async function signInAs(
  h: ApiHarness,
  email: string,
  clientAddress = '198.51.100.7',
): Promise<AdminSession> {
  const links = await requestSignIn(
    {
      db: h.database.db,
      appSecret: h.appSecret,
      jobs: jobSender(h.boss),
      mail: { publicBaseUrl: 'http://portal.test', appSecret: h.appSecret, mailFrom: 'invoices@portal.test' },
    },
    { email, clientAddress, now: new Date() },
  );
  if (!links.ok || links.value.length === 0) throw new Error(`No sign-in link for ${email}`);
  const token = links.value[0]?.token ?? '';
  const res = await h.app.inject({
    method: 'POST',
    url: '/admin/sign-in/confirm',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ token }).toString(),
  });
  if (res.statusCode !== 303) throw new Error(`Sign-in answered ${res.statusCode}`);
  const sessionId = /bo_session=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];
  if (!sessionId) throw new Error('No session cookie');
  return { cookie: `bo_session=${sessionId}`, csrf: csrfTokenFor(h.appSecret, sessionId) };
}

/** A page of the back office, opened by a signed-in admin. */
export function adminGet(h: ApiHarness, as: AdminSession, url: string) {
  return h.app.inject({ method: 'GET', url, headers: { cookie: as.cookie } });
}

/** A form of the back office, posted from our own page by a signed-in admin (with its CSRF token). */
export function adminPost(h: ApiHarness, as: AdminSession, url: string, fields: Record<string, string>) {
  return h.app.inject({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
      cookie: as.cookie,
    },
    payload: new URLSearchParams({ _csrf: as.csrf, ...fields }).toString(),
  });
}
