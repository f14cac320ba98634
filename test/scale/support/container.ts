/**
 * The server container's recipe, read from the Dockerfile and docker-compose.yml themselves, so a test
 * starts the server exactly as the container would: the image's CMD as the command (run from the
 * repository root, the image's WORKDIR), the image's ENV plus the compose service's environment, and the
 * HEALTHCHECK's command. Only what a container gets from its surroundings is replaced: the addresses of
 * PostgreSQL and NATS, and the port and address to bind (loopback, a free port).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ContainerRecipe {
  /** CMD of the final stage, e.g. ["node", "server/src/cli/main.ts", "serve"]. */
  readonly command: readonly string[];
  readonly workdir: string;
  /** ENV of the final stage, then the compose service's `environment`. */
  readonly env: Readonly<Record<string, string>>;
  /** Compose variables the operator must set (`${VAR:?message}`), such as the first admin's password. */
  readonly operatorSupplied: readonly string[];
  readonly healthcheck: readonly string[];
  readonly user: string | null;
  readonly composeServices: readonly string[];
}

/** Dockerfile instructions of the final stage, continuation lines joined. */
function finalStage(dockerfile: string): { readonly instruction: string; readonly args: string }[] {
  const lines = dockerfile.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  const instructions = lines
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [instruction = '', ...rest] = line.split(/\s+/);
      return { instruction: instruction.toUpperCase(), args: rest.join(' ') };
    });
  const lastFrom = instructions.map((i) => i.instruction).lastIndexOf('FROM');
  return instructions.slice(lastFrom + 1);
}

function jsonArray(text: string, what: string): string[] {
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) throw new Error(`${what}: expected the exec form ["…"]`);
  return value;
}

/** `ENV A=1 B="two words"` → { A: '1', B: 'two words' }. */
function envPairs(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)) {
    const [, key, raw, quoted] = match;
    if (key !== undefined) env[key] = quoted ?? raw ?? '';
  }
  return env;
}

export async function readContainerRecipe(service = 'coordinator-1'): Promise<ContainerRecipe> {
  const dockerfile = await readFile(new URL('Dockerfile', `file://${REPO_ROOT}`), 'utf8');
  const stage = finalStage(dockerfile);
  let command: string[] | null = null;
  let healthcheck: string[] | null = null;
  let workdir = '/';
  let user: string | null = null;
  const env: Record<string, string> = {};
  for (const { instruction, args } of stage) {
    if (instruction === 'CMD') command = jsonArray(args, 'CMD');
    if (instruction === 'WORKDIR') workdir = args;
    if (instruction === 'USER') user = args;
    if (instruction === 'ENV') Object.assign(env, envPairs(args));
    if (instruction === 'HEALTHCHECK') {
      const at = args.indexOf('CMD ');
      if (at >= 0) healthcheck = jsonArray(args.slice(at + 4).trim(), 'HEALTHCHECK CMD');
    }
  }
  if (!command) throw new Error('Dockerfile: no CMD in the final stage');
  if (!healthcheck) throw new Error('Dockerfile: no HEALTHCHECK CMD in the final stage');

  const compose: unknown = parse(await readFile(new URL('docker-compose.yml', `file://${REPO_ROOT}`), 'utf8'));
  const services = isRecord(compose) && isRecord(compose['services']) ? compose['services'] : {};
  const own = services[service];
  const environment = isRecord(own) && isRecord(own['environment']) ? own['environment'] : {};
  const operatorSupplied: string[] = [];
  for (const [key, value] of Object.entries(environment)) {
    // `${VAR:?…}`: compose takes it from the operator's environment (a secret); a test supplies its own.
    if (/^\$\{/.test(String(value))) operatorSupplied.push(key);
    else env[key] = String(value);
  }
  return { command, workdir, env, operatorSupplied, healthcheck, user, composeServices: Object.keys(services) };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
