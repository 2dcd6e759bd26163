// A small line logger. Each line is `<ISO time> <message> <fields as JSON>`: the message comes
// right after the time (operators grep for `Database path:`, `WARNING:`, `Shutdown complete`),
// and a request's lines carry its requestId, so a request can be lined up with a signal. Field
// names that look like secrets are redacted here, as a last line of defence: callers never pass
// secrets on purpose. A custom sink (tests) receives the line without the time.
// URLs in a finished line lose their user info and credential parameters.
import { redactUrlsInText } from './lib/redact-url';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /pass|token|secret|authorization|cookie|private|credential|api[-_]?key|jwt/i;

// drizzle's "Failed query: <sql>\nparams: <values>" carries the bound values (a password hash, a
// session id, the session secret...): the SQL stays, the values go. The cause (the driver's own
// message, e.g. "no such table") is what an operator needs and holds no values.
const PARAMS = /\nparams: [\s\S]*?(?=\n\s+at |$)/;
const withoutParams = (text: string | undefined) => text?.replace(PARAMS, '\nparams: [redacted]');

function describeError(error: Error): LogFields {
  const cause = error.cause instanceof Error ? withoutParams(error.cause.message) : undefined;
  return {
    name: error.name,
    message: withoutParams(error.message),
    ...(cause ? { cause } : {}),
    stack: withoutParams(error.stack),
  };
}

export function redactFields(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_KEY.test(key)) out[key] = '[redacted]';
    else if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Error)) {
      out[key] = redactFields(value as LogFields);
    } else if (value instanceof Error) {
      out[key] = describeError(value);
    } else out[key] = value;
  }
  return out;
}

/**
 * Replaces every occurrence of the given secret values (the configured passwords, tokens and
 * keys) in a finished line: a message that interpolated one by mistake still never prints it.
 */
export function secretScrubber(secrets: readonly (string | undefined)[]): (line: string) => string {
  // Short values would blank out ordinary words; every real secret here is long.
  const values = [...new Set(secrets.filter((s): s is string => !!s && s.length >= 8))].sort(
    (a, b) => b.length - a.length,
  );
  if (values.length === 0) return (line) => line;
  return (line) => values.reduce((out, value) => out.split(value).join('[redacted]'), line);
}

export function createLogger(
  level: LogLevel = 'info',
  write?: (level: LogLevel, line: string) => void,
  opts: { secrets?: readonly (string | undefined)[] } = {},
): Logger {
  const scrub = secretScrubber(opts.secrets ?? []);
  const sink =
    write ??
    ((lvl: LogLevel, line: string) => {
      const stamped = `${new Date().toISOString()} ${line}`;
      if (lvl === 'error' || lvl === 'warn') console.error(stamped);
      else console.log(stamped);
    });
  const emit = (lvl: LogLevel) => (message: string, fields?: LogFields) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const suffix = fields && Object.keys(fields).length ? ' ' + JSON.stringify(redactFields(fields)) : '';
    sink(lvl, redactUrlsInText(scrub(message + suffix)));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
