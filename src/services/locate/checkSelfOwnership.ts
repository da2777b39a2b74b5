/**
 * Self-ownership check: before a request goes out, does the borrowing library hold the item
 * itself? Searched in its own catalogue by the citation's identifiers, else by exact title.
 */
import type { Citation } from '../../domain/citation.js';
import { planQueries, type LocateQuery } from '../../domain/locate/index.js';
import { searchCatalogue, type CatalogueItem, type CatalogueQuery } from '../../store/catalogueRepository.js';
import type { Db } from '../../store/database.js';
import type { LocateAvailability } from '../../store/schema.js';

export interface SelfOwnership {
  query: string;
  hits: number;
  recordIds: string[];
  availability: LocateAvailability[];
  /** The first available item, requestable or not (it is our own shelf): the request should not go out. */
  heldLocally: { barcode: string; where: string } | undefined;
  durationMs: number;
}

const IDENTIFIERS = ['lccn', 'oclcNumber', 'isbn', 'issn'] as const;

function catalogueQuery(queries: readonly LocateQuery[]): CatalogueQuery | undefined {
  const clauses: CatalogueQuery[] = queries.map((q) => ({ index: q.index, relation: 'exact', term: q.term }));
  return clauses.reduce<CatalogueQuery | undefined>((left, right) => (left === undefined ? right : { op: 'or', left, right }), undefined);
}

const ITEM_STATUS: Record<CatalogueItem['status'], LocateAvailability['status']> = {
  available: 'available',
  on_loan: 'on-loan',
  in_transit: 'unavailable',
  missing: 'unavailable',
};

export async function checkSelfOwnership(db: Db, institutionId: string, citation: Citation): Promise<SelfOwnership> {
  const started = performance.now();
  const identifiers = planQueries(citation, IDENTIFIERS);
  const queries = identifiers.length > 0 ? identifiers : planQueries(citation, ['title']);
  const query = catalogueQuery(queries);
  const text = queries.map((q) => `${q.index}=${q.term}`).join(' or ');
  if (query === undefined) return { query: text, hits: 0, recordIds: [], availability: [], heldLocally: undefined, durationMs: 0 };
  const found = await searchCatalogue(db, institutionId, query, { limit: 10 });
  const availability = found.records.flatMap((record) =>
    record.items.map(
      (item): LocateAvailability => ({
        recordId: record.controlNumber ?? record.id,
        library: item.libraryCode ?? undefined,
        location: item.location ?? undefined,
        callNumber: item.callNumber ?? undefined,
        barcode: item.barcode,
        status: ITEM_STATUS[item.status],
        requestable: item.requestable,
      }),
    ),
  );
  const available = availability.find((a) => a.status === 'available' && a.barcode !== undefined);
  return {
    query: text,
    hits: found.total,
    recordIds: found.records.map((r) => r.controlNumber ?? r.id),
    availability,
    heldLocally: available ? { barcode: available.barcode ?? '', where: [available.library, available.location].filter(Boolean).join('/') || 'our library' } : undefined,
    durationMs: Math.round(performance.now() - started),
  };
}
