import { type Expression, type RawBuilder, sql } from 'kysely';
import { isUuid } from '../core/uuid.ts';

/**
 * Opaque keyset cursors for newest-first and oldest-first listings: base64url JSON of the last row's sort
 * key. Decoding checks every part's shape, so a forged cursor is a precise 400 (or a first page), never a
 * database error.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface IssueDateKey {
  issueDate: string;
  id: string;
}

export interface CreatedAtKey {
  createdAt: Date;
  id: string;
}

function decode(cursor: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function encodeIssueDateCursor(row: { issue_date: string; id: string }): string {
  return Buffer.from(JSON.stringify({ issueDate: row.issue_date, id: row.id })).toString('base64url');
}

/** undefined: no cursor (first page); null: not a cursor we made. */
export function decodeIssueDateCursor(cursor: string | undefined): IssueDateKey | null | undefined {
  if (cursor === undefined) return undefined;
  const value = decode(cursor);
  const { issueDate, id } = value ?? {};
  if (typeof issueDate !== 'string' || !DATE.test(issueDate) || typeof id !== 'string' || !isUuid(id))
    return null;
  return { issueDate, id };
}

export function encodeCreatedAtCursor(row: { created_at: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ createdAt: row.created_at.toISOString(), id: row.id })).toString(
    'base64url',
  );
}

export function decodeCreatedAtCursor(cursor: string | undefined): CreatedAtKey | null | undefined {
  if (cursor === undefined) return undefined;
  const value = decode(cursor);
  const { createdAt, id } = value ?? {};
  if (typeof createdAt !== 'string' || typeof id !== 'string' || !isUuid(id)) return null;
  const date = new Date(createdAt);
  return Number.isNaN(date.getTime()) ? null : { createdAt: date, id };
}

/**
 * The keyset predicate, the one place it is written: rows strictly past the cursor in the listing's order,
 * as a row comparison `(sort key, id) < (cursor key, cursor id)` for newest first (`>` oldest first), which
 * PostgreSQL answers from an index on (…, sort key, id) without reading the pages before.
 */
export function pastCursor(
  sortKey: string | Expression<unknown>,
  cursor: { key: string | Date; id: string },
  order: 'desc' | 'asc',
): RawBuilder<boolean> {
  const key = typeof sortKey === 'string' ? sql.ref(sortKey) : sortKey;
  return order === 'desc'
    ? sql<boolean>`(${key}, id) < (${cursor.key}, ${cursor.id})`
    : sql<boolean>`(${key}, id) > (${cursor.key}, ${cursor.id})`;
}
