/**
 * Who still watches a run after a restart: the server id written on each run (host/pid/instance), and
 * the agent's process recognised by the run id in its environment — never by a pid alone, which the
 * system may have reused.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Run services open in this process, by the server id written on their runs. */
export const OPEN_SERVERS = new Set<string>();

/**
 * Whether the server that wrote `serverId` may still be watching its runs: another host's server is
 * assumed alive (it settles its own runs); in this process, only a run service still open; on this
 * host, a live process of that pid.
 */
export const isServerAlive = (serverId: string): boolean => {
  const [host, pid] = serverId.split('/');
  if (host !== hostname()) return true;
  if (Number(pid) === process.pid) return OPEN_SERVERS.has(serverId);
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
};

/** Whether `pid` is still this run's agent (its environment names the run), not a reused pid. */
export const isRunProcess = (pid: number, runId: string): boolean => {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`AGENT_COORDINATOR_RUN=${runId}`);
  } catch {
    return false;
  }
};
