// The import rules of the layers (docs/architecture.md "Import rules"), checked by `npm run lint`.
// Only src/ and adapters/ are cruised: tests, benchmarks and scripts may reach anything.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles, type-only imports included (tsPreCompilationDeps).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'src/domain/ holds the business rules: it imports only itself, the pure helpers of src/lib/ and the ' +
        'parsers of src/xlsx/, and no framework, driver or Node module (hashing and zip libraries are pure).',
      from: { path: '^src/domain/' },
      to: {
        pathNot: ['^src/(domain|lib|xlsx)/', '^node_modules/(@noble/hashes|fflate)/'],
      },
    },
    {
      name: 'libsql-client-only-in-adapters',
      severity: 'error',
      comment: '@libsql/client only in adapters/ (and the Node-only legacy reader and backup store in src/node/).',
      from: { pathNot: ['^adapters/', '^src/node/'] },
      to: { path: '^node_modules/(@libsql/client|libsql)/' },
    },
    {
      name: 'transport-never-touches-storage',
      severity: 'error',
      comment:
        'Routes, pages and the HTTP middleware call services; they never import the schema, the adapters, drizzle ' +
        'or a driver.',
      from: { path: '^src/(routes|ui|http)/' },
      to: { path: ['^src/db/', '^adapters/', '^node_modules/(drizzle-orm|@libsql/client|libsql)/'] },
    },
    {
      name: 'node-modules-only-in-node-entry',
      severity: 'error',
      comment:
        'Node built-ins only in the Node entry (src/server.ts, src/node/) and the Node-only file adapter: the ' +
        'app, services and domain run on Workers too.',
      from: { path: '^src/', pathNot: ['^src/server\\.ts$', '^src/node/'] },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'services-below-transport',
      severity: 'error',
      comment:
        'Use cases (and the one-off legacy conversion in src/legacy/, held to the same rule) never import the HTTP ' +
        'layer, the pages or an entry point.',
      from: { path: '^src/(services|legacy)/' },
      to: {
        path: ['^src/(routes|http|ui|node)/', '^src/(app|server|worker)\\.ts$'],
      },
    },
    {
      name: 'adapters-meet-the-port',
      severity: 'error',
      comment: 'An adapter implements the storage port over the schema: it imports src/storage.ts, src/db/ and libraries.',
      from: { path: '^adapters/' },
      to: { path: '^src/', pathNot: ['^src/storage\\.ts$', '^src/db/'] },
    },
    {
      name: 'no-node-in-remote-adapter',
      severity: 'error',
      comment: 'The remote adapter runs on Workers: no Node built-in.',
      from: { path: '^adapters/libsql-remote\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
