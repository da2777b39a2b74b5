import type { Institution } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import type { PatronDetails } from './patronRecord.js';
import { changePatron } from './updatePatron.js';

/** Lifts a block; the audit log keeps what it was. */
export async function removePatronBlock(ctx: ServiceContext, institution: Institution, actor: string, barcode: string, code: string): Promise<PatronDetails> {
  return changePatron(ctx, institution, actor, barcode, (patron) => {
    if (!patron.blocks.some((block) => block.code === code)) throw new NotFoundError(`patron ${patron.barcode} has no block ${code}`);
    return { blocks: patron.blocks.filter((block) => block.code !== code) };
  });
}
