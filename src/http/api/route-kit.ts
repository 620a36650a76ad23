import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { authenticateApiKey } from '../../app/api-keys/authenticate-api-key.ts';
import type { DownloadFile } from '../../app/documents/invoice-download.ts';
import { contentDisposition } from '../../app/documents/invoice-download.ts';
import type { MailSettings } from '../../app/emails/queue-outgoing-email.ts';
import type { EventLog } from '../../core/event-log.ts';
import { type Lang, negotiateLanguage } from '../../core/lang.ts';
import type { Failure } from '../../core/result.ts';
import { findUnsafeText } from '../../core/unsafe-text.ts';
import { findOrganization } from '../../db/repositories/organization.repository.ts';
import type { ApiKeyRow, OrganizationRow } from '../../db/schema.ts';
import type { Db } from '../../db/transaction.ts';
import type { DocumentRenderer } from '../../documents/document-renderer.ts';
import { dateInTimeZone } from '../../domain/index.ts';
import { apiMessage } from '../../i18n/api-messages.ts';
import type { JobSender } from '../../jobs/job-queue.ts';
import type { PaymentProviderFactory } from '../../payments/payment-provider.ts';
import { errorBody, failureResponse, unsafeTextResponse, validationResponse } from './error-table.ts';

export interface ApiDeps {
  db: Db;
  renderer: DocumentRenderer;
  log: EventLog;
  /** The clock; rules never read it themselves, the edge turns it into `asOf` and `now`. */
  clock: () => Date;
  publicBaseUrl: string;
  /** Signs portal links. */
  appSecret: string;
  /** Queues background jobs inside the caller's transaction. */
  jobs: JobSender;
  /** Where e-mails come from and where their links lead. */
  mail: MailSettings;
  /** Builds payment providers for connected accounts. */
  providers: PaymentProviderFactory /** Webhook endpoints may have private or loopback hosts (`WEBHOOK_ALLOW_PRIVATE_ADDRESSES`). */;
  allowPrivateWebhookAddresses: boolean;
}

export interface RouteContext<P, Q, B> {
  deps: ApiDeps;
  organization: OrganizationRow;
  apiKey: ApiKeyRow;
  /** Who did it, for the audit trail. */
  actor: string;
  params: P;
  query: Q;
  body: B;
  /** The raw request body of routes that take a file (`accepts`). */
  file: Buffer | null;
  now: Date;
  /** Today in the organization's time zone. */
  today: string;
  lang: Lang;
}

export type RouteResult = { status?: number; body?: unknown; file?: DownloadFile } | Failure;

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path under /api/v1, with `:name` parameters. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** A route taking a file instead of JSON, e.g. 'application/pdf'. */
  accepts?: string;
  /** The largest JSON body in bytes; JSON_BODY_LIMIT unless the route takes many lines or a logo. */
  bodyLimit?: number;
  /** What a successful answer is, for the OpenAPI document. */
  produces?: string;
  successStatus: number;
  /** Whether the route changes data (the generated tests check that refused requests change nothing). */
  writes: boolean;
  handler: (ctx: RouteContext<unknown, unknown, unknown>) => Promise<RouteResult>;
}

/** Declares a route; the handler's params, query and body are typed from its schemas. */
export function route<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(def: {
  method: ApiRoute['method'];
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  accepts?: string;
  bodyLimit?: number;
  produces?: string;
  successStatus?: number;
  handler: (ctx: RouteContext<Infer<P>, Infer<Q>, Infer<B>>) => Promise<RouteResult>;
}): ApiRoute {
  return {
    ...def,
    successStatus: def.successStatus ?? (def.method === 'POST' ? 201 : def.method === 'DELETE' ? 204 : 200),
    writes: def.method !== 'GET',
    handler: def.handler as ApiRoute['handler'],
  };
}

const BEARER = /^Bearer\s+(\S+)$/i;

/** The largest JSON body of an ordinary API request. */
export const JSON_BODY_LIMIT = 256 * 1024;
/** Routes that take up to 500 lines, or a 512 KiB logo in base64. */
export const LARGE_JSON_BODY_LIMIT = 1024 * 1024;

/** Registers the route table under /api/v1: authentication, validation, outcome mapping. */
export function registerApiRoutes(app: FastifyInstance, routes: readonly ApiRoute[], deps: ApiDeps): void {
  for (const def of routes) {
    app.route({
      method: def.method,
      url: `/api/v1${def.path}`,
      // A file route's limit is its content-type parser's (MAX_UPLOAD_BYTES).
      ...(def.accepts ? {} : { bodyLimit: def.bodyLimit ?? JSON_BODY_LIMIT }),
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const lang = negotiateLanguage(request.headers['accept-language']);
        const send = (status: number, body: unknown) => reply.code(status).send(body);

        const match = BEARER.exec(request.headers.authorization ?? '');
        const apiKey = match?.[1] ? await authenticateApiKey(deps.db, match[1], deps.clock()) : null;
        if (!apiKey) {
          reply.header('www-authenticate', 'Bearer');
          return send(401, errorBody('UNAUTHORIZED', apiMessage(lang, 'UNAUTHORIZED')));
        }
        const organization = await findOrganization(deps.db, apiKey.organization_id);
        if (!organization) return send(401, errorBody('UNAUTHORIZED', apiMessage(lang, 'UNAUTHORIZED')));

        const parsed: Record<'params' | 'query' | 'body', unknown> = {
          params: undefined,
          query: undefined,
          body: undefined,
        };
        for (const where of ['params', 'query', 'body'] as const) {
          const schema = def[where];
          if (!schema) continue;
          const input = where === 'body' ? (request.body ?? undefined) : (request[where] ?? {});
          const unsafe = findUnsafeText(input);
          if (unsafe) return send(400, unsafeTextResponse(unsafe, where, lang));
          const result = schema.safeParse(input);
          if (!result.success) {
            const { status, body } = validationResponse(result.error, where, lang);
            return send(status, body);
          }
          parsed[where] = result.data;
        }

        let file: Buffer | null = null;
        if (def.accepts) {
          const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
          if (type !== def.accepts || !Buffer.isBuffer(request.body)) {
            return send(
              415,
              errorBody(
                'UNSUPPORTED_MEDIA_TYPE',
                apiMessage(lang, 'UNSUPPORTED_MEDIA_TYPE_FILE', { type: def.accepts }),
                'body',
              ),
            );
          }
          file = request.body;
        }

        const now = deps.clock();
        const result = await def.handler({
          deps,
          organization,
          apiKey,
          actor: `api_key:${apiKey.id}`,
          params: parsed.params,
          query: parsed.query,
          body: parsed.body,
          file,
          now,
          today: dateInTimeZone(now, organization.time_zone),
          lang,
        });
        if ('ok' in result && result.ok === false) {
          const { status, body } = failureResponse(result, lang);
          const retryAfter = result.params?.retryAfterSeconds;
          if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
          return send(status, body);
        }
        const {
          status,
          body,
          file: download,
        } = result as { status?: number; body?: unknown; file?: DownloadFile };
        const code = status ?? def.successStatus;
        if (download) {
          return reply
            .code(code)
            .header('content-type', download.contentType)
            .header('content-disposition', contentDisposition(download.fileName))
            .header('cache-control', 'private, no-store')
            .send(download.bytes);
        }
        return code === 204 ? reply.code(204).send() : send(code, body);
      },
    });
  }
}
