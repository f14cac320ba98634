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
 * Known exceptions: none at file level today. The domain modules (task, lock, claim, policy, approval,
 * guard) import each other as folders (issue #19), but no two files import each other, so the cycle rule
 * has nothing to exempt; a new file cycle among them fails like any other.
 */

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
