/**
 * Whether this CLI runs from the built package, and which: scripts/bundle.ts defines
 * `__AGENT_COORDINATOR_PACKAGE__` at build time; the TypeScript sources of a checkout leave it undefined.
 * What the CLI writes for others to run (hooks) depends on it: a package can be named, a checkout only
 * pointed at.
 */

export interface PackageInfo {
  /** The npm package name, as `npx --yes <name>@<version>` fetches it. */
  readonly name: string;
  readonly version: string;
}

declare const __AGENT_COORDINATOR_PACKAGE__: PackageInfo | undefined;

/** The package this CLI was built as; undefined when it runs from a checkout's sources. */
export const PACKAGE: PackageInfo | undefined = typeof __AGENT_COORDINATOR_PACKAGE__ === 'undefined' ? undefined : __AGENT_COORDINATOR_PACKAGE__;
