import { resolve } from 'node:path';

/** Where the server listens and keeps its data: flags win over environment variables. */
export interface ServerSettings {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: string;
  /** Operator knobs for delivery and timers; tests shorten them. */
  outboxBaseDelayMs: number | undefined;
  outboxMaxAttempts: number | undefined;
  /** Longest wait between two attempts: a partner back after a long outage is tried again within it. */
  outboxMaxDelayMs: number | undefined;
  /** How long a claimed message stays leased; a process killed mid-delivery holds its claims this long. */
  outboxLeaseMs: number | undefined;
  expiryIntervalMs: number | undefined;
}

export interface SettingFlags {
  port?: string;
  host?: string;
  dataDir?: string;
}

export class SettingsError extends Error {}

export function resolveSettings(flags: SettingFlags, env: NodeJS.ProcessEnv): ServerSettings {
  const portText = flags.port ?? env.PORT ?? '8080';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new SettingsError(`PORT must be a whole number from 0 to 65535, not "${portText}"`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new SettingsError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  return {
    port,
    host: flags.host ?? env.HOST ?? '0.0.0.0',
    dataDir: resolve(flags.dataDir ?? env.DATA_DIR ?? './data'),
    databaseUrl,
    logLevel: env.LOG_LEVEL ?? 'info',
    outboxBaseDelayMs: positiveInteger(env, 'INTERLEND_OUTBOX_BASE_DELAY_MS'),
    outboxMaxAttempts: positiveInteger(env, 'INTERLEND_OUTBOX_MAX_ATTEMPTS'),
    outboxMaxDelayMs: positiveInteger(env, 'INTERLEND_OUTBOX_MAX_DELAY_MS'),
    outboxLeaseMs: positiveInteger(env, 'INTERLEND_OUTBOX_LEASE_MS'),
    expiryIntervalMs: positiveInteger(env, 'INTERLEND_EXPIRY_INTERVAL_MS'),
  };
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new SettingsError(`${name} must be a positive whole number, not "${text}"`);
  return value;
}
