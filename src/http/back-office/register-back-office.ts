import { readFileSync } from 'node:fs';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { completeSignIn } from '../../app/back-office-auth/admin-sessions.ts';
import {
  finishPasskeySignIn,
  PASSKEY_LIMITS,
  startPasskeySignIn,
} from '../../app/back-office-auth/passkeys.ts';
import { requestSignIn } from '../../app/back-office-auth/request-sign-in.ts';
import { adminPaths, BACK_OFFICE_SCRIPT, BACK_OFFICE_STYLESHEET } from '../../back-office/views/layout.ts';
import {
  isSignInNotice,
  passkeySignInPaths,
  renderBackOfficeNotFoundPage,
  renderCheckMailPage,
  renderConfirmSignInPage,
  renderLinkInvalidPage,
  renderRefusedPage,
  renderSignInPage,
} from '../../back-office/views/sign-in-pages.ts';
import { type Lang, negotiateLanguage } from '../../core/lang.ts';
import { findUnsafeText } from '../../core/unsafe-text.ts';
import { backOfficeMessage } from '../../i18n/back-office-messages.ts';
import { Email } from '../api/schemas.ts';
import {
  admit,
  type BackOfficeDeps,
  type BackOfficeRoute,
  backOfficeHeaders,
  formFields,
  isSameSite,
  MULTIPART_LIMITS,
  SESSION_COOKIE,
  safeNext,
  sendResult,
  signInRedirect,
} from './back-office-kit.ts';

const asset = (name: string) =>
  readFileSync(new URL(`../../back-office/assets/${name}`, import.meta.url), 'utf8');

/**
 * The back office under /admin: its assets, the sign-in pages (the only ones without a session), and the
 * route table's pages and actions, each admitted by `admit` (session, then for a POST same-site and CSRF
 * token, then validated params) before its handler runs. Routes taking a file are registered in a scope
 * of their own, the only one parsing `multipart/form-data`.
 */
export async function registerBackOffice(
  app: FastifyInstance,
  routes: readonly BackOfficeRoute[],
  deps: BackOfficeDeps,
): Promise<void> {
  const stylesheet = asset('back-office.css');
  const script = asset('back-office.js');
  const secure = deps.publicBaseUrl.startsWith('https:');
  const cookieOptions = { path: '/admin', httpOnly: true, sameSite: 'lax' as const, secure };

  app.get(BACK_OFFICE_STYLESHEET, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(stylesheet),
  );
  app.get(BACK_OFFICE_SCRIPT, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(script),
  );

  await app.register(
    async (office) => {
      await office.register(formbody, { bodyLimit: 64 * 1024 });

      const page = (reply: FastifyReply, status: number, body: string) =>
        backOfficeHeaders(reply.code(status)).send(body);
      const publicLang = (request: FastifyRequest): Lang =>
        negotiateLanguage(request.headers['accept-language']);
      const endSession = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, cookieOptions);

      const local = (path: string) => path.slice('/admin'.length);

      office.get(local(adminPaths.signIn), async (request, reply) => {
        const query = request.query as Record<string, unknown>;
        const lang = publicLang(request);
        const next = typeof query.next === 'string' ? safeNext(query.next) : null;
        if (typeof query.token === 'string') {
          if (findUnsafeText(query.token) || query.token.length > 200)
            return page(reply, 400, renderLinkInvalidPage(lang));
          return page(reply, 200, renderConfirmSignInPage({ lang, token: query.token, next }));
        }
        const notice = isSignInNotice(query.notice) ? query.notice : null;
        return page(reply, 200, renderSignInPage({ lang, email: '', next, errors: [], notice }));
      });

      office.post(local(adminPaths.signIn), async (request, reply) => {
        const lang = publicLang(request);
        if (!isSameSite(request, deps.publicBaseUrl)) return page(reply, 403, renderRefusedPage(lang));
        const { form } = formFields(request.body);
        const email = (form.email ?? '').trim();
        const next = form.next ? safeNext(form.next) : null;
        const invalid = () =>
          page(
            reply,
            422,
            renderSignInPage({
              lang,
              email: email.slice(0, 254),
              next,
              errors: [{ field: 'email', message: backOfficeMessage(lang, 'invalidEmail') }],
              notice: null,
            }),
          );
        if (findUnsafeText(form) || !Email.safeParse(email).success) return invalid();
        const result = await requestSignIn(
          { db: deps.db, appSecret: deps.appSecret, jobs: deps.jobs, mail: deps.mail },
          { email, clientAddress: request.ip, now: deps.clock() },
        );
        if (!result.ok) {
          reply.header('retry-after', String(result.params?.retryAfterSeconds ?? 900));
          return page(
            reply,
            429,
            renderSignInPage({
              lang,
              email,
              next,
              errors: [{ field: 'email', message: backOfficeMessage(lang, 'signInRateLimited') }],
              notice: null,
            }),
          );
        }
        return page(reply, 200, renderCheckMailPage({ lang, email }));
      });

      office.post(local(`${adminPaths.signIn}/confirm`), async (request, reply) => {
        const lang = publicLang(request);
        if (!isSameSite(request, deps.publicBaseUrl)) return page(reply, 403, renderRefusedPage(lang));
        const { form } = formFields(request.body);
        const result = await completeSignIn(deps.db, {
          token: form.token ?? '',
          now: deps.clock(),
          userAgent: request.headers['user-agent'] ?? null,
        });
        if (!result.ok) return page(reply, 400, renderLinkInvalidPage(lang));
        reply.setCookie(SESSION_COOKIE, result.value.sessionId, {
          ...cookieOptions,
          expires: result.value.expiresAt,
        });
        return reply.code(303).header('location', safeNext(form.next)).send();
      });

      // Passkey sign-in: options for back-office.js (JSON), then the passkey's answer as a form post that
      // opens the same session as a sign-in link. Same-site only; nothing else to check before sign-in.
      const passkeyDeps = { db: deps.db, appSecret: deps.appSecret, publicBaseUrl: deps.publicBaseUrl };
      office.post(local(passkeySignInPaths.options), async (request, reply) => {
        if (!isSameSite(request, deps.publicBaseUrl))
          return page(reply, 403, renderRefusedPage(publicLang(request)));
        const options = await startPasskeySignIn(passkeyDeps, {
          clientAddress: request.ip,
          now: deps.clock(),
        });
        if (options === 'rate-limited') {
          reply.header('retry-after', String(PASSKEY_LIMITS.windowMinutes * 60));
          return backOfficeHeaders(reply.code(429)).type('application/json; charset=utf-8').send('{}');
        }
        return backOfficeHeaders(reply.code(200))
          .type('application/json; charset=utf-8')
          .send(JSON.stringify(options));
      });

      office.post(local(passkeySignInPaths.signIn), async (request, reply) => {
        const lang = publicLang(request);
        if (!isSameSite(request, deps.publicBaseUrl)) return page(reply, 403, renderRefusedPage(lang));
        const { form } = formFields(request.body);
        const next = form.next ? safeNext(form.next) : null;
        const result = findUnsafeText(form)
          ? null
          : await finishPasskeySignIn(passkeyDeps, {
              credential: form.credential ?? '',
              now: deps.clock(),
              userAgent: request.headers['user-agent'] ?? null,
            });
        if (!result?.ok) {
          const message = backOfficeMessage(lang, 'passkeySignInFailed');
          return page(
            reply,
            400,
            renderSignInPage({
              lang,
              email: '',
              next,
              errors: [{ field: 'passkey', message }],
              notice: null,
            }),
          );
        }
        reply.setCookie(SESSION_COOKIE, result.signedIn.sessionId, {
          ...cookieOptions,
          expires: result.signedIn.expiresAt,
        });
        return reply.code(303).header('location', safeNext(form.next)).send();
      });

      const register = (scope: FastifyInstance, route: BackOfficeRoute) =>
        scope.route({
          method: route.method,
          url: route.path,
          handler: async (request, reply) => {
            const admitted = await admit(deps, route, request);
            if ('refused' in admitted) {
              const lang = admitted.lang ?? publicLang(request);
              switch (admitted.refused) {
                case 'sign-in':
                  if (request.cookies[SESSION_COOKIE] !== undefined) endSession(reply);
                  return reply.code(303).header('location', signInRedirect(request)).send();
                case 'cross-site':
                  return page(reply, 403, renderRefusedPage(lang));
                case 'unsafe-text':
                case 'malformed':
                  return page(reply, 400, renderRefusedPage(lang));
                case 'not-found':
                  return page(reply, 404, renderBackOfficeNotFoundPage(lang));
              }
            }
            const { ctx } = admitted;
            const result = await route.handler(ctx);
            if ('notFound' in result) return page(reply, 404, renderBackOfficeNotFoundPage(ctx.lang));
            if ('redirect' in result && result.endSession) endSession(reply);
            return sendResult(reply, result);
          },
        });

      for (const route of routes) if (!route.upload) register(office, route);

      // File uploads: multipart bodies are parsed only here (streamed; `admit` reads them after the
      // session and the site), the urlencoded parser inherited.
      const uploads = routes.filter((route) => route.upload);
      if (uploads.length > 0) {
        await office.register(async (scope) => {
          await scope.register(multipart, {
            limits: {
              ...MULTIPART_LIMITS,
              fileSize: Math.max(...uploads.map((route) => route.upload?.maxBytes ?? 0)),
            },
          });
          for (const route of uploads) register(scope, route);
        });
      }

      // Unknown /admin paths: the back office's own not-found page, not the API's JSON.
      office.setNotFoundHandler((request, reply) =>
        page(reply, 404, renderBackOfficeNotFoundPage(publicLang(request))),
      );
    },
    { prefix: '/admin' },
  );
}
