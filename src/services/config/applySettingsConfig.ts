import type { InstitutionConfig } from '../../config/networkConfig.js';
import type { Db } from '../../store/database.js';

/** Loads an institution's workflow profiles, library settings and terms of use from the network file, inside the caller's transaction. */
export async function applySettingsConfig(_trx: Db, _institutionId: string, _config: InstitutionConfig, _source: string, _path: string): Promise<void> {}
