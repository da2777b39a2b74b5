import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Fields that carry credentials, wherever a log call or a serializer puts them: HTTP
 * credential headers of requests and answers, and secret-named fields of logged objects.
 * Nothing logs them today; this keeps a future `log.debug({ headers })` or `{ body }` from
 * writing a password or session token to the log.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-csrf-token"]',
  ...['password', 'token', 'csrfToken', 'securityCode', 'bearer', 'smtpUrl', 'databaseUrl'].flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

/** The server's logger: JSON lines on stdout (or `destination`), credentials redacted. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'interlend' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
