/**
 * Where a cell's CPU went, from /proc: each replica process, the PostgreSQL and nats-server processes,
 * this bench process (the agents' threads included) and the whole machine. With everything on one
 * machine these say what bounds a figure: a process at one core, or the machine at all of its cores.
 */
import { readdir, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';

const TICKS_PER_SECOND = 100; // USER_HZ

export interface CpuShares {
  /** Per replica, in cores (1.0: one core all the time). */
  readonly replicas: readonly number[];
  readonly postgres: number;
  readonly nats: number;
  /** This process: the agents (or subscribers) driving the cell. */
  readonly bench: number;
  /** Share of all the machine's cores in use. */
  readonly machine: number;
  readonly cores: number;
}

/** CPU ticks (user + system) a process has used so far, and its command name. */
async function processTicks(pid: string): Promise<{ command: string; ticks: number } | null> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { command: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** Ticks so far of every process whose command starts with one of `commands`, summed per command. */
async function ticksByCommand(commands: readonly string[]): Promise<Map<string, number>> {
  const sums = new Map<string, number>(commands.map((c) => [c, 0]));
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const process = await processTicks(pid);
    const command = process && commands.find((c) => process.command.startsWith(c));
    if (process && command) sums.set(command, (sums.get(command) ?? 0) + process.ticks);
  }
  return sums;
}

/** Busy and total ticks of the whole machine so far (the `cpu` line of /proc/stat). */
async function machineTicks(): Promise<{ busy: number; total: number }> {
  const stat = await readFile('/proc/stat', 'utf8').catch(() => '');
  const ticks = (stat.split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((sum, t) => sum + t, 0);
  return { busy: total - (ticks[3] ?? 0) - (ticks[4] ?? 0), total }; // minus idle and iowait
}

interface Reading {
  readonly at: number;
  readonly replicas: readonly number[];
  readonly services: Map<string, number>;
  readonly bench: number;
  readonly machine: { busy: number; total: number };
}

async function read(replicaPids: readonly (number | undefined)[]): Promise<Reading> {
  const [replicas, services, machine] = await Promise.all([
    Promise.all(replicaPids.map(async (pid) => (pid === undefined ? Number.NaN : ((await processTicks(String(pid)))?.ticks ?? Number.NaN)))),
    ticksByCommand(['postgres', 'nats-server']),
    machineTicks(),
  ]);
  const usage = process.cpuUsage();
  return { at: performance.now(), replicas, services, bench: ((usage.user + usage.system) / 1e6) * TICKS_PER_SECOND, machine };
}

/** Starts watching; `stop()` gives each party's CPU over the time between. */
export function watchCpu(replicaPids: readonly (number | undefined)[]): { stop(): Promise<CpuShares> } {
  const before = read(replicaPids);
  return {
    async stop() {
      const [a, b] = [await before, await read(replicaPids)];
      const seconds = (b.at - a.at) / 1000;
      const cores = (ticks: number): number => ticks / TICKS_PER_SECOND / seconds;
      const service = (name: string): number => cores((b.services.get(name) ?? 0) - (a.services.get(name) ?? 0));
      return {
        replicas: b.replicas.map((t, i) => cores(t - (a.replicas[i] ?? Number.NaN))),
        postgres: service('postgres'),
        nats: service('nats-server'),
        bench: cores(b.bench - a.bench),
        machine: b.machine.total > a.machine.total ? (b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total) : Number.NaN,
        cores: availableParallelism(),
      };
    },
  };
}
