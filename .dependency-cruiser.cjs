/**
 * The layers of the house (ARCHITECTURE.md, "Layers and the arrows between them"), checked by
 * `npm run lint`. A rule's comment says what it keeps; each arrow it forbids points up the house.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No module may reach itself through its imports.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'The domain imports nothing of ours but the domain and the kernel, and no package.',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/', '^src/core/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'core-is-the-bottom',
      severity: 'error',
      comment: 'The shared kernel imports nothing above it.',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'web-is-shared',
      comment:
        'The web tools (html tag, brand colours, formatters) serve the portal, the e-mails, the PDF and the back office: they import only the kernel and the domain.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/', pathNot: ['^src/web/', '^src/core/', '^src/domain/'] },
    },
    {
      name: 'migrations-are-frozen',
      severity: 'error',
      comment: 'A migration never imports live code: what it writes must not change when the code does.',
      from: { path: '^src/db/migrations/' },
      to: { path: '^src/', pathNot: ['^src/db/migrations/'] },
    },
    {
      name: 'db-below-app',
      severity: 'error',
      comment: 'The database layer never imports use cases, inbound adapters or views.',
      from: { path: '^src/db/' },
      to: { path: '^src/(app|http|workers|portal|back-office|mail|documents|payments|i18n|web|metrics)/' },
    },
    {
      name: 'http-is-inbound',
      severity: 'error',
      comment: 'Nothing below the HTTP adapter imports it (only main and the CLI wire it).',
      from: { path: '^src/', pathNot: ['^src/http/', '^src/main\\.ts$', '^src/cli\\.ts$'] },
      to: { path: '^src/http/' },
    },
    {
      name: 'workers-are-inbound',
      severity: 'error',
      comment: 'Nothing below the job workers imports them (only main wires them).',
      from: { path: '^src/', pathNot: ['^src/workers/', '^src/main\\.ts$', '^src/cli\\.ts$'] },
      to: { path: '^src/workers/' },
    },
    {
      name: 'http-never-queries',
      severity: 'error',
      comment: 'HTTP routes call use cases and repositories; they never build a query (ARCHITECTURE.md).',
      from: { path: '^src/http/' },
      to: { path: '(^|/)node_modules/kysely/' },
    },
    {
      name: 'adapters-below-app',
      severity: 'error',
      comment:
        'Ports and their adapters (PDF, mail, payments, views, catalogs, metrics) never import use cases.',
      from: { path: '^src/(documents|mail|payments|portal|back-office|i18n|web|jobs|metrics)/' },
      to: { path: '^src/(app|workers)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: false,
  },
};
