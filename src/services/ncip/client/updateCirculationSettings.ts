import type { CirculationSettings } from '../../../config/sections/circulation.js';
import type { Institution } from '../../../store/schema.js';
import type { ServiceContext } from '../../context.js';
import { writeCirculationSettings } from './circulationSettings.js';

/** Replaces an institution's circulation setting (validated by the caller): one transaction, audited. */
export async function updateCirculationSettings(ctx: ServiceContext, institution: Institution, value: CirculationSettings, actor: string): Promise<CirculationSettings> {
  return ctx.db.transaction().execute((trx) => writeCirculationSettings(trx, institution, value, actor, ctx.now()));
}
