import type { InstitutionConfig } from '../../config/networkConfig.js';
import type { Db } from '../../store/database.js';

/** Loads an institution's staff users and roles from the network file, inside the caller's transaction. */
export async function applyStaffConfig(_trx: Db, _institutionId: string, _config: InstitutionConfig, _source: string, _path: string): Promise<void> {}
