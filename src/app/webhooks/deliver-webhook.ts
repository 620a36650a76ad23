import { secretRing } from '../../core/secret-ring.ts';
import type { Db } from '../../db/transaction.ts';
import { WebhookAddressRefusedError, type WebhookEgress } from './webhook-egress.ts';
import { openWebhookSecret } from './webhook-secret-box.ts';
import { signWebhook } from './webhook-signature.ts';

export const WEBHOOK_USER_AGENT = 'InvoicePortal-Webhooks/1';
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** How much of a receiver's answer, or of an error, the delivery log keeps. */
const LAST_ERROR_MAX_LENGTH = 500;
const RESPONSE_SNIPPET_BYTES = 300;

export interface DeliverWebhookDeps {
  db: Db;
  /** The current APP_SECRET and (APP_SECRET_PREVIOUS) the older ones endpoint secrets may be sealed with. */
  appSecret: string;
  previousSecrets?: readonly string[];
  /** The HTTP client (global `fetch` in production); injected so nothing needs module mocking. */
  fetch: typeof fetch;
  /** The dispatcher that connects only to allowed addresses, and the operator's setting (webhook-egress.ts). */
  egress: WebhookEgress;
  clock: () => Date;
  timeoutMs?: number;
}

/**
 * What became of one attempt. `retry` asks the job queue to try again later; the others are final for
 * this job (`skipped`: nothing to do, e.g. the delivery was already delivered or its endpoint deleted).
 */
export type DeliveryOutcome =
  | { kind: 'delivered'; statusCode: number }
  | { kind: 'retry'; reason: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'skipped'; reason: string };

/**
 * One attempt at one delivery: POST the stored body, signed for this attempt, to the endpoint, and write
 * the attempt into the delivery log. 2xx is delivered. Anything else (other status, redirect, network
 * error, timeout) is retried unless `lastAttempt`, when the delivery is marked failed.
 *
 * NOTE: redirects are not followed: a receiver that moved must be re-registered, and following them
 * would let any registered URL send our signed requests somewhere else.
 *
 * An endpoint whose address is refused (a name now resolving to a private address, or an address saved
 * while private ones were allowed) fails at once with the reason ("address 10.0.0.5 is private"): it
 * was not a network failure, so retrying would only knock on the same door a dozen times. Redelivering
 * tries again once the endpoint is mended.
 *
 * Delivery is at least once: if the answer is lost between the receiver and our log, the next attempt
 * sends the same `webhook-id` again.
 */
export async function deliverWebhook(
  deps: DeliverWebhookDeps,
  job: { organizationId: string; deliveryId: string; lastAttempt: boolean },
): Promise<DeliveryOutcome> {
  const row = await deps.db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_endpoints', (join) =>
      join
        .onRef('webhook_endpoints.id', '=', 'webhook_deliveries.endpoint_id')
        .onRef('webhook_endpoints.organization_id', '=', 'webhook_deliveries.organization_id'),
    )
    .select([
      'webhook_deliveries.id',
      'webhook_deliveries.event_id',
      'webhook_deliveries.body',
      'webhook_deliveries.status',
      'webhook_endpoints.url',
      'webhook_endpoints.enabled',
      'webhook_endpoints.secret_encrypted',
    ])
    .where('webhook_deliveries.organization_id', '=', job.organizationId)
    .where('webhook_deliveries.id', '=', job.deliveryId)
    .executeTakeFirst();
  if (!row) return { kind: 'skipped', reason: 'the delivery or its endpoint was deleted' };
  if (row.status !== 'pending') return { kind: 'skipped', reason: `the delivery is already ${row.status}` };

  const finish = async (
    outcome: DeliveryOutcome,
    attempt: { at: Date; statusCode: number | null; error: string | null } | null,
  ): Promise<DeliveryOutcome> => {
    const status =
      outcome.kind === 'delivered' ? 'delivered' : outcome.kind === 'failed' ? 'failed' : 'pending';
    await deps.db
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        status,
        ...(attempt
          ? {
              attempts: eb('attempts', '+', 1),
              last_attempt_at: attempt.at,
              last_status_code: attempt.statusCode,
              last_error: attempt.error === null ? null : truncate(attempt.error),
            }
          : { last_error: 'reason' in outcome ? truncate(outcome.reason) : null }),
        ...(status === 'delivered' && attempt ? { delivered_at: attempt.at } : {}),
      }))
      .where('organization_id', '=', job.organizationId)
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .execute();
    return outcome;
  };

  if (!row.enabled) return finish({ kind: 'failed', reason: 'the endpoint is disabled' }, null);
  let secret: string;
  try {
    secret = openWebhookSecret(
      secretRing(deps.appSecret, deps.previousSecrets),
      job.organizationId,
      row.secret_encrypted,
    );
  } catch {
    // NOTE: retrying cannot help: the secret was sealed under another APP_SECRET. Rotating it mends this.
    return finish(
      {
        kind: 'failed',
        reason:
          'the signing secret cannot be decrypted (APP_SECRET changed and the old one is not in APP_SECRET_PREVIOUS?); rotate it',
      },
      null,
    );
  }

  const at = deps.clock();
  const headers = {
    ...signWebhook({ secret, id: row.event_id, body: row.body, now: at }),
    'content-type': 'application/json',
    'user-agent': WEBHOOK_USER_AGENT,
  };
  let statusCode: number | null = null;
  let error: string | null = null;
  let refused = false;
  try {
    // `dispatcher` is Node's (undici's) extension of RequestInit, unknown to the DOM's typings.
    const init: RequestInit & { dispatcher: WebhookEgress['dispatcher'] } = {
      method: 'POST',
      headers,
      body: row.body,
      redirect: 'manual',
      dispatcher: deps.egress.dispatcher,
      signal: AbortSignal.timeout(deps.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
    };
    const response = await deps.fetch(row.url, init);
    statusCode = response.status;
    const snippet = await readSnippet(response);
    if (statusCode < 200 || statusCode >= 300) {
      error = `HTTP ${statusCode}${statusCode >= 300 && statusCode < 400 ? ' (redirects are not followed)' : ''}${
        snippet ? `: ${snippet}` : ''
      }`;
    }
  } catch (cause) {
    const addressRefused = refusedAddress(cause);
    refused = addressRefused !== null;
    error = addressRefused ?? describeFetchError(cause, deps.timeoutMs ?? WEBHOOK_TIMEOUT_MS);
  }
  const attempt = { at, statusCode, error };
  if (error === null && statusCode !== null) return finish({ kind: 'delivered', statusCode }, attempt);
  const reason = error ?? 'no answer';
  return finish(job.lastAttempt || refused ? { kind: 'failed', reason } : { kind: 'retry', reason }, attempt);
}

/** The start of the receiver's answer, for the log; the rest is not read. */
async function readSnippet(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < RESPONSE_SNIPPET_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks)
    .subarray(0, RESPONSE_SNIPPET_BYTES)
    .toString('utf8')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The address rule's reason, when that is why the request was not sent (fetch wraps it as its cause). */
function refusedAddress(cause: unknown): string | null {
  const inner = (cause as { cause?: unknown })?.cause;
  if (cause instanceof WebhookAddressRefusedError) return cause.message;
  return inner instanceof WebhookAddressRefusedError ? inner.message : null;
}

function describeFetchError(cause: unknown, timeoutMs: number): string {
  const error = cause as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (error?.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  const detail = error?.cause?.code ?? error?.cause?.message ?? error?.message ?? String(cause);
  return `request failed: ${detail}`;
}

function truncate(text: string): string {
  return text.length > LAST_ERROR_MAX_LENGTH ? `${text.slice(0, LAST_ERROR_MAX_LENGTH - 1)}…` : text;
}

/**
 * The queue gave a delivery up without a record (its worker died on the last attempt): mark it failed, so
 * the log says so and it can be redelivered, instead of `pending` for ever.
 */
export async function recordDeliveryGivenUp(
  deps: Pick<DeliverWebhookDeps, 'db' | 'clock'>,
  job: { organizationId: string; deliveryId: string },
): Promise<boolean> {
  const row = await deps.db
    .updateTable('webhook_deliveries')
    .set({
      status: 'failed',
      last_error: 'The last attempt did not finish',
      last_attempt_at: deps.clock(),
    })
    .where('organization_id', '=', job.organizationId)
    .where('id', '=', job.deliveryId)
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
