import { listPickRequests, type PickListRow, type PickStatus } from '../../store/pickRequestRepository.js';
import type { Institution } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { InvalidInputError } from '../errors.js';

export interface PickListQuery {
  status?: PickStatus | undefined;
  /** Library code. */
  library?: string | undefined;
  /** The caller's libraries when they are scoped to some (services operators). */
  libraryIds?: readonly string[] | undefined;
  limit: number;
}

/** Items to fetch from the shelf for lending requests, oldest first. */
export async function listPickList(ctx: ServiceContext, institution: Institution, query: PickListQuery): Promise<PickListRow[]> {
  let libraryId: string | undefined;
  if (query.library !== undefined) {
    const library = await ctx.db
      .selectFrom('library')
      .select('id')
      .where('institution_id', '=', institution.id)
      .where((eb) => eb(eb.fn('lower', ['code']), '=', query.library?.toLowerCase() ?? ''))
      .executeTakeFirst();
    if (!library) throw new InvalidInputError(`no library "${query.library}" at ${institution.code}`);
    libraryId = library.id;
  }
  return listPickRequests(ctx.db, institution.id, { status: query.status, libraryId, libraryIds: query.libraryIds, limit: query.limit });
}
