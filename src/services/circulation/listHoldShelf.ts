import { listHoldShelf as listRows, type HoldShelfRow } from '../../store/circulationRepository.js';
import type { Institution } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';

/** The hold shelf: received items waiting for their patrons, those expiring first on top. */
export async function listHoldShelf(
  ctx: ServiceContext,
  institution: Institution,
  options: { pickupLocation?: string | undefined; limit: number },
): Promise<HoldShelfRow[]> {
  return listRows(ctx.db, institution.id, options);
}
