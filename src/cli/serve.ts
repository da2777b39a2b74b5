import { fileURLToPath } from 'node:url';
import { loadConfigFile } from '../config/loadConfigFile.js';
import { createInterlend, type Interlend } from '../runtime/interlend.js';
import { createLogger } from '../runtime/logger.js';
import { applyNetworkConfig } from '../services/applyNetworkConfig.js';
import { openDatabase } from '../store/database.js';
import { countInstitutions } from '../store/institutionRepository.js';
import { migrateToLatest } from '../store/migrate.js';
import { underStartLock } from '../store/startLock.js';
import type { ServerSettings } from './settings.js';

export const DEMO_CONSORTIUM_FILE = fileURLToPath(new URL('../../config/demo-consortium.yaml', import.meta.url));

export interface ServeOptions {
  settings: ServerSettings;
  /** A network file to load at every start; without it an empty database gets the demo. */
  configFile?: string | undefined;
  /** Opens the REST API without authentication (until staff accounts exist). */
  demoMode: boolean;
}

/**
 * Starts one server process: migrate, load the network file, listen. Resolves once
 * listening; a config problem raises ConfigError before anything is written.
 */
export async function serve(options: ServeOptions): Promise<{ url: string; stop: () => Promise<void> }> {
  const { settings } = options;
  const logger = createLogger(settings.logLevel);
  // Parse the file before touching the database, so a typo costs nothing.
  const config = options.configFile ? loadConfigFile(options.configFile) : undefined;

  const database = openDatabase({
    databaseUrl: settings.databaseUrl,
    dataDir: settings.dataDir,
    onConnectionError: (error) => logger.warn({ err: error }, 'database connection lost; the pool will reconnect'),
  });
  let interlend: Interlend;
  try {
    // Several processes may start at once on one PostgreSQL database: they take turns here.
    interlend = await underStartLock(database, async () => {
      const { applied } = await migrateToLatest(database.db);
      logger.info({ database: database.description, applied }, 'database ready');
      if (config && options.configFile) {
        const report = await applyNetworkConfig(database.db, config, options.configFile);
        logger.info({ file: options.configFile, ...report }, 'network file loaded');
      } else if ((await countInstitutions(database.db)) === 0) {
        const report = await applyNetworkConfig(database.db, loadConfigFile(DEMO_CONSORTIUM_FILE), DEMO_CONSORTIUM_FILE);
        logger.info({ file: DEMO_CONSORTIUM_FILE, ...report }, 'empty database: demo consortium loaded');
      }
      // Demo mode seeds accounts here: under the same lock.
      return createInterlend({
        db: database.db,
        logger,
        demoMode: options.demoMode,
        outboxPolicy: {
          ...(settings.outboxBaseDelayMs ? { baseDelayMs: settings.outboxBaseDelayMs } : {}),
          ...(settings.outboxMaxAttempts ? { maxAttempts: settings.outboxMaxAttempts } : {}),
          ...(settings.outboxMaxDelayMs ? { maxDelayMs: settings.outboxMaxDelayMs } : {}),
          ...(settings.outboxLeaseMs ? { leaseMs: settings.outboxLeaseMs } : {}),
        },
        ...(settings.expiryIntervalMs ? { expiryIntervalMs: settings.expiryIntervalMs } : {}),
      });
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  const url = await interlend.listen({ port: settings.port, host: settings.host });
  interlend.startBackground();
  logger.info({ url, demoMode: options.demoMode }, 'Interlend is listening');
  return {
    url,
    stop: async () => {
      await interlend.stop();
      await database.close();
    },
  };
}
