/**
 * Which `Host` and `Origin` a request may come with, decided the same way for every route (tRPC over
 * HTTP, the WebSocket upgrade, MCP, and anything added later): the defence against DNS rebinding and
 * against web pages driving the coordinator from a browser. Pure, so it is tested without a server.
 *
 * Local mode (no account, loopback only: every caller is the admin):
 * - `Host` must name loopback (`localhost`, `127.x.x.x`, `[::1]`, any port). A page on
 *   `attacker.example` whose name re-resolves to 127.0.0.1 still sends `Host: attacker.example`, and
 *   same-origin GETs carry no `Origin` at all, so the Host check is what stops rebinding.
 * - `Origin`, when present, must be loopback, a configured allowed origin, or a VS Code webview
 *   (`vscode-webview://`, `vscode-file://`): browsers set `Origin` themselves and a web page cannot
 *   make it a `vscode-*` scheme, so those come only from VS Code's own windows. `Origin: null`
 *   (sandboxed frames, `file://` pages) is foreign.
 * - Clients outside a browser (the extension host's tRPC client, the CLI, MCP SDK clients) send no
 *   `Origin` and a loopback `Host`: they pass unchanged.
 *
 * Accounts mode (every call needs a token): `Host` is not restricted — the server sits behind load
 * balancers and proxies under names it cannot know, and rebinding gains nothing without a token. A
 * browser request (one with an `Origin`) must come from the server's own origin (its host equal to the
 * `Host` header), from a configured allowed origin (`--allowed-origins`), from loopback when the server
 * is bound to loopback, or from a VS Code webview.
 *
 * /healthz, /readyz and /metrics are exempt in both modes: load balancers and scrapers probe them under
 * whatever name they route by, they change nothing, and they carry no task, agent or project data.
 */
import { isLoopback } from '../common/loopback.ts';

export interface OriginPolicy {
  /** Accounts mode: at least one account exists, so every call needs a token. */
  readonly accounts: boolean;
  /** The server listens on a loopback address only. */
  readonly boundToLoopback: boolean;
  /** Origins a browser may call from besides the defaults, as `scheme://host[:port]` (URL.origin form). */
  readonly allowedOrigins: readonly string[];
}

export interface RequestOrigin {
  readonly path: string;
  readonly host: string | undefined;
  readonly origin: string | undefined;
}

export type OriginDecision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/** Paths served to any Host and Origin (see the module comment). */
export const OPEN_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

const VSCODE_SCHEMES = new Set(['vscode-webview:', 'vscode-file:']);

const ALLOWED = { allowed: true } as const;

export function decideRequestOrigin(policy: OriginPolicy, request: RequestOrigin): OriginDecision {
  if (OPEN_PATHS.has(request.path)) return ALLOWED;
  if (!policy.accounts && !isLoopbackHost(request.host)) {
    return {
      allowed: false,
      reason:
        `refused Host ${JSON.stringify(request.host ?? '')}: a coordinator in local mode (no accounts) answers only requests addressed to ` +
        'localhost, 127.0.0.1 or [::1] — connect to http://127.0.0.1:PORT, or switch accounts on to serve other names (docs/accounts-and-projects.md)',
    };
  }
  if (request.origin === undefined || originAllowed(policy, request.origin, request.host)) return ALLOWED;
  return {
    allowed: false,
    reason:
      `refused Origin ${JSON.stringify(request.origin)}: browser pages may call this coordinator only from its own origin` +
      `${policy.accounts ? '' : ', loopback'} or an origin listed in --allowed-origins / COORDINATOR_ALLOWED_ORIGINS — add it there if you trust it`,
  };
}

function originAllowed(policy: OriginPolicy, origin: string, host: string | undefined): boolean {
  const url = parseUrl(origin);
  if (!url) return false;
  if (VSCODE_SCHEMES.has(url.protocol)) return true;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (policy.allowedOrigins.includes(url.origin)) return true;
  if (!policy.accounts || policy.boundToLoopback) {
    if (isLoopback(url.hostname)) return true;
  }
  // Same origin: the page was served under the name the request is addressed to. The scheme is not
  // compared: behind a TLS-terminating proxy the page is https while this server sees plain http.
  return policy.accounts && host !== undefined && url.host === host.toLowerCase();
}

/** `localhost`, `127.x.x.x` or `[::1]`, with any port; nothing else, and not a missing Host. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined || host === '') return false;
  const url = parseUrl(`http://${host}`);
  // Only a bare host[:port]: anything the URL parser had to reinterpret (userinfo, a path) is refused.
  if (!url || url.host !== host.toLowerCase().replace(/:80$/, '')) return false;
  return isLoopback(url.hostname);
}

/** `scheme://host[:port]` entries of --allowed-origins, normalised; throws naming the bad entry. */
export function parseAllowedOrigins(list: string): string[] {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const url = parseUrl(entry);
      const bare = url !== null && url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
      if (!url || !bare || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        throw new Error(`${JSON.stringify(entry)} is not an origin: write scheme://host[:port] such as https://board.example.com, without a path`);
      }
      return url.origin;
    });
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
