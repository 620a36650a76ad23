import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { cruise, type IConfiguration } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The house rules of ARCHITECTURE.md ("Layers and the arrows between them", "Data access"), checked on
 * the source tree: the layer arrows (dependency-cruiser, the same rules `npm run lint` runs), no query in
 * the HTTP adapter, and no overfull file.
 */

const root = join(import.meta.dirname, '../..');
const config = createRequire(import.meta.url)(join(root, '.dependency-cruiser.cjs')) as IConfiguration;

async function violations(baseDir: string) {
  const result = await cruise(
    ['src'],
    {
      ...config.options,
      ruleSet: { forbidden: config.forbidden ?? [] },
      baseDir,
      validate: true,
      outputType: 'json',
    },
    undefined,
    baseDir === root ? { tsConfig: { fileName: join(root, 'tsconfig.json') } } : undefined,
  );
  const output = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
  return (output.summary.violations as { rule: { name: string }; from: string; to: string }[]).map(
    (v) => `${v.rule.name}: ${v.from} → ${v.to}`,
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|mjs)$/.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

const fixtures: string[] = [];
afterAll(() => {
  for (const dir of fixtures) rmSync(dir, { recursive: true, force: true });
});

/** A throw-away tree of modules: path → source. */
function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'house-rules-'));
  fixtures.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('the layer rules', () => {
  it('hold for the source tree', async () => {
    expect(await violations(root)).toEqual([]);
  }, 60_000);

  it.each([
    ['the domain importing a use case', 'src/domain/rule.ts', 'src/app/use-case.ts', 'domain-is-pure'],
    [
      'the kernel importing the database layer',
      'src/core/kernel.ts',
      'src/db/query.ts',
      'core-is-the-bottom',
    ],
    ['the web tools importing the portal', 'src/web/html.ts', 'src/portal/view.ts', 'web-is-shared'],
    ['the database layer importing a use case', 'src/db/query.ts', 'src/app/use-case.ts', 'db-below-app'],
    [
      'a migration importing live code',
      'src/db/migrations/0099-x.ts',
      'src/mail/text.ts',
      'migrations-are-frozen',
    ],
    ['a use case importing an HTTP route', 'src/app/use-case.ts', 'src/http/route.ts', 'http-is-inbound'],
    ['a use case importing a worker', 'src/app/use-case.ts', 'src/workers/worker.ts', 'workers-are-inbound'],
    ['an adapter importing a use case', 'src/mail/text.ts', 'src/app/use-case.ts', 'adapters-below-app'],
  ])('refuse %s', async (_what, from, to, rule) => {
    const spec = relative(dirname(from), to);
    const dir = fixture({
      [from]: `import { x } from '${spec.startsWith('.') ? spec : `./${spec}`}';\nexport const y = x;\n`,
      [to]: 'export const x = 1;\n',
    });
    expect(await violations(dir)).toContain(`${rule}: ${from} → ${to}`);
  });

  it('refuse an import cycle', async () => {
    const dir = fixture({
      'src/app/a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n",
      'src/app/b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n",
    });
    expect((await violations(dir)).some((v) => v.startsWith('no-circular: src/app/a.ts'))).toBe(true);
  });

  it('refuse Kysely in the HTTP adapter', async () => {
    const dir = fixture({
      'src/http/route.ts': "import { sql } from 'kysely';\nexport const q = sql`select 1`;\n",
      'node_modules/kysely/package.json': '{"name":"kysely","main":"index.js"}',
      'node_modules/kysely/index.js': 'exports.sql = () => {};\n',
    });
    expect((await violations(dir)).some((v) => v.startsWith('http-never-queries: src/http/route.ts'))).toBe(
      true,
    );
  });
});

describe('data access', () => {
  it('no file of the HTTP adapter builds or runs a query', () => {
    const querying = sourceFiles(join(root, 'src/http')).filter((file) =>
      /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql`|\.execute\(\)|executeTakeFirst/.test(
        readFileSync(join(root, file), 'utf8'),
      ),
    );
    expect(querying).toEqual([]);
  });
});

describe('room sizes', () => {
  it('no source file is over 450 lines, except the message catalogs and the migrations', () => {
    const overfull = sourceFiles(join(root, 'src'))
      .filter(
        (file) => !/^src\/i18n\/[a-z-]+-messages\.ts$/.test(file) && !file.startsWith('src/db/migrations/'),
      )
      .map((file) => ({ file, lines: readFileSync(join(root, file), 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > 450);
    expect(overfull).toEqual([]);
  });
});
