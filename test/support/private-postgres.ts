import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './smtp-sink.ts';

const run = promisify(execFile);

/** The server binaries: PG_BIN, else Debian's newest /usr/lib/postgresql/<version>/bin. */
const BIN_DIR = process.env.PG_BIN ?? debianBinDir();

function debianBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return join(root, versions[0] ?? '15', 'bin');
}

/**
 * A PostgreSQL cluster of its own for the fault tests, so restarting it disturbs no other test file: initdb
 * into a temporary directory, trust authentication, TCP on 127.0.0.1 at a free port and its unix socket in
 * that directory. `restart()` is `pg_ctl restart -m fast` (every connection is cut); `stop()` stops it
 * and deletes the directory.
 */
export interface PrivatePostgres {
  readonly port: number;
  /** A connection URL to `database` (default `postgres`) as the superuser `postgres`. */
  url(database?: string): string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Why the binaries cannot be used, or null when they can. */
export function privatePostgresUnavailable(): string | null {
  for (const tool of ['initdb', 'pg_ctl', 'postgres']) {
    if (!existsSync(join(BIN_DIR, tool))) return `${join(BIN_DIR, tool)} is missing`;
  }
  return null;
}

/** The command running a server binary, as the `postgres` user when we are root (initdb and postgres refuse root). */
function toolCommand(tool: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0
    ? ['runuser', ['-u', 'postgres', '--', join(BIN_DIR, tool), ...args]]
    : [join(BIN_DIR, tool), args];
}

async function pgTool(tool: string, args: string[]): Promise<string> {
  const [command, argv] = toolCommand(tool, args);
  const { stdout } = await run(command, argv, { timeout: 60_000 });
  return stdout;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'invoice-portal-pg-'));
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  // fsync off: a fast restart still writes everything through its shutdown checkpoint; only an operating
  // system crash could lose a commit, and these tests never cause one.
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=120`;
  const pgCtl = (...args: string[]) => pgTool('pg_ctl', ['-D', data, '-w', '-t', '60', ...args]);
  try {
    await pgTool('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
    await pgCtl('-l', join(dir, 'server.log'), '-o', serverOptions, 'start');
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let running = true;
  // A test process that ends without stop() (a failed hook, an interrupted run) still takes its cluster
  // down; only SIGKILL of the test process can leave one behind.
  const stopOnExit = () => {
    if (!running) return;
    running = false;
    try {
      execFileSync(...toolCommand('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']), { stdio: 'ignore' });
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopOnExit);
  return {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async restart() {
      await pgCtl('-m', 'fast', '-l', join(dir, 'server.log'), '-o', serverOptions, 'restart');
    },
    async stop() {
      if (!running) return;
      running = false;
      process.removeListener('exit', stopOnExit);
      try {
        await pgCtl('-m', 'immediate', 'stop');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
