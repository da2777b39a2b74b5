import { existsSync, writeFileSync } from 'node:fs';
import { Migrator } from 'kysely';
import { exportNetworkConfig, networkConfigYaml } from '../services/config/exportNetworkConfig.js';
import { openDatabase, type Db } from '../store/database.js';
import { findInstitutionByPathSymbol } from '../store/institutionRepository.js';
import { migrations } from '../store/migrations/index.js';
import { resolveSettings, SettingsError, type SettingFlags } from './settings.js';

export interface ExportConfigFlags extends SettingFlags {
  out?: string;
  institution?: string;
}

/**
 * `interlend export-config`: the database's configuration as a network file, on stdout or in
 * `--out`. Reads the database named like `migrate` does and changes nothing in it.
 */
export async function exportConfig(flags: ExportConfigFlags): Promise<void> {
  const settings = resolveSettings(flags, process.env);
  // Opening PGlite on a missing directory would create an empty database there.
  if (!settings.databaseUrl && !existsSync(settings.dataDir)) throw new SettingsError(`no database at ${settings.dataDir} (set DATA_DIR, --data-dir or DATABASE_URL)`);
  const database = openDatabase({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir });
  try {
    await requireCurrentSchema(database.db, database.description);
    let institutionId: string | undefined;
    if (flags.institution !== undefined) {
      const institution = await findInstitution(database.db, flags.institution);
      if (!institution) throw new SettingsError(`no institution with symbol or code "${flags.institution}" in ${database.description}`);
      institutionId = institution.id;
    }
    const text = networkConfigYaml(await exportNetworkConfig(database.db, { institutionId }));
    if (flags.out) {
      writeFileSync(flags.out, text, { mode: 0o600 });
      console.error(`wrote ${flags.out}`);
    } else {
      process.stdout.write(text);
    }
  } finally {
    await database.close();
  }
}

/** By agency symbol (`ISIL:US-NSU` or `US-NSU`) or by institution code. */
async function findInstitution(db: Db, text: string): Promise<{ id: string } | undefined> {
  return (await findInstitutionByPathSymbol(db, text)) ?? (await db.selectFrom('institution').select('id').where('code', '=', text).executeTakeFirst());
}

async function requireCurrentSchema(db: Db, description: string): Promise<void> {
  const known = await new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } }).getMigrations();
  const pending = known.filter((m) => m.executedAt === undefined).map((m) => m.name);
  if (pending.length > 0) throw new SettingsError(`the database ${description} is not up to date (pending: ${pending.join(', ')}); run interlend migrate first`);
}
