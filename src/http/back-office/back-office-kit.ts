// The types of `request.parts()` and `request.isMultipart()`, decorated where upload routes are registered.
import type {} from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { loadSession } from '../../app/back-office-auth/admin-sessions.ts';
import { csrfTokenFor, isValidCsrfToken } from '../../app/back-office-auth/sign-in-secrets.ts';
import { documentLocale } from '../../app/documents/document-model-from-rows.ts';
import type { DownloadFile } from '../../app/documents/invoice-download.ts';
import { contentDisposition } from '../../app/documents/invoice-download.ts';
import type { MailSettings } from '../../app/emails/queue-outgoing-email.ts';
import type { BackOfficeChrome, BackOfficeSection } from '../../back-office/view-models.ts';
import { adminPaths } from '../../back-office/views/layout.ts';
import type { EventLog } from '../../core/event-log.ts';
import { type Lang, langOr } from '../../core/lang.ts';
import { secretRing } from '../../core/secret-ring.ts';
import { findUnsafeText } from '../../core/unsafe-text.ts';
import { countUnreadComments } from '../../db/repositories/comment.repository.ts';
import { findOrganization } from '../../db/repositories/organization.repository.ts';
import type { AdminUserRow, OrganizationRow } from '../../db/schema.ts';
import type { Db } from '../../db/transaction.ts';
import type { DocumentRenderer } from '../../documents/document-renderer.ts';
import { dateInTimeZone } from '../../domain/index.ts';
import type { JobSender } from '../../jobs/job-queue.ts';
import type { PaymentProviderFactory } from '../../payments/payment-provider.ts';

export interface BackOfficeDeps {
  db: Db;
  /** The current APP_SECRET (signs); `previousSecrets` (APP_SECRET_PREVIOUS) still verify and decrypt. */
  appSecret: string;
  previousSecrets?: readonly string[];
  clock: () => Date;
  publicBaseUrl: string;
  renderer: DocumentRenderer;
  log: EventLog;
  jobs: JobSender;
  mail: MailSettings;
  providers: PaymentProviderFactory;
  /** Webhook endpoints may have private or loopback hosts (`WEBHOOK_ALLOW_PRIVATE_ADDRESSES`). */
  allowPrivateWebhookAddresses: boolean;
  /** The local mailbox pages are served (no SMTP configured): the outbox links to the organization's. */
  localMailbox?: boolean;
}

/** The session cookie: only its hash is stored; sent only to /admin. */
export const SESSION_COOKIE = 'bo_session';

/** Everything a signed-in handler gets: who, where, when, and the request's validated parts. */
export interface BackOfficeContext<P, Q> {
  deps: BackOfficeDeps;
  admin: AdminUserRow;
  organization: OrganizationRow;
  /** Who does it, for the audit trail. */
  actor: string;
  /** The session's id (sign-out ends it). */
  sessionId: string;
  lang: Lang;
  now: Date;
  /** Today in the organization's time zone. */
  today: string;
  params: P;
  query: Q;
  /** A POST's fields (strings; a repeated field is its last value unless listed in `multi`). */
  form: Readonly<Record<string, string>>;
  /** A POST's repeated fields, all values. */
  formAll: Readonly<Record<string, readonly string[]>>;
  /** The file of a route that takes one (`upload`); `none` for every other route. */
  upload: Upload;
  /** The page's chrome: the layout reads it. */
  chrome: (section: BackOfficeSection, unreadComments?: number | null) => BackOfficeChrome;
}

/**
 * What a handler answers: a page, a redirect (post-redirect-get), a file, a document shown only inside a
 * sandboxed frame of our own pages (`frameHeaders`), JSON for our script, or not found.
 */
export type BackOfficeResult =
  | { page: string; status?: number }
  | { frame: string }
  /** For back-office.js only (the passkey ceremony's options): never cached, never framed. */
  | { json: unknown; status?: number }
  | { redirect: string /** Sign-out: the session cookie is cleared too. */; endSession?: boolean }
  | { file: DownloadFile }
  | { notFound: true };

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * A POST that takes one file as `multipart/form-data` (a browser's file upload): its field's name and
 * the most bytes read. Its other fields (the CSRF token first) come before the file.
 */
export interface UploadSpec {
  field: string;
  maxBytes: number;
}

/**
 * The file a request brought: none (no file part, an empty one with no name — a browser's form
 * without a chosen file — or a urlencoded body), its bytes, or too large (read no further than
 * `maxBytes`).
 */
export type Upload =
  | { kind: 'none' }
  | { kind: 'file'; fileName: string; bytes: Buffer }
  | { kind: 'too-large'; fileName: string; maxBytes: number };

export interface BackOfficeRoute {
  method: 'GET' | 'POST';
  /** Path under /admin (`/` is /admin itself), with `:name` parameters. */
  path: string;
  name: string;
  params?: z.ZodType;
  query?: z.ZodType;
  /** A POST taking a file: registered where multipart bodies are parsed, read by `admit`. */
  upload?: UploadSpec;
  handler: (ctx: BackOfficeContext<unknown, unknown>) => Promise<BackOfficeResult>;
}

/** Declares a back-office route; params and query are typed from their schemas. */
export function backOfficeRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(def: {
  method: BackOfficeRoute['method'];
  path: string;
  name: string;
  params?: P;
  query?: Q;
  upload?: UploadSpec;
  handler: (ctx: BackOfficeContext<Infer<P>, Infer<Q>>) => Promise<BackOfficeResult>;
}): BackOfficeRoute {
  return { ...def, handler: def.handler as BackOfficeRoute['handler'] };
}

/**
 * Security headers of every back-office page: a strict CSP (one same-origin script, our stylesheet, no
 * inline script or style at all, forms post and the live totals fetch to us only), no referrer to other sites (URLs carry ids and a
 * sign-in link its token; `same-origin` rather than `no-referrer`, which would make browsers send
 * `Origin: null` on our own posts), no framing, no caching. `frame-src 'self'`: a page may frame our own
 * frame documents (the e-mail layout preview), which carry their own CSP and sit in `<iframe sandbox>`.
 */
export function backOfficeHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header(
      'content-security-policy',
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'; frame-src 'self'",
    )
    .header('referrer-policy', 'same-origin')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('cache-control', 'private, no-store')
    .type('text/html; charset=utf-8');
}

/**
 * Whether a state-changing request comes from our own pages. Browsers send `Sec-Fetch-Site` on every
 * request (it decides when present: only `same-origin` passes), and older ones at least `Origin` on a
 * POST (it must be ours; `null`, sent by sandboxed frames, is refused). A cross-site form post is thus
 * refused before anything else; the CSRF token is the second lock. Requests with neither header (curl,
 * tests) fall through to the token check.
 */
export function isSameSite(request: FastifyRequest, publicBaseUrl: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin';
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return true;
  const own = new Set([new URL(publicBaseUrl).origin, `${request.protocol}://${request.host}`]);
  return own.has(origin);
}

/** A form body as strings: the last value of a repeated field, and every value by name. */
export function formFields(body: unknown): {
  form: Record<string, string>;
  formAll: Record<string, string[]>;
} {
  const form: Record<string, string> = {};
  const formAll: Record<string, string[]> = {};
  if (body === null || typeof body !== 'object') return { form, formAll };
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    formAll[name] = values;
    const last = values.at(-1);
    if (last !== undefined) form[name] = last;
  }
  return { form, formAll };
}

/** The session of a request, or null. */
export async function sessionOf(deps: BackOfficeDeps, request: FastifyRequest, now: Date) {
  return loadSession(deps.db, { sessionId: request.cookies[SESSION_COOKIE], now });
}

export type Refusal = 'sign-in' | 'cross-site' | 'not-found' | 'unsafe-text' | 'malformed';

/** The limits of a multipart body besides its file's size: one file, few and short fields. */
export const MULTIPART_LIMITS = {
  files: 1,
  fields: 8,
  parts: 9,
  fieldNameSize: 100,
  fieldSize: 1024,
  headerPairs: 20,
} as const;

/** The form of a multipart POST, read as a stream, or why it is refused. */
type MultipartForm =
  | { refused: 'cross-site' | 'malformed' }
  | { fields: Record<string, string[]>; upload: Upload };

/**
 * Reads a multipart body in order. Its fields are collected; at the file part the CSRF token must
 * already be among them (our forms put it first, and browsers send fields in document order), so a
 * post without it is refused before its file is read. The file is kept in memory up to `maxBytes` and
 * no further: beyond that it is `too-large`, and the parser drops the bytes past the limit. Anything
 * the form cannot produce (another file field, a second file, too many or too long fields, a broken
 * body) is `malformed`.
 */
async function readMultipartForm(
  request: FastifyRequest,
  spec: UploadSpec,
  tokenIsValid: (token: string | undefined) => boolean,
): Promise<MultipartForm> {
  // The parser refuses field names like `__proto__`; no prototype besides.
  const fields: Record<string, string[]> = Object.create(null);
  let upload: Upload = { kind: 'none' };
  try {
    for await (const part of request.parts({ limits: { ...MULTIPART_LIMITS, fileSize: spec.maxBytes } })) {
      if (part.type === 'field') {
        if (part.fieldnameTruncated || part.valueTruncated || typeof part.value !== 'string')
          return { refused: 'malformed' };
        fields[part.fieldname] = [...(fields[part.fieldname] ?? []), part.value];
        continue;
      }
      const refusal = !tokenIsValid(fields._csrf?.at(-1))
        ? 'cross-site'
        : part.fieldname !== spec.field || upload.kind !== 'none'
          ? 'malformed'
          : null;
      if (refusal) {
        // Not read: its bytes flow past, dropped, so the connection stays usable.
        part.file.resume();
        return { refused: refusal };
      }
      try {
        const bytes = await part.toBuffer();
        upload =
          bytes.length === 0 && part.filename === ''
            ? { kind: 'none' }
            : { kind: 'file', fileName: part.filename, bytes };
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'FST_REQ_FILE_TOO_LARGE') throw error;
        // What was read is dropped; the bytes beyond the limit were never kept.
        return { fields, upload: { kind: 'too-large', fileName: part.filename, maxBytes: spec.maxBytes } };
      }
    }
  } catch {
    // Everything thrown here is the body's doing: a limit passed, a broken or cut-off body.
    return { refused: 'malformed' };
  }
  return { fields, upload };
}

/** The outcome of checking a request before its handler, or the context to run it with. */
export async function admit(
  deps: BackOfficeDeps,
  route: BackOfficeRoute,
  request: FastifyRequest,
): Promise<{ refused: Refusal; lang?: Lang } | { ctx: BackOfficeContext<unknown, unknown> }> {
  const now = deps.clock();
  const sessionId = request.cookies[SESSION_COOKIE];
  const found = await sessionOf(deps, request, now);
  if (!found || typeof sessionId !== 'string') return { refused: 'sign-in' };
  const lang = langOr(found.admin.language);
  let body: unknown = request.body;
  let upload: Upload = { kind: 'none' };
  const tokenIsValid = (token: string | undefined) =>
    isValidCsrfToken(secretRing(deps.appSecret, deps.previousSecrets), sessionId, token);
  if (route.method === 'POST') {
    if (!isSameSite(request, deps.publicBaseUrl)) return { refused: 'cross-site', lang };
    // A multipart body is not parsed before the handler: read here, after the session and the site.
    if (route.upload && request.isMultipart()) {
      const read = await readMultipartForm(request, route.upload, tokenIsValid);
      if ('refused' in read) return { refused: read.refused, lang };
      body = read.fields;
      upload = read.upload;
    }
  }
  const { form, formAll } = formFields(body);
  if (route.method === 'POST') {
    if (!tokenIsValid(form._csrf)) return { refused: 'cross-site', lang };
    const fileName = upload.kind === 'none' ? '' : upload.fileName;
    if (findUnsafeText(form) || findUnsafeText(fileName)) return { refused: 'unsafe-text', lang };
  }
  const parsed: { params: unknown; query: unknown } = { params: undefined, query: undefined };
  for (const where of ['params', 'query'] as const) {
    const schema = route[where];
    if (!schema) continue;
    const input = request[where] ?? {};
    if (findUnsafeText(input)) return { refused: 'not-found', lang };
    const result = schema.safeParse(input);
    if (!result.success) return { refused: 'not-found', lang };
    parsed[where] = result.data;
  }
  const [organization, unread] = await Promise.all([
    findOrganization(deps.db, found.admin.organization_id),
    countUnreadComments(deps.db, found.admin.organization_id),
  ]);
  if (!organization) return { refused: 'sign-in' };
  const csrfToken = csrfTokenFor(deps.appSecret, sessionId);
  return {
    ctx: {
      deps,
      admin: found.admin,
      organization,
      actor: `admin_user:${found.admin.id}`,
      sessionId,
      lang,
      now,
      today: dateInTimeZone(now, organization.time_zone),
      params: parsed.params,
      query: parsed.query,
      form,
      formAll,
      upload,
      chrome: (section, unreadComments = unread) => ({
        lang,
        locale: documentLocale(lang, organization.country),
        timeZone: organization.time_zone,
        organizationName: organization.trade_name ?? organization.legal_name,
        adminName: found.admin.name,
        csrfToken,
        section,
        unreadComments,
      }),
    },
  };
}

/**
 * Headers of a frame document (HTML written for mail clients, shown in a sandboxed frame of our pages):
 * no script at all, inline style attributes (that HTML has nothing else), images only from itself, framed
 * by our own pages only, nothing to submit or load.
 */
export function frameHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header(
      'content-security-policy',
      "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'",
    )
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .type('text/html; charset=utf-8');
}

/** Sends a handler's result. */
export function sendResult(reply: FastifyReply, result: BackOfficeResult): FastifyReply {
  if ('redirect' in result) return reply.code(303).header('location', result.redirect).send();
  if ('file' in result) {
    return reply
      .code(200)
      .header('content-type', result.file.contentType)
      .header('content-disposition', contentDisposition(result.file.fileName))
      .header('cache-control', 'private, no-store')
      .send(result.file.bytes);
  }
  if ('frame' in result) return frameHeaders(reply.code(200)).send(result.frame);
  if ('notFound' in result) throw new Error('not found is answered by the caller');
  if ('json' in result) {
    return backOfficeHeaders(reply.code(result.status ?? 200))
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(result.json));
  }
  return backOfficeHeaders(reply.code(result.status ?? 200)).send(result.page);
}

/** Where to send someone without a session: the sign-in page, then back to the page they asked for. */
export function signInRedirect(request: FastifyRequest): string {
  const next = request.method === 'GET' ? request.url : adminPaths.home;
  return `${adminPaths.signIn}?next=${encodeURIComponent(next)}`;
}

/**
 * A `next` parameter that may be followed: a back-office path, never another site. It becomes a Location
 * header, so it must be a URL as browsers send it (printable ASCII, percent-encoded otherwise): a line
 * break, a control or a non-ASCII character could not be written into the header at all.
 */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/admin(?:[/?#][\x21-\x7e]*)?$/.test(next) && !next.startsWith('//')
    ? next
    : adminPaths.home;
}
