/**
 * Structured logs: one JSON object per line on stderr (`time`, `level`, `msg`, then fields), which a
 * container runtime or log shipper takes as it is. Errors carry `error` (message) and `stack`.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger adding these fields to every line (for example the replica id). */
  child(fields: LogFields): Logger;
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Error → fields, following `cause` so a wrapped database or NATS error stays visible. */
export function errorFields(error: unknown): LogFields {
  if (!(error instanceof Error)) return { error: String(error) };
  const code = (error as { code?: unknown }).code;
  const cause = error.cause === undefined ? {} : { cause: errorFields(error.cause) };
  return { error: error.message, ...(code === undefined ? {} : { code: String(code) }), stack: error.stack, ...cause };
}

export function jsonLogger(options: { readonly level?: LogLevel; readonly write?: (line: string) => void; readonly fields?: LogFields } = {}): Logger {
  const min = RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const base = options.fields ?? {};
  const emit = (level: LogLevel, msg: string, fields: LogFields = {}): void => {
    if (RANK[level] < min) return;
    let line: string;
    try {
      line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...fields });
    } catch {
      line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, note: 'fields not serialisable' });
    }
    write(`${line}\n`);
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (fields) => jsonLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

const isLevel = (value: string | undefined): value is LogLevel => value !== undefined && Object.hasOwn(RANK, value);
const configuredLevel = process.env['COORDINATOR_LOG_LEVEL'];

/** The process's logger; `COORDINATOR_LOG_LEVEL` (debug, info, warn, error) sets the threshold. */
export const logger: Logger = jsonLogger({ level: isLevel(configuredLevel) ? configuredLevel : 'info' });
