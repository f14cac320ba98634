/**
 * A long-lived call (a WebSocket event subscription) is authenticated when it starts; this keeps
 * checking its token while it runs, so revoking a token, logging out or disabling an account ends the
 * subscriptions started with it within one check interval — on every replica, since the check reads the
 * database. In local mode every check passes (there is nothing to revoke).
 */
import { CoordinatorError } from '@agent-coordinator/shared';
import type { Identity } from './identity.ts';

export interface CredentialWatch {
  /** Aborts when the caller's signal does or when the token stops being valid. */
  readonly signal: AbortSignal;
  /** Why the token stopped being valid; null while it is (or when the call ended for another reason). */
  readonly refusal: () => CoordinatorError | null;
  stop(): void;
}

type Identify = (token: string | null, clientAddress: string) => Promise<Identity>;

export function watchCredential(identify: Identify, token: string | null, clientAddress: string, everyMs: number, parent?: AbortSignal): CredentialWatch {
  const controller = new AbortController();
  let refusal: CoordinatorError | null = null;
  const onParentAbort = (): void => controller.abort(parent?.reason);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  let checking = false;
  const timer = setInterval(() => {
    if (checking || controller.signal.aborted) return;
    checking = true;
    identify(token, clientAddress)
      .catch((error: unknown) => {
        // Only a refused token ends the call; a database hiccup is retried at the next check.
        if (error instanceof CoordinatorError && error.code === 'UNAUTHENTICATED') {
          refusal = new CoordinatorError('UNAUTHENTICATED', `the subscription ended: ${error.message} — sign in again and resubscribe`);
          controller.abort(refusal);
        }
      })
      .finally(() => (checking = false));
  }, everyMs);
  timer.unref();
  const stop = (): void => {
    clearInterval(timer);
    parent?.removeEventListener('abort', onParentAbort);
  };
  controller.signal.addEventListener('abort', stop, { once: true });
  return { signal: controller.signal, refusal: () => refusal, stop };
}
