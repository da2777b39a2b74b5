import type { InstitutionConfig } from '../../../config/networkConfig.js';
import type { Db } from '../../../store/database.js';
import { findInstitution } from '../../../store/institutionRepository.js';
import { writeCirculationSettings } from './circulationSettings.js';

/** Loads an institution's `circulation` section from the network file, in the caller's transaction; left out, the stored one stays. */
export async function applyCirculationConfig(trx: Db, institutionId: string, config: InstitutionConfig, source: string, _path: string): Promise<void> {
  if (!config.circulation) return;
  const institution = await findInstitution(trx, institutionId);
  if (!institution) throw new Error(`institution ${institutionId} vanished while loading ${source}`);
  await writeCirculationSettings(trx, institution, config.circulation, `config:${source}`, new Date());
}
