import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../../config/loadConfigFile.js';
import type { InstitutionConfig } from '../../config/networkConfig.js';
import type { Db } from '../../store/database.js';
import { importMarc } from '../inventory/importMarc.js';

/** What loading one institution's inventory did: imported its files, or left a catalogue that already had records. */
export type InventoryLoad =
  | { institution: string; skipped: 'catalogue not empty' }
  | { institution: string; files: number; imported: number; updated: number; rejected: string[] };

/** A path of the network file is relative to the file's directory. */
export function inventoryPath(source: string, file: string): string {
  return resolve(dirname(source), file);
}

/**
 * Imports an institution's MARC files (`inventory.marcFiles`) inside the caller's transaction,
 * but only into an empty catalogue: once records exist, items carry circulation state (on loan,
 * in transit) that a re-import would reset, so a reload of the network file leaves them alone.
 * A missing file stops the whole load either way, so a typo never goes unnoticed.
 */
export async function applyInventoryConfig(
  trx: Db,
  institutionId: string,
  config: InstitutionConfig,
  source: string,
  path: string,
): Promise<InventoryLoad | undefined> {
  if (!config.inventory) return undefined;
  const files = config.inventory.marcFiles.map((file, f) => ({ file, resolved: inventoryPath(source, file), where: `${path}.inventory.marcFiles[${f}]` }));
  const missing = files.filter(({ resolved }) => !readable(resolved));
  if (missing.length > 0) throw new ConfigError(missing.map(({ resolved, where }) => `${source}: ${where}: cannot read MARC file ${resolved}`));

  const rows = await trx
    .selectFrom('bibliographic_record')
    .select(['suppressed', (eb) => eb.fn.countAll<string>().as('n')])
    .where('institution_id', '=', institutionId)
    .groupBy('suppressed')
    .execute();
  // Suppressed records are temporary records of borrowed items, not the catalogue.
  if (rows.some((r) => !r.suppressed)) return { institution: config.code, skipped: 'catalogue not empty' };
  const nothingAtAll = rows.length === 0;

  const load = { institution: config.code, files: files.length, imported: 0, updated: 0, rejected: [] as string[] };
  for (const [f, { file, resolved }] of files.entries()) {
    // The first file into a table without a row of the institution goes in batches; the rest upsert, checking barcodes.
    const result = await importMarc(trx, new Uint8Array(readFileSync(resolved)), { institutionId, emptyCatalogue: nothingAtAll && f === 0 });
    load.imported += result.imported;
    load.updated += result.updated;
    load.rejected.push(...result.rejected.map((r) => `${file} record ${r.index}: ${r.reason}`));
  }
  return load;
}

function readable(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
