import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { AdminPasskeyRow } from '../../db/back-office-schema.ts';
import {
  consumePasskeyChallenge,
  countClientChallenges,
  deleteAdminPasskey,
  deleteExpiredChallenges,
  findPasskeyByCredentialId,
  insertAdminPasskey,
  insertPasskeyChallenge,
  listAdminPasskeys,
  markPasskeyUsed,
} from '../../db/repositories/admin-passkey.repository.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import type { AdminUserRow, OrganizationRow } from '../../db/schema.ts';
import { type Db, isUniqueViolation } from '../../db/transaction.ts';
import { openSession, type SignedIn } from './admin-sessions.ts';
import { clientKey, secretHash } from './sign-in-secrets.ts';

/**
 * Passkeys (WebAuthn) for the back office, on `@simplewebauthn/server`: an admin registers one from
 * "Your sign-in", and signs in with it from the sign-in page instead of an e-mailed link, opening the same
 * session. Challenges are made by the library, stored as their SHA-256 and used once within a few minutes;
 * a response names its challenge (in its client data), so nothing needs a cookie before sign-in. The
 * relying party is the portal's public address (`PUBLIC_BASE_URL`): its host name is the RP ID, its origin
 * the only one accepted. User verification is required: a passkey replaces the link, so it must be the
 * admin holding it, not just the device.
 */

export const PASSKEY_LIMITS = {
  /** How long a challenge may be answered. */
  challengeMinutes: 5,
  /** Sign-in challenges one client address may ask for in the window (they are stored before sign-in). */
  perClient: 20,
  windowMinutes: 15,
  /** The most characters of a passkey's name. */
  nameLength: 100,
} as const;

export interface PasskeyDeps {
  db: Db;
  appSecret: string;
  publicBaseUrl: string;
}

/** The relying party: the portal's public host name and origin. */
export function relyingParty(publicBaseUrl: string): { id: string; origin: string } {
  const url = new URL(publicBaseUrl);
  return { id: url.hostname, origin: url.origin };
}

const MINUTE = 60_000;
const TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

/**
 * The challenge a WebAuthn response answers, read from its client data, with the response itself; null
 * when the text is not the JSON of a public-key credential (the library checks the rest).
 */
function readResponse<T extends RegistrationResponseJSON | AuthenticationResponseJSON>(
  text: string,
): { response: T; challenge: string } | null {
  try {
    const response = JSON.parse(text) as T;
    if (typeof response?.id !== 'string' || response.type !== 'public-key') return null;
    const clientData = JSON.parse(
      Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8'),
    );
    if (typeof clientData?.challenge !== 'string' || clientData.challenge.length > 200) return null;
    return { response, challenge: clientData.challenge };
  } catch {
    return null;
  }
}

/** An admin's user handle: their id's 16 bytes (never their address). */
const userHandle = (admin: Pick<AdminUserRow, 'id'>) =>
  new Uint8Array(Buffer.from(admin.id.replaceAll('-', ''), 'hex'));

/** What a browser needs to make a passkey for the signed-in admin; its challenge is stored. */
export async function startPasskeyRegistration(
  deps: PasskeyDeps,
  input: { admin: AdminUserRow; organization: OrganizationRow; now: Date },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const rp = relyingParty(deps.publicBaseUrl);
  const existing = await listAdminPasskeys(deps.db, {
    organizationId: input.organization.id,
    adminUserId: input.admin.id,
  });
  const options = await generateRegistrationOptions({
    rpName: input.organization.trade_name ?? input.organization.legal_name,
    rpID: rp.id,
    userName: input.admin.email,
    userDisplayName: input.admin.name,
    userID: userHandle(input.admin),
    attestationType: 'none',
    timeout: PASSKEY_LIMITS.challengeMinutes * MINUTE,
    excludeCredentials: existing.map((p) => ({
      id: p.credential_id,
      transports: p.transports as AuthenticatorTransportFuture[],
    })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  await deleteExpiredChallenges(deps.db, input.now);
  await insertPasskeyChallenge(deps.db, {
    challenge_hash: secretHash(options.challenge),
    purpose: 'register',
    organization_id: input.organization.id,
    admin_user_id: input.admin.id,
    client_key: null,
    created_at: input.now,
    expires_at: new Date(input.now.getTime() + PASSKEY_LIMITS.challengeMinutes * MINUTE),
  });
  return options;
}

export type PasskeyRefusal = 'expired' | 'refused' | 'already-registered' | 'rate-limited';

/**
 * Keeps the passkey a browser made for the admin, after the library has checked it against the stored
 * challenge (used up whatever the outcome), our origin and RP ID; recorded.
 */
export async function finishPasskeyRegistration(
  deps: PasskeyDeps,
  input: { admin: AdminUserRow; name: string; credential: string; now: Date },
): Promise<{ ok: true; passkey: AdminPasskeyRow } | { ok: false; reason: PasskeyRefusal }> {
  const read = readResponse<RegistrationResponseJSON>(input.credential);
  if (!read) return { ok: false, reason: 'refused' };
  const challenge = await consumePasskeyChallenge(deps.db, secretHash(read.challenge), 'register', input.now);
  if (
    !challenge ||
    challenge.organization_id !== input.admin.organization_id ||
    challenge.admin_user_id !== input.admin.id
  ) {
    return { ok: false, reason: 'expired' };
  }
  const rp = relyingParty(deps.publicBaseUrl);
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response: read.response,
      expectedChallenge: read.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch {
    return { ok: false, reason: 'refused' };
  }
  if (!verified.verified) return { ok: false, reason: 'refused' };
  const { credential } = verified.registrationInfo;
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const passkey = await insertAdminPasskey(trx, {
        organization_id: input.admin.organization_id,
        admin_user_id: input.admin.id,
        credential_id: credential.id,
        public_key: credential.publicKey,
        counter: credential.counter,
        transports: (credential.transports ?? []).filter((t) => TRANSPORTS.has(t)),
        name: input.name,
        created_at: input.now,
      });
      await recordAudit(trx, {
        organizationId: input.admin.organization_id,
        subjectType: 'admin_user',
        subjectId: input.admin.id,
        action: 'admin.passkey_added',
        actor: `admin_user:${input.admin.id}`,
        data: { passkeyId: passkey.id },
      });
      return { ok: true as const, passkey };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'admin_passkeys_credential'))
      return { ok: false, reason: 'already-registered' };
    throw error;
  }
}

/**
 * What a browser needs to sign in with a passkey (any of this site's: the authenticator offers its own),
 * or `rate-limited` when this client address has asked too often. The challenge is stored before anyone
 * is known, keyed by the client's HMACed address so one client cannot fill the table.
 */
export async function startPasskeySignIn(
  deps: PasskeyDeps,
  input: { clientAddress: string; now: Date },
): Promise<PublicKeyCredentialRequestOptionsJSON | 'rate-limited'> {
  const client = clientKey(deps.appSecret, input.clientAddress);
  const since = new Date(input.now.getTime() - PASSKEY_LIMITS.windowMinutes * MINUTE);
  await deleteExpiredChallenges(deps.db, input.now);
  if ((await countClientChallenges(deps.db, client, since)) >= PASSKEY_LIMITS.perClient)
    return 'rate-limited';
  const options = await generateAuthenticationOptions({
    rpID: relyingParty(deps.publicBaseUrl).id,
    userVerification: 'required',
    timeout: PASSKEY_LIMITS.challengeMinutes * MINUTE,
  });
  await insertPasskeyChallenge(deps.db, {
    challenge_hash: secretHash(options.challenge),
    purpose: 'sign-in',
    organization_id: null,
    admin_user_id: null,
    client_key: client,
    created_at: input.now,
    expires_at: new Date(input.now.getTime() + PASSKEY_LIMITS.challengeMinutes * MINUTE),
  });
  return options;
}

/**
 * Signs in with a passkey: the response's challenge must be one we issued for sign-in (used up whatever
 * the outcome), its credential one of ours, its signature valid for our origin with the user verified and
 * its counter moving on; then the same session opens as with a sign-in link, and the passkey's use is kept.
 */
export async function finishPasskeySignIn(
  deps: PasskeyDeps,
  input: { credential: string; now: Date; userAgent: string | null },
): Promise<{ ok: true; signedIn: SignedIn } | { ok: false; reason: PasskeyRefusal }> {
  const read = readResponse<AuthenticationResponseJSON>(input.credential);
  if (!read) return { ok: false, reason: 'refused' };
  const challenge = await consumePasskeyChallenge(deps.db, secretHash(read.challenge), 'sign-in', input.now);
  if (!challenge) return { ok: false, reason: 'expired' };
  const passkey = await findPasskeyByCredentialId(deps.db, read.response.id);
  if (!passkey) return { ok: false, reason: 'refused' };
  const handle = read.response.response.userHandle;
  if (handle && handle !== Buffer.from(userHandle({ id: passkey.admin_user_id })).toString('base64url')) {
    return { ok: false, reason: 'refused' };
  }
  const rp = relyingParty(deps.publicBaseUrl);
  let newCounter: number;
  try {
    const verified = await verifyAuthenticationResponse({
      response: read.response,
      expectedChallenge: read.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      credential: {
        id: passkey.credential_id,
        publicKey: new Uint8Array(passkey.public_key),
        counter: Number(passkey.counter),
        transports: passkey.transports as AuthenticatorTransportFuture[],
      },
    });
    if (!verified.verified) return { ok: false, reason: 'refused' };
    newCounter = verified.authenticationInfo.newCounter;
  } catch {
    return { ok: false, reason: 'refused' };
  }
  const signedIn = await deps.db.transaction().execute(async (trx) => {
    await markPasskeyUsed(trx, passkey.id, newCounter, input.now);
    return openSession(trx, {
      organizationId: passkey.organization_id,
      adminUserId: passkey.admin_user_id,
      now: input.now,
      userAgent: input.userAgent,
      method: 'passkey',
    });
  });
  return { ok: true, signedIn };
}

/** Removes one of the admin's own passkeys; false when it is not theirs (or gone). Recorded. */
export async function removePasskey(
  db: Db,
  input: { organizationId: string; adminUserId: string; passkeyId: string },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!(await deleteAdminPasskey(trx, input, input.passkeyId))) return false;
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'admin_user',
      subjectId: input.adminUserId,
      action: 'admin.passkey_removed',
      actor: `admin_user:${input.adminUserId}`,
      data: { passkeyId: input.passkeyId },
    });
    return true;
  });
}
