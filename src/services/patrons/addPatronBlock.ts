import { calendarDay } from '../../domain/circulation/patronStanding.js';
import type { Institution } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { ConflictError, InvalidInputError } from '../errors.js';
import type { PatronDetails } from './patronRecord.js';
import { storedBlock } from './patronRecord.js';
import { changePatron } from './updatePatron.js';

export interface NewBlock {
  code: string;
  reason: string;
  /** Default: today. */
  since?: string | undefined;
  until?: string | undefined;
}

/** Blocks a patron; a block code the patron already has is a conflict (lift it first to change it). */
export async function addPatronBlock(ctx: ServiceContext, institution: Institution, actor: string, barcode: string, block: NewBlock): Promise<PatronDetails> {
  const since = block.since ?? calendarDay(ctx.now());
  if (block.until !== undefined && block.until < since) throw new InvalidInputError(`until: ${block.until} is before since (${since})`);
  return changePatron(ctx, institution, actor, barcode, (patron) => {
    if (patron.blocks.some((existing) => existing.code === block.code)) throw new ConflictError(`patron ${patron.barcode} already has a block ${block.code}`);
    return { blocks: [...patron.blocks, storedBlock({ code: block.code, reason: block.reason, since, until: block.until })] };
  });
}
