import type { Db } from '../../../store/database.js';
import type { ServiceContext } from '../../context.js';
import type { NcipServiceAnswer } from '../../ncip/responder/service.js';

/** Thrown inside a handler's transaction to answer with a Problem and undo what it already wrote. */
export class RolledBack extends Error {
  constructor(readonly answer: NcipServiceAnswer) {
    super('NCIP message refused');
    this.name = 'RolledBack';
  }
}

/** One message, one transaction: the answer it commits with, or the refusal it rolled back for. */
export async function serveInTransaction<A extends NcipServiceAnswer | undefined>(ctx: ServiceContext, work: (trx: Db) => Promise<A>): Promise<A | NcipServiceAnswer> {
  try {
    return await ctx.db.transaction().execute(work);
  } catch (error) {
    if (error instanceof RolledBack) return error.answer;
    throw error;
  }
}
