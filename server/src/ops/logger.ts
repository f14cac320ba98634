/**
 * The one structured logger (pino): one JSON object per line on stderr with `level` (a name), `time`
 * (ISO 8601), `msg` and the fields, which a container runtime or log shipper takes as it is. Errors
 * carry `error` (message), `code` and `stack` (`errorFields`).
 *
 * Secrets never reach a line: fields named like a password, token, secret or authorization header are
 * replaced by `[redacted]` wherever they sit (redact.ts), and so is any Bearer credential, coordinator
 * token (`act_…`, `ac_…`) or password inside a URL found in a message or a field's text.
 */
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { redactSecrets } from './redact.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger adding these fields to every line (for example the replica id or a component). */
  child(fields: LogFields): Logger;
}

/** Error → fields, following `cause` so a wrapped database or NATS error stays visible. */
export function errorFields(error: unknown): LogFields {
  if (!(error instanceof Error)) return { error: String(error) };
  const code = (error as { code?: unknown }).code;
  const cause = error.cause === undefined ? {} : { cause: errorFields(error.cause) };
  return { error: error.message, ...(code === undefined ? {} : { code: String(code) }), stack: error.stack, ...cause };
}

const wrap = (base: PinoLogger): Logger => {
  const emit = (level: LogLevel) => (msg: string, fields?: LogFields) => {
    if (!base.isLevelEnabled(level)) return;
    base[level](fields === undefined ? {} : (redactSecrets(fields) as object), redactSecrets(msg) as string);
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (fields) => wrap(base.child(redactSecrets(fields) as object)),
  };
};

export function jsonLogger(options: { readonly level?: LogLevel; readonly write?: (line: string) => void; readonly fields?: LogFields } = {}): Logger {
  const destination: DestinationStream = options.write
    ? { write: options.write }
    : pino.destination({ fd: 2, sync: true }); // synchronous: the last lines before an exit are not lost
  const base = pino(
    {
      level: options.level ?? 'info',
      base: null, // no pid/hostname: the container knows them; the replica id is a field where it matters
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return wrap(options.fields ? base.child(redactSecrets(options.fields) as object) : base);
}

const LEVELS: readonly string[] = ['debug', 'info', 'warn', 'error'];
const isLevel = (value: string | undefined): value is LogLevel => value !== undefined && LEVELS.includes(value);
const configuredLevel = process.env['COORDINATOR_LOG_LEVEL'];

/** The process's logger; `COORDINATOR_LOG_LEVEL` (debug, info, warn, error) sets the threshold. */
export const logger: Logger = jsonLogger({ level: isLevel(configuredLevel) ? configuredLevel : 'info' });
