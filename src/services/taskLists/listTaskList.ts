import { findPartnersByName, listPartners } from '../../store/partnerRepository.js';
import type { Institution, RequestKind } from '../../store/schema.js';
import {
  countTaskListFacets,
  listLibraries,
  listTaskList as listTaskListPage,
  type TaskListFacets,
  type TaskListPage,
  type TaskListScope,
  type TaskListSort,
} from '../../store/taskListRepository.js';
import type { ServiceContext } from '../context.js';
import { InvalidInputError } from '../errors.js';
import { createdRange, createdRangeBounds, type CreatedRange } from './createdRanges.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { toPrefixTsQuery } from './searchQuery.js';

/** A task-list request as staff phrase it: codes and names, `me`, ranges; resolved here. */
export interface TaskListRequest {
  statuses?: readonly string[] | undefined;
  /** Partner codes or symbols. */
  partners?: readonly string[] | undefined;
  /** Library codes; `none` for requests without a library. */
  libraries?: readonly string[] | undefined;
  created?: CreatedRange | undefined;
  createdFrom?: Date | undefined;
  createdBefore?: Date | undefined;
  /** User ids, `me`, or `unassigned`. */
  assignedTo?: readonly string[] | undefined;
  needsAttention?: boolean | undefined;
  q?: string | undefined;
  sort: TaskListSort;
  after?: string | undefined;
  limit: number;
  facets: boolean;
}

type Named = { id: string; code: string; name: string };

export interface TaskListResult<K extends RequestKind> extends Omit<TaskListPage<K>, 'next'> {
  next: string | null;
  facets?: Omit<TaskListFacets, 'partner' | 'library'> & {
    partner: { partner: Named | null; count: number }[];
    library: { library: Named | null; count: number }[];
  };
}

/**
 * A page of the borrowing or lending task list, with facet counts. Read-only: the queries run
 * side by side outside a transaction (on PostgreSQL each on its own connection), trading a
 * common snapshot, which a list shown to staff does not need, for latency.
 */
export async function listTaskList<K extends RequestKind>(
  ctx: ServiceContext,
  institution: Institution,
  kind: K,
  request: TaskListRequest,
  scope: TaskListScope,
  userId: string,
): Promise<TaskListResult<K>> {
  const now = ctx.now();
  const [partners, libraries] = await Promise.all([listPartners(ctx.db, institution.id), listLibraries(ctx.db, institution.id)]);

  let partnerIds: string[] | undefined;
  if (request.partners) {
    const { found, unknown } = await findPartnersByName(ctx.db, institution.id, request.partners);
    if (unknown.length > 0) throw new InvalidInputError(`partner: unknown partner ${unknown.join(', ')}`);
    partnerIds = found.map((p) => p.id);
  }
  let libraryIds: (string | null)[] | undefined;
  if (request.libraries) {
    libraryIds = request.libraries.map((code) => {
      if (code === 'none') return null;
      const library = libraries.find((l) => l.code === code);
      if (!library) throw new InvalidInputError(`library: unknown library ${code}`);
      return library.id;
    });
  }
  const range = request.created ? createdRange(request.created, now) : {};
  const latest = (a: Date | undefined, b: Date | undefined) => (a && b ? (a > b ? a : b) : (a ?? b));
  const earliest = (a: Date | undefined, b: Date | undefined) => (a && b ? (a < b ? a : b) : (a ?? b));
  let search: string | undefined;
  if (request.q !== undefined) {
    search = toPrefixTsQuery(request.q);
    if (!search) throw new InvalidInputError('q: needs at least one letter or digit');
  }
  let after: { value: string; id: string } | undefined;
  if (request.after !== undefined) {
    const decoded = decodeCursor(request.after, request.sort);
    if (!decoded.ok) throw new InvalidInputError(`after: ${decoded.reason}`);
    after = decoded.position;
  }

  const query = {
    institutionId: institution.id,
    scope,
    filter: {
      statuses: request.statuses,
      partnerIds,
      libraryIds,
      createdFrom: latest(range.from, request.createdFrom),
      createdBefore: earliest(range.before, request.createdBefore),
      assignees: request.assignedTo?.map((a) => (a === 'me' ? userId : a === 'unassigned' ? null : a)),
      needsAttention: request.needsAttention,
      search,
    },
    sort: request.sort,
    after,
    limit: request.limit,
  };
  const [page, facets] = await Promise.all([
    listTaskListPage(ctx.db, kind, query),
    request.facets ? countTaskListFacets(ctx.db, kind, query, createdRangeBounds(now)) : Promise.resolve(undefined),
  ]);
  const named = (list: readonly Named[], id: string | null): Named | null => {
    const found = id === null ? undefined : list.find((item) => item.id === id);
    return found ? { id: found.id, code: found.code, name: found.name } : null;
  };
  return {
    items: page.items,
    total: page.total,
    next: page.next ? encodeCursor(request.sort, page.next) : null,
    ...(facets
      ? {
          facets: {
            ...facets,
            partner: facets.partner.map((f) => ({ partner: named(partners, f.value), count: f.count })),
            library: facets.library.map((f) => ({ library: named(libraries, f.value), count: f.count })),
          },
        }
      : {}),
  };
}
