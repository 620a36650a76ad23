/**
 * The application's secrets during an APP_SECRET rotation: `current` signs and encrypts everything new;
 * `previous` (older secrets, newest first) are still accepted for a grace period wherever something is
 * verified or decrypted, so signatures and sealed values made before the rotation keep working until the
 * operator drops them.
 */
export interface SecretRing {
  readonly current: string;
  readonly previous: readonly string[];
}

/** A ring of the current secret and, optionally, the previous ones it still accepts. */
export function secretRing(current: string, previous: readonly string[] = []): SecretRing {
  return { current, previous: previous.filter((secret) => secret !== current) };
}

/** Every secret a verification tries, the current one first. */
export function acceptedSecrets(ring: SecretRing): readonly string[] {
  return [ring.current, ...ring.previous];
}
