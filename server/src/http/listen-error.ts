/**
 * Why the server could not listen, as one line that says what to do: a port in use names who holds it
 * when that can be told (another coordinator answers /healthz there: its URL), an address that cannot be
 * bound or a port that needs privileges says so. Anything else is returned unchanged.
 */
import { CoordinatorError } from '@agent-coordinator/shared';

const codeOf = (error: unknown): unknown => (error instanceof Error && 'code' in error ? error.code : undefined);

/** Whether a coordinator answers at `url`: its /healthz carries the knowledge status only it reports. */
async function coordinatorAt(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1500) });
    const body: unknown = await res.json();
    return typeof body === 'object' && body !== null && 'status' in body && 'knowledge' in body;
  } catch {
    return false;
  }
}

export async function describeListenError(error: unknown, host: string, port: number): Promise<unknown> {
  const code = codeOf(error);
  const where = `port ${port} on ${host}`;
  if (code === 'EADDRINUSE') {
    const probeHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    const url = `http://${probeHost.includes(':') ? `[${probeHost}]` : probeHost}:${port}`;
    const holder = (await coordinatorAt(url)) ? `by another coordinator, which answers at ${url}: use it, or stop it` : 'by another program: stop it';
    return new CoordinatorError('CONFLICT', `${where} is in use ${holder}, or pass --port (0 picks a free one)`);
  }
  if (code === 'EACCES') return new CoordinatorError('FORBIDDEN', `${where} needs privileges to bind: pass --port above 1023`);
  if (code === 'EADDRNOTAVAIL') return new CoordinatorError('VALIDATION', `${host} is not an address of this machine: pass --host 127.0.0.1 or one of its addresses`);
  return error;
}
