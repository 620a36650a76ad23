import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect-database.ts';
import { DataDirLockedError } from '../../src/db/data-dir-lock.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'invoice-portal-lock-'));
  dirs.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function runCli(dataDir: string, command: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', command], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', APP_SECRET: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('embedded data directory lock', () => {
  it('refuses a second process on the same data directory with a clear message, and admits it afterwards', async () => {
    const dir = tempDir();
    const first = await openDatabase({ dataDir: dir });
    try {
      const refused = runCli(dir, 'migrate');
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(
        `already in use by another Invoice Portal process (pid ${process.pid})`,
      );
    } finally {
      await first.close();
    }
    const admitted = runCli(dir, 'migrate');
    expect(admitted.stderr).toBe('');
    expect(admitted.stdout).toContain('Database schema is up to date.');
    expect(admitted.status).toBe(0);
    // Two cold CLI processes (each compiles with tsx and opens PGlite, ~8 s alone) beside the full suite's
    // other files on two cores: each may take up to its own 60 s spawn timeout.
  }, 120_000);

  it('refuses a second open in the same process too', async () => {
    const dir = tempDir();
    const first = await openDatabase({ dataDir: dir });
    try {
      await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      await first.close();
    }
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']);
    writeFileSync(join(dir, '.invoice-portal.lock'), String(dead.pid));
    const db = await openDatabase({ dataDir: dir });
    await db.close();
  });
});
