import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfigFile } from '../config/loadConfigFile.js';
import { openDatabase } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import { runDemo } from './demo.js';
import { exportConfig, type ExportConfigFlags } from './exportConfig.js';
import { printPasswordHash } from './hashPassword.js';
import { importMarcFile, type ImportMarcFlags } from './importMarc.js';
import { probe } from './probe.js';
import { serve } from './serve.js';
import { resolveSettings, SettingsError, type SettingFlags } from './settings.js';

/** Exit codes: 0 done, 1 failure, 2 invalid configuration or usage. */
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

const program = new Command()
  .name('interlend')
  .description('Interlend resource sharing server')
  .exitOverride()
  .showHelpAfterError();

program
  .command('serve')
  .description('run the server (migrates the database first; loads the demo consortium into an empty database)')
  .option('-c, --config <file>', 'network YAML file to load at start (institutions, libraries, symbols)')
  .option('-p, --port <port>', 'port to listen on (env PORT, default 8080)')
  .option('--host <host>', 'address to listen on (env HOST, default 0.0.0.0)')
  .option('-d, --data-dir <dir>', 'embedded database directory (env DATA_DIR, default ./data)')
  .option('--demo', 'demo mode: institutions without accounts get user demo / password demo (env INTERLEND_DEMO=1)')
  .action(async (flags: SettingFlags & { config?: string; demo?: boolean }) => {
    const demoMode = flags.demo === true || process.env.INTERLEND_DEMO === '1';
    const server = await serve({ settings: resolveSettings(flags, process.env), configFile: flags.config, demoMode });
    const shutdown = (signal: string): void => {
      console.log(`${signal}: stopping`);
      server.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(EXIT_FAILURE);
        },
      );
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });

program
  .command('migrate')
  .description('bring the database schema up to date and exit')
  .option('-d, --data-dir <dir>', 'embedded database directory (env DATA_DIR, default ./data)')
  .action(async (flags: SettingFlags) => {
    const settings = resolveSettings(flags, process.env);
    const database = openDatabase({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir });
    try {
      const { applied } = await migrateToLatest(database.db);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema already up to date');
    } finally {
      await database.close();
    }
  });

program
  .command('export-config')
  .description('print the configuration in the database as a network YAML file (outbound secrets as ${INTERLEND_SECRET_…} references)')
  .option('-o, --out <file>', 'write the file here instead of to stdout')
  .option('-i, --institution <symbol-or-code>', 'only this institution')
  .option('-d, --data-dir <dir>', 'embedded database directory (env DATA_DIR, default ./data)')
  .action((flags: ExportConfigFlags) => exportConfig(flags));

program
  .command('import-marc')
  .description('import a MARCXML or ISO 2709 file into an institution\'s inventory (migrates the database first)')
  .argument('<file>')
  .requiredOption('-i, --institution <symbol-or-code>', 'the institution whose catalogue the records belong to')
  .option('-d, --data-dir <dir>', 'embedded database directory (env DATA_DIR, default ./data)')
  .action((file: string, flags: ImportMarcFlags) => importMarcFile(file, flags));

program
  .command('demo')
  .description('run a full loan between two demo institutions through the API and print both timelines')
  .option('--url <url>', 'a running server in demo mode (default: start one in memory)')
  .action(async (flags: { url?: string }) => {
    await runDemo({ url: flags.url });
  });

program
  .command('probe')
  .description("check a partner's server: its ISO 18626 endpoint, its directory feed and the SRU catalogues the feed names (sends nothing that creates anything)")
  .argument('<url>', 'the ISO 18626 endpoint, or the base URL of an Interlend deployment')
  .option('--timeout <ms>', 'per check', '10000')
  .action((url: string, flags: { timeout?: string }) => probe(url, flags));

program.command('hash-password').description('print the scrypt hash of a password read from stdin, for passwordHash in a network file').action(() => printPasswordHash());

program
  .command('check-config')
  .description('validate a network YAML file without starting the server')
  .argument('<file>')
  .action((file: string) => {
    const config = loadConfigFile(file);
    console.log(`${file}: valid (${config.institutions.length} institutions)`);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`invalid configuration:\n${error.message}`);
    process.exit(EXIT_USAGE);
  } else if (error instanceof SettingsError) {
    console.error(error.message);
    process.exit(EXIT_USAGE);
  } else if (error instanceof CommanderError) {
    process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE);
  } else {
    console.error(error);
    process.exit(EXIT_FAILURE);
  }
}
