import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'invoice-portal-ring-config-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const CURRENT = 'c'.repeat(40);
const OLD = 'o'.repeat(32);
const OLDER = 'p'.repeat(64);

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig({ DATA_DIR: dataDir, ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('APP_SECRET_PREVIOUS and PORTAL_LINKS_TRUST_PREVIOUS', () => {
  it('default to no previous secret, portal links trusting them', () => {
    expect(loadConfig({ DATA_DIR: dataDir, APP_SECRET: CURRENT })).toMatchObject({
      appSecret: CURRENT,
      appSecretPrevious: [],
      portalLinksTrustPrevious: true,
    });
  });

  it('read a comma-separated list (spaces and repeats ignored) and a boolean', () => {
    expect(
      loadConfig({
        DATA_DIR: dataDir,
        APP_SECRET: CURRENT,
        APP_SECRET_PREVIOUS: ` ${OLD} ,${OLDER},${OLD}`,
        PORTAL_LINKS_TRUST_PREVIOUS: 'false',
      }),
    ).toMatchObject({ appSecretPrevious: [OLD, OLDER], portalLinksTrustPrevious: false });
  });

  it('refuse bad values, one line each, never repeating a secret', () => {
    const problems = problemsOf({
      APP_SECRET: CURRENT,
      APP_SECRET_PREVIOUS: `${OLD},short-secret,${CURRENT},`,
      PORTAL_LINKS_TRUST_PREVIOUS: 'no',
    });
    expect(problems).toEqual([
      'APP_SECRET_PREVIOUS must be a comma-separated list of secrets of at least 32 characters (entry 2 has 12)',
      'APP_SECRET_PREVIOUS must not contain the current APP_SECRET (entry 3 does)',
      'APP_SECRET_PREVIOUS must be a comma-separated list of secrets of at least 32 characters (entry 4 has 0)',
      'PORTAL_LINKS_TRUST_PREVIOUS must be true or false (got "no")',
    ]);
    for (const problem of problems) expect(problem).not.toContain(CURRENT);
  });

  it('need APP_SECRET set to the new secret', () => {
    expect(problemsOf({ APP_SECRET_PREVIOUS: OLD })).toEqual([
      'APP_SECRET_PREVIOUS needs APP_SECRET set to the new secret (the one that now signs)',
    ]);
  });
});
