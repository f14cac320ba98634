/**
 * The allowed directions between the parts of the repository, checked by `npm run lint` (dependency-cruiser,
 * run once from the root as turbo's `//#lint:deps`; see turbo.json). Type-only imports count like any other:
 * a cycle through types is still two files that cannot be understood apart.
 *
 * Allowed directions (everything else below is a lint error):
 * - shared/ imports nothing from the repository: the zod contract both sides build on.
 * - extension/ imports shared/ freely and the server only as `import type` (the tRPC `AppRouter`): the
 *   extension talks to the server over the wire, never by running its code in the extension host.
 * - server/: composition (main.ts, index.ts, coordinator.ts, approval-appliers.ts, config.ts) → transports (trpc/, mcp/, http/,
 *   rest/, cli/, and the module routers `modules/<m>/<m>.router.ts`) → services and repositories
 *   (modules/, common/, db/, events/, embeddings/, ops/) → shared/. Services never import a transport.
 *   Transports may use each other: http/http-server.ts mounts the tRPC, MCP and REST endpoints, and the
 *   endpoints it mounts read bodies and credentials with the HTTP layer's helpers (http/body.ts,
 *   http/credentials.ts). So mcp/mcp-endpoint.ts importing those helpers is an endpoint using its host's
 *   helpers, not a violation; a helper importing an endpoint back would close a cycle and fail below.
 * - No import cycle anywhere in server/, shared/ or extension/.
 *
 * - server/src/modules/: the domain modules in layers (MODULE_LAYERS, bottom first). A module imports only
 *   modules of lower layers, so the modules form no cycle as folders either, not just as files (issue #19:
 *   task, lock, claim, policy, approval and guard used to import each other in a knot). Two exceptions, by
 *   design: entity files (`*.entity.ts`) may name any module's entity, since a foreign key is a reference to
 *   another table and the entities together are the one schema (they import nothing but entities); and a
 *   module may use a lower module's repository, not only its service (the claim takes its locks through the
 *   lock repository inside its own transaction, one round trip). A module that needs something from a
 *   higher one declares the interface it needs and coordinator.ts wires the implementation in
 *   (`task/task-lease-check.ts`, `task/duplicate-advice.ts`).
 *
 * Known exceptions: none.
 */

/**
 * The domain modules, bottom layer first; each imports only modules of earlier layers. A new module is
 * added to the lowest layer its imports allow (lint fails for a module that is in no layer).
 */
const MODULE_LAYERS = [
  ['agent'],
  ['approval', 'auth', 'file-state', 'mission'],
  ['policy', 'sprint'],
  ['task'],
  ['inbox', 'knowledge', 'lock', 'planning'],
  ['board', 'claim', 'guard', 'liveness'],
  ['adapter', 'event'],
];
const ALL_MODULES = MODULE_LAYERS.flat();
const ENTITY = '[.]entity[.]ts$';

/** For each module: never import a module of its own or a higher layer (entities excepted). */
const moduleLayerRules = MODULE_LAYERS.flatMap((layer, index) =>
  layer.map((module) => {
    const above = [...layer.filter((m) => m !== module), ...MODULE_LAYERS.slice(index + 1).flat()];
    return {
      name: `module-layers:${module}`,
      comment: `${module} may import only modules of lower layers (MODULE_LAYERS in .dependency-cruiser.cjs). If ${module} needs something from a higher module, declare the interface it needs in ${module} and wire the implementation in coordinator.ts; if the import is right, ${module} belongs in a higher layer.`,
      severity: 'error',
      from: { path: `^server/src/modules/${module}/`, pathNot: ENTITY },
      to: { path: `^server/src/modules/(${above.join('|')})/` },
    };
  }),
);

/** Service-side code: may depend on shared/ and on each other, never on a transport. */
const SERVICES = '^server/src/(modules|common|db|events|embeddings|ops)/';
const TRANSPORTS = '^server/src/(trpc|mcp|http|rest|cli)/';
/** Module routers are tRPC adapters kept beside their service (house style), so they count as transports. */
const MODULE_ROUTERS = '^server/src/modules/[^/]+/[^/]+[.]router[.]ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles make files that cannot be read, tested or moved apart. Move the shared piece into a file both import.',
      severity: 'error',
      from: { path: '^(server|shared|extension)/' },
      to: { circular: true },
    },
    {
      name: 'shared-imports-nothing-local',
      comment: 'shared/ is the contract both sides build on: it must not import the server or the extension.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(server|extension|test)/' },
    },
    {
      name: 'extension-imports-server-types-only',
      comment: 'The extension reaches the server over tRPC/MCP; import its types with `import type` only.',
      severity: 'error',
      from: { path: '^extension/' },
      to: { path: '^server/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'services-never-import-transports',
      comment: 'Services throw CoordinatorError and record events; only transports (tRPC, MCP, HTTP, REST, CLI) know the wire. Move the code the service needs out of the transport.',
      severity: 'error',
      from: { path: SERVICES, pathNot: MODULE_ROUTERS },
      to: { path: TRANSPORTS },
    },
    ...moduleLayerRules,
    {
      name: 'module-in-a-layer',
      comment: 'Every domain module is listed in MODULE_LAYERS (.dependency-cruiser.cjs), so the direction between modules is written down.',
      severity: 'error',
      from: { path: `^server/src/modules/(?!(${ALL_MODULES.join('|')})/)` },
      to: {},
    },
    {
      name: 'entities-import-only-entities',
      comment: 'The entities are the one schema: an entity names other entities (foreign keys) and column types, never a service or repository.',
      severity: 'error',
      from: { path: `^server/src/modules/.+${ENTITY}` },
      to: { path: '^server/src/modules/', pathNot: ENTITY },
    },
    {
      name: 'modules-never-import-the-composition',
      comment:
        'Wiring services together belongs to the composition root (server/src/coordinator.ts and the files beside it); a domain module that imports it, or holds wiring of its own, ties itself to every module it wires. Take what you need as a constructor parameter.',
      severity: 'error',
      from: { path: '^server/src/modules/' },
      to: { path: '^server/src/(coordinator|main|index|approval-appliers)[.]ts$' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a typo or a missing dependency (vscode is provided by the editor at run time).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: '^vscode$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // count `import type` edges too: a type-only cycle is still a cycle
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    // the workspaces resolve through their package.json `exports` to .ts sources
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js'],
    },
  },
};
