import { ConfigError } from '../config/loadConfigFile.js';
import type { NetworkConfig } from '../config/networkConfig.js';
import type { Db } from '../store/database.js';
import { findSymbolOwner, upsertInstitution, upsertLibrary, upsertSymbol } from '../store/institutionRepository.js';

export interface ApplyReport {
  institutions: number;
  libraries: number;
  symbols: number;
}

/**
 * Loads a network file into the database in one transaction: institutions, libraries and
 * symbols are created or updated by code; nothing is deleted (requests may still refer to it).
 * A symbol that already belongs to another institution stops the whole load.
 */
export async function applyNetworkConfig(db: Db, config: NetworkConfig, source: string): Promise<ApplyReport> {
  return db.transaction().execute(async (trx) => {
    const report: ApplyReport = { institutions: 0, libraries: 0, symbols: 0 };
    for (const [i, institutionConfig] of config.institutions.entries()) {
      const institution = await upsertInstitution(trx, institutionConfig.code, institutionConfig.name);
      report.institutions += 1;
      const symbols = institutionConfig.symbols.map((symbol) => ({ symbol, libraryId: null as string | null, path: `institutions[${i}].symbols` }));
      for (const [l, libraryConfig] of institutionConfig.libraries.entries()) {
        const libraryId = await upsertLibrary(trx, institution.id, libraryConfig.code, libraryConfig.name);
        report.libraries += 1;
        symbols.push(...libraryConfig.symbols.map((symbol) => ({ symbol, libraryId, path: `institutions[${i}].libraries[${l}].symbols` })));
      }
      for (const { symbol, libraryId, path } of symbols) {
        const owner = await findSymbolOwner(trx, symbol);
        if (owner && owner.institutionId !== institution.id) {
          throw new ConfigError([
            `${source}: ${path}: symbol ${symbol.idType}:${symbol.idValue} already belongs to institution ${owner.code} in the database`,
          ]);
        }
        await upsertSymbol(trx, institution.id, libraryId, symbol);
        report.symbols += 1;
      }
    }
    return report;
  });
}
