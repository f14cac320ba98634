/**
 * Deciding at startup whether the server may run: the first admin is created from the configuration
 * when there is no account yet, and a server without accounts — single-user local mode, where every
 * caller is the admin — binds only a loopback address. Anything else would hand the coordinator to
 * whoever can reach the port.
 */
import type { Config } from '../../config.ts';
import { isLoopback } from '../../common/loopback.ts';
import type { AuthService } from './auth.service.ts';

export async function requireAuthOffLoopback(config: Pick<Config, 'host' | 'adminName' | 'adminPassword'>, auth: AuthService): Promise<void> {
  if (config.adminPassword !== undefined) await auth.bootstrapAdmin(config.adminName, config.adminPassword);
  if (isLoopback(config.host) || (await auth.accountsMode())) return;
  throw new Error(
    `refusing to listen on ${config.host} without accounts: with no account the server runs in single-user local mode, ` +
      `where every caller is the admin, which is safe on loopback only. Set COORDINATOR_ADMIN_PASSWORD (and optionally ` +
      `COORDINATOR_ADMIN_NAME) to create the first admin and switch accounts on, or bind 127.0.0.1 (--host / HOST).`,
  );
}
