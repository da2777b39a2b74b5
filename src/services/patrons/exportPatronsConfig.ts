import type { PatronConfigFile } from '../../config/sections/patrons.js';
import type { Db } from '../../store/database.js';
import { listAllPatrons } from '../../store/patronRepository.js';
import { libraryCodes } from '../auth/accounts.js';
import { patronRecord } from './patronRecord.js';

/** An institution's patrons as the network file writes them: keys the loader would default are left out. */
export async function exportPatronsConfig(db: Db, institutionId: string): Promise<PatronConfigFile[]> {
  const libraries = await libraryCodes(db, institutionId);
  return (await listAllPatrons(db, institutionId)).map((row) => {
    const patron = patronRecord(row, libraries);
    return {
      barcode: patron.barcode,
      name: patron.name,
      ...(patron.email !== null ? { email: patron.email } : {}),
      ...(patron.phone !== null ? { phone: patron.phone } : {}),
      patronGroup: patron.patronGroup,
      ...(patron.homeLibrary !== null ? { homeLibrary: patron.homeLibrary } : {}),
      ...(patron.expiresOn !== null ? { expiresOn: patron.expiresOn } : {}),
      ...(patron.active ? {} : { active: false }),
      ...(patron.blocks.length > 0 ? { blocks: patron.blocks } : {}),
    };
  });
}
