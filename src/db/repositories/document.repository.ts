import type { DocumentRow } from '../schema.ts';
import type { Executor } from '../transaction.ts';

export type DocumentOwnerType = 'invoice' | 'credit_note';

export interface NewDocument {
  organizationId: string;
  ownerType: DocumentOwnerType;
  ownerId: string;
  source: 'rendered' | 'uploaded';
  content: Buffer;
  contentType: string;
  sha256: string;
  rendererVersion: string | null;
}

export async function findCurrentDocument(
  db: Executor,
  organizationId: string,
  ownerType: DocumentOwnerType,
  ownerId: string,
): Promise<DocumentRow | undefined> {
  return db
    .selectFrom('documents')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('owner_type', '=', ownerType)
    .where('owner_id', '=', ownerId)
    .where('superseded_at', 'is', null)
    .executeTakeFirst();
}

/** What a page says about the current document, without its bytes. */
export interface CurrentDocumentInfo {
  id: string;
  source: 'rendered' | 'uploaded';
  byteSize: number;
  createdAt: Date;
}

/** The current document's facts (not its content), or undefined before its first use. */
export async function findCurrentDocumentInfo(
  db: Executor,
  organizationId: string,
  ownerType: DocumentOwnerType,
  ownerId: string,
): Promise<CurrentDocumentInfo | undefined> {
  const row = await db
    .selectFrom('documents')
    .select(['id', 'source', 'byte_size', 'created_at'])
    .where('organization_id', '=', organizationId)
    .where('owner_type', '=', ownerType)
    .where('owner_id', '=', ownerId)
    .where('superseded_at', 'is', null)
    .executeTakeFirst();
  return row && { id: row.id, source: row.source, byteSize: row.byte_size, createdAt: row.created_at };
}

function values(doc: NewDocument) {
  return {
    organization_id: doc.organizationId,
    owner_type: doc.ownerType,
    owner_id: doc.ownerId,
    source: doc.source,
    content: doc.content,
    content_type: doc.contentType,
    byte_size: doc.content.length,
    sha256: doc.sha256,
    renderer_version: doc.rendererVersion,
  };
}

/**
 * Stores a first document unless one is already current (two concurrent first downloads store one).
 * Returns the current document either way.
 */
export async function insertFirstDocument(db: Executor, doc: NewDocument): Promise<DocumentRow> {
  await db
    .insertInto('documents')
    .values(values(doc))
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'owner_type', 'owner_id'])
        .where('superseded_at', 'is', null)
        .doNothing(),
    )
    .execute();
  const current = await findCurrentDocument(db, doc.organizationId, doc.ownerType, doc.ownerId);
  if (!current) throw new Error(`Document for ${doc.ownerType} ${doc.ownerId} vanished`);
  return current;
}

/** Supersedes the current document (if any) and stores a new one; run inside a transaction. */
export async function replaceDocument(db: Executor, doc: NewDocument, now: Date): Promise<DocumentRow> {
  await db
    .updateTable('documents')
    .set({ superseded_at: now })
    .where('organization_id', '=', doc.organizationId)
    .where('owner_type', '=', doc.ownerType)
    .where('owner_id', '=', doc.ownerId)
    .where('superseded_at', 'is', null)
    .execute();
  return db.insertInto('documents').values(values(doc)).returningAll().executeTakeFirstOrThrow();
}

/** A stored document by its id (an e-mail attaches the exact document it was queued with). */
export async function findDocumentById(
  db: Executor,
  organizationId: string,
  documentId: string,
): Promise<DocumentRow | undefined> {
  return db
    .selectFrom('documents')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', documentId)
    .executeTakeFirst();
}
