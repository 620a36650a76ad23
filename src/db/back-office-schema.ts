import type { ColumnType, Generated, Selectable } from 'kysely';

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
  /** A public id, for naming the session in "your sessions" (migration 0012). */
  id: Generated<string>;
  organization_id: string;
  admin_user_id: string;
  created_at: Date;
  last_seen_at: Date;
  idle_expires_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  user_agent: string | null;
}

/** An admin's passkey (migration 0012). */
export interface AdminPasskeysTable {
  id: Generated<string>;
  organization_id: string;
  admin_user_id: string;
  /** base64url, as WebAuthn names it. */
  credential_id: string;
  /** The COSE public key. */
  public_key: Uint8Array;
  /** The signature counter last seen (int8, parsed to a number). */
  counter: ColumnType<number, number | undefined, number>;
  transports: Generated<string[]>;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
}

/** A WebAuthn challenge until used or expired (migration 0012). */
export interface AdminPasskeyChallengesTable {
  challenge_hash: string;
  purpose: 'register' | 'sign-in';
  organization_id: string | null;
  admin_user_id: string | null;
  client_key: string | null;
  created_at: Date;
  expires_at: Date;
}

export interface BackOfficeTables {
  admin_sign_in_requests: AdminSignInRequestsTable;
  admin_sign_in_tokens: AdminSignInTokensTable;
  admin_sessions: AdminSessionsTable;
  admin_passkeys: AdminPasskeysTable;
  admin_passkey_challenges: AdminPasskeyChallengesTable;
}

export type AdminSessionRow = Selectable<AdminSessionsTable>;
export type AdminSignInTokenRow = Selectable<AdminSignInTokensTable>;
export type AdminPasskeyRow = Selectable<AdminPasskeysTable>;
