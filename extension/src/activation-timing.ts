/**
 * How long activation took, in wall time and in the CPU time of the extension host's main thread.
 * Wall time is what a user waits; CPU time is what the extension itself costs, whatever else the machine
 * runs (on two cores that also start Chromium, code-server and a coordinator, wall time is mostly the
 * machine). The bundle's first and last lines (scripts/build.ts) stamp both around module evaluation.
 * Where Node lacks `process.threadCpuUsage` (before 23.9) the whole process's CPU time stands in.
 */
import type { ActivationTiming } from './api.ts';

type Stamp = readonly [wallMs: number, cpu: NodeJS.CpuUsage];

declare const __agentCoordinatorLoadStart: Stamp | undefined;
declare const __agentCoordinatorLoadEnd: Stamp | undefined;

/** Optional in the Node of older VS Code builds, whatever @types/node says. */
const threadCpuUsage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage;
const cpuNow = (): NodeJS.CpuUsage => (threadCpuUsage ?? process.cpuUsage).call(process);
const cpuMs = (from: NodeJS.CpuUsage, to: NodeJS.CpuUsage): number => (to.user - from.user + to.system - from.system) / 1000;

/** Starts timing `activate`; the returned function ends it and adds the bundle's evaluation, when stamped. */
export function startActivationTiming(): () => ActivationTiming {
  const wall = performance.now();
  const cpu = cpuNow();
  return () => {
    const start = typeof __agentCoordinatorLoadStart === 'object' ? __agentCoordinatorLoadStart : null;
    const end = typeof __agentCoordinatorLoadEnd === 'object' ? __agentCoordinatorLoadEnd : null;
    return {
      activateMs: performance.now() - wall,
      activateCpuMs: cpuMs(cpu, cpuNow()),
      moduleEvaluationMs: start && end ? end[0] - start[0] : null,
      moduleEvaluationCpuMs: start && end ? cpuMs(start[1], end[1]) : null,
    };
  };
}
