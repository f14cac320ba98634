/**
 * What a request presents to authenticate with, the same for every transport: `Authorization: Bearer
 * <token>` and `X-Coordinator-Project` headers, or for a WebSocket the connection params `token` and
 * `project` (browsers and VS Code cannot set headers on a WebSocket). Nothing here is ever logged.
 */
import type { IncomingMessage } from 'node:http';
import { PROJECT_HEADER } from '@agent-coordinator/shared';

export interface PresentedCredentials {
  readonly token: string | null;
  readonly project: string | null;
  readonly clientAddress: string;
}

export function presentedCredentials(req: IncomingMessage, connectionParams?: Readonly<Record<string, string | undefined>> | null): PresentedCredentials {
  const authorization = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? null;
  const header = req.headers[PROJECT_HEADER];
  const project = typeof header === 'string' && header !== '' ? header : null;
  return {
    token: nonEmpty(connectionParams?.['token']) ?? bearer,
    project: nonEmpty(connectionParams?.['project']) ?? project,
    clientAddress: req.socket.remoteAddress ?? 'unknown',
  };
}

const nonEmpty = (value: string | undefined): string | null => (value === undefined || value === '' ? null : value);
