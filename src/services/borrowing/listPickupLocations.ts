import type { Db } from '../../store/database.js';
import { findPatron } from '../../store/patronRepository.js';
import { readSettings } from '../settings/librarySettings.js';

export interface PickupLocation {
  code: string;
  name: string;
}

/**
 * Where a patron may pick items up: the institution's libraries (by code, as requests store
 * their pickup location), plus the library settings' default pickup location when it names none
 * of them. The preselected one is the patron's home library, else that default, else the first.
 */
export async function listPickupLocations(db: Db, institutionId: string, patronBarcode?: string): Promise<{ locations: PickupLocation[]; defaultLocation: string | null }> {
  const [libraries, settings, patron] = await Promise.all([
    db.selectFrom('library').select(['id', 'code', 'name']).where('institution_id', '=', institutionId).orderBy('name').execute(),
    readSettings(db, institutionId, 'borrowing'),
    patronBarcode ? findPatron(db, institutionId, patronBarcode) : Promise.resolve(undefined),
  ]);
  const locations: PickupLocation[] = libraries.map((library) => ({ code: library.code, name: library.name }));
  const configured = settings.defaultPickupLocation;
  if (configured && !locations.some((l) => l.code === configured)) locations.push({ code: configured, name: configured });
  const home = libraries.find((library) => library.id === patron?.home_library_id)?.code;
  return { locations, defaultLocation: home ?? configured ?? locations[0]?.code ?? null };
}
