import { SLIPS, type SlipKind } from '../../domain/slips/kinds.js';
import type { SlipFieldSet } from '../../domain/slips/render.js';
import type { Institution } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { effectiveSlipTemplate, type EffectiveTemplate } from './slipTemplates.js';

/** The template an institution prints a slip kind with, and the fields it may use. */
export async function readSlipTemplate(ctx: ServiceContext, institution: Institution, kind: SlipKind): Promise<EffectiveTemplate & { fields: SlipFieldSet }> {
  return { ...(await effectiveSlipTemplate(ctx.db, institution.id, kind)), fields: SLIPS[kind].fields };
}
