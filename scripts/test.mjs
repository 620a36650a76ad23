#!/usr/bin/env node
// `npm test`: finds the PostgreSQL server for the tests, then runs every test once, the fault and load
// tests (test/faults) last.
// The database contract tests run on PGlite and PostgreSQL; the rest on PostgreSQL when it is there.
// Without a server (a laptop) the tests pass on PGlite and say the server run was skipped; in CI
// (CI=true) a missing server is a failure, never a skip.
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const url = process.env.TEST_DATABASE_URL || DEFAULT_URL;
const status = await reachable(url);
const env = { ...process.env };
const redacted = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
if (status === true) {
  env.TEST_DATABASE_URL = url;
  console.log(`Tests: PostgreSQL at ${redacted} and the embedded PGlite.`);
} else if (process.env.CI) {
  console.error(
    `Tests: PostgreSQL at ${redacted} is not reachable (${status}). CI must run the server tests.`,
  );
  process.exit(1);
} else {
  delete env.TEST_DATABASE_URL;
  console.warn(
    `Tests: PostgreSQL at ${redacted} is not reachable (${status}).\n` +
      '       SKIPPED the PostgreSQL run: everything runs on the embedded PGlite only. Set TEST_DATABASE_URL to include it.',
  );
}

const args = process.argv.slice(2);
const result = spawnSync('npx', ['vitest', 'run', ...args], { stdio: 'inherit', env });
if (status !== true && result.status === 0) {
  console.warn('Tests passed on PGlite only; the PostgreSQL run was skipped (no server).');
}
// The multi-process fault and load tests (test/faults) come after, alone: they start PostgreSQL clusters and
// service processes of their own and take minutes. `npm test -- <filter>` runs only the filtered tests;
// `npm run test:faults` runs only these.
let faults = { status: 0 };
if (args.length === 0) {
  console.log('\nFault and load tests (test/faults, vitest.faults.config.ts):');
  faults = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.faults.config.ts'], {
    stdio: 'inherit',
    env,
  });
}
process.exit(result.status === 0 && faults.status === 0 ? 0 : result.status || faults.status || 1);
