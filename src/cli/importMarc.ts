import { readFileSync } from 'node:fs';
import { importMarc } from '../services/inventory/importMarc.js';
import { openDatabase, type Db } from '../store/database.js';
import { findInstitutionByPathSymbol } from '../store/institutionRepository.js';
import { migrateToLatest } from '../store/migrate.js';
import { resolveSettings, SettingsError, type SettingFlags } from './settings.js';

export interface ImportMarcFlags extends SettingFlags {
  institution: string;
}

const BAR_WIDTH = 30;
const SHOWN_REASONS = 20;

/**
 * `interlend import-marc FILE --institution X`: imports a MARCXML or ISO 2709 file into the
 * institution's inventory (migrating the database first). Progress on stderr, summary on stdout.
 * Exit 2 (SettingsError) for an unreadable file or an unknown institution; 1 when every record was rejected.
 */
export async function importMarcFile(file: string, flags: ImportMarcFlags): Promise<void> {
  const settings = resolveSettings(flags, process.env);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (error) {
    throw new SettingsError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const database = openDatabase({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir });
  try {
    await migrateToLatest(database.db);
    const institution = await findInstitution(database.db, flags.institution);
    if (!institution) throw new SettingsError(`no institution with symbol or code "${flags.institution}" in ${database.description}`);
    const tty = process.stderr.isTTY;
    const result = await importMarc(database.db, bytes, {
      institutionId: institution.id,
      onProgress: (done, total) => {
        if (tty) process.stderr.write(`\r${progressLine(done, total)}`);
      },
    });
    process.stderr.write(tty ? '\n' : `${progressLine(result.total, result.total)}\n`);
    const lines = [`imported ${result.imported}, updated ${result.updated}, rejected ${result.rejected.length}`];
    for (const r of result.rejected.slice(0, SHOWN_REASONS)) lines.push(`  record ${r.index}: ${r.reason}`);
    if (result.rejected.length > SHOWN_REASONS) lines.push(`  … and ${result.rejected.length - SHOWN_REASONS} more`);
    console.log(lines.join('\n'));
    if (result.total > 0 && result.rejected.length === result.total) process.exitCode = 1;
  } finally {
    await database.close();
  }
}

export function progressLine(done: number, total: number): string {
  const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${' '.repeat(BAR_WIDTH - filled)}] ${done}/${total}`;
}

/** By agency symbol (`ISIL:US-NSU` or `US-NSU`) or by institution code. */
async function findInstitution(db: Db, text: string): Promise<{ id: string } | undefined> {
  return (await findInstitutionByPathSymbol(db, text)) ?? (await db.selectFrom('institution').select('id').where('code', '=', text).executeTakeFirst());
}
