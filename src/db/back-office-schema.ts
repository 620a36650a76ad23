import type { Generated, Selectable } from 'kysely';

/** The back office's sign-in and session tables (migration 0007); part of `Database` in schema.ts. */

export interface AdminSignInRequestsTable {
  id: Generated<number>;
  /** HMAC of the lower-cased address asked for. */
  email_key: string;
  /** HMAC of the client's IP address. */
  client_key: string;
  created_at: Date;
}

export interface AdminSignInTokensTable {
  token_hash: string;
  organization_id: string;
  admin_user_id: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

export interface AdminSessionsTable {
  id_hash: string;
  organization_id: string;
  admin_user_id: string;
  created_at: Date;
  last_seen_at: Date;
  idle_expires_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  user_agent: string | null;
}

export interface BackOfficeTables {
  admin_sign_in_requests: AdminSignInRequestsTable;
  admin_sign_in_tokens: AdminSignInTokensTable;
  admin_sessions: AdminSessionsTable;
}

export type AdminSessionRow = Selectable<AdminSessionsTable>;
export type AdminSignInTokenRow = Selectable<AdminSignInTokensTable>;
