/** Worker side of agent-load.ts: builds one tRPC client per agent and runs the job's closed loop. */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@agent-coordinator/server';
import { closedLoop, timed, type LoopResult } from './closed-loop.ts';
import type { AgentJob, AgentReport, ClaimJob, LockJob } from './agent-load.ts';

type Client = TRPCClient<AppRouter>;

const clientFor = (url: string): Client => createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/trpc` })] });

type LoopReport = Omit<AgentReport, 'agentThreadBusy'>;

async function claims(job: ClaimJob): Promise<LoopReport> {
  const clients = job.agentIds.map(() => clientFor(job.url));
  const seen = new Set<string>();
  let duplicates = 0;
  let missingLocks = 0;
  const loop: LoopResult = await closedLoop(job.agentIds.length, job.timing, async (caller) => {
    const client = clients[caller];
    const agentId = job.agentIds[caller];
    if (!client || agentId === undefined) return 'stop';
    const { value, latencyMs } = await timed(() => client.get_next_task.mutate({ agent_id: agentId }));
    const task = value.task;
    if (!task) return 'stop'; // queue dry: the cell's seed was too small (reported as fewer claims)
    if (seen.has(task.task_id)) duplicates++;
    seen.add(task.task_id);
    const locked = new Set(value.locks.map((l) => l.path));
    if (!task.files.every((f) => locked.has(f))) missingLocks++;
    if (job.complete) await client.complete_task.mutate({ task_id: task.task_id, agent_id: agentId });
    return { label: 'claimed', latencyMs };
  });
  return { loop, duplicates, missingLocks, unexpected: 0 };
}

async function locks(job: LockJob): Promise<LoopReport> {
  const clients = job.agents.map(() => clientFor(job.url));
  let unexpected = 0;
  const loop = await closedLoop(job.agents.length, job.timing, async (caller, iteration) => {
    const client = clients[caller];
    const agent = job.agents[caller];
    if (!client || !agent) return 'stop';
    const refuse = agent.refusedPath !== null && job.refuseEvery > 0 && iteration % job.refuseEvery === job.refuseEvery - 1;
    const path = refuse && agent.refusedPath !== null ? agent.refusedPath : agent.ownPath;
    const { value, latencyMs } = await timed(() => client.lock_files.mutate({ paths: [path], agent_id: agent.id }));
    if (value.granted === refuse) unexpected++;
    if (value.granted) await client.release_files.mutate({ paths: [path], agent_id: agent.id });
    return { label: value.granted ? 'granted' : 'refused', latencyMs };
  });
  return { loop, duplicates: 0, missingLocks: 0, unexpected };
}

const job: AgentJob = workerData;
const before = performance.eventLoopUtilization();
const report = job.kind === 'claims' ? await claims(job) : await locks(job);
parentPort?.postMessage({ ...report, agentThreadBusy: performance.eventLoopUtilization(before).utilization } satisfies AgentReport);
