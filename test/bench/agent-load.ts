/**
 * Runs simulated agents in a worker thread, so the coordinator under test keeps this thread's event loop
 * to itself as it would in its own process: each agent is its own tRPC client over HTTP, one request per
 * call (httpLink, no batching), on keep-alive connections to the loopback server.
 */
import { Worker } from 'node:worker_threads';
import type { LoopResult, Timing } from './closed-loop.ts';

/** Agents looping `get_next_task`; with `complete`, each claimed task is completed (untimed) before the next claim. */
export interface ClaimJob {
  readonly kind: 'claims';
  readonly url: string;
  readonly agentIds: readonly string[];
  readonly complete: boolean;
  readonly timing: Timing;
}

/**
 * Agents looping acquire + release of their own path. Every `refuseEvery`-th iteration (0: never) an
 * agent instead asks for a path inside another agent's held glob, which the coordinator refuses.
 */
export interface LockJob {
  readonly kind: 'locks';
  readonly url: string;
  readonly agents: readonly { readonly id: string; readonly ownPath: string; readonly refusedPath: string | null }[];
  readonly refuseEvery: number;
  readonly timing: Timing;
}

export type AgentJob = ClaimJob | LockJob;

export interface AgentReport {
  readonly loop: LoopResult;
  /** Claims only: tasks handed out twice (must be 0), and claims whose locks did not cover the task's files. */
  readonly duplicates: number;
  readonly missingLocks: number;
  /** Lock requests whose grant/refusal was not the expected one. */
  readonly unexpected: number;
  /** Share of the loop's time the agents' thread was busy (1.0: the load generator itself was the limit). */
  readonly agentThreadBusy: number;
}

export function runAgents(job: AgentJob): Promise<AgentReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./agent-load.worker.ts', import.meta.url), { workerData: job });
    let settled = false;
    worker.once('message', (report: AgentReport) => {
      settled = true;
      resolve(report);
      void worker.terminate(); // keep-alive sockets would hold it open for seconds
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`agent worker exited with code ${code} before reporting`));
    });
  });
}
