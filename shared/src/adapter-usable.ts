/**
 * Whether an adapter can start a run, apart from its schemas (adapter.ts) so that the extension and the
 * dashboard can ask without bundling zod: this module has no runtime import.
 */
import type { AdapterHealth } from './adapter.ts';

/** Whether an adapter can start a run now: installed, and neither unauthenticated nor unreachable. */
export const isAdapterUsable = (health: AdapterHealth): boolean =>
  health.installed && health.authenticated !== false && health.reachable !== false;
