/**
 * What the coordinator's parts report as they work: the instrumentation points, called explicitly by
 * the part that does the work (the event log on commit, the bus on hand-over, the lock service on a
 * request's answer). The composition root (coordinator.ts) injects one implementation into all of them;
 * /metrics renders it (prometheus-metrics.ts). Parts built without one get `NO_METRICS`.
 */
import type { CoordinatorEvent, EventPayload } from '@agent-coordinator/shared';

export interface Metrics {
  /** Events a change made through this replica committed (counted by type; `task.claimed` counts a claim). */
  eventsCommitted(payloads: readonly EventPayload[]): void;
  /** An event handed to this replica's subscribers (the delivery latency runs from its `at`). */
  eventDelivered(event: CoordinatorEvent): void;
  /** A lock request answered: granted, or refused naming `conflicts` holders. */
  lockAnswered(answer: { readonly granted: boolean; readonly conflicts: number }): void;
}

/** Counts nothing: for parts built outside a server (tests, the CLI). */
export const NO_METRICS: Metrics = {
  eventsCommitted: () => undefined,
  eventDelivered: () => undefined,
  lockAnswered: () => undefined,
};
