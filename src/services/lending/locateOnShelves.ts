import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { decideLendingLocate, type LendingLocateDecision, type LocatedItem } from '../../domain/lending/locateDecision.js';
import type { BibliographicInfo } from '../../protocols/iso18626/index.js';
import { searchCatalogue, type CatalogueItem, type CatalogueSearch } from '../../store/catalogueRepository.js';
import type { Db } from '../../store/database.js';
import { updateLendingRequest } from '../../store/lendingRequestRepository.js';
import { itemsOnPickList } from '../../store/pickRequestRepository.js';
import { placePick } from '../pickList/placePick.js';
import type { LendingRequest, LocateAvailability, LocateOutcome } from '../../store/schema.js';
import { readSettings } from '../settings/librarySettings.js';
import { applyLendingEvent, type AppliedLendingEvent, type LendingDecision } from './applyLendingEvent.js';
import { locateSearches, type LocateSearch } from './locateTerms.js';

/** The deciding search reads enough records to see every copy of a title held a few times over. */
const RECORDS_READ = 50;

type Found = CatalogueItem & LocatedItem & { recordId: string };

const AVAILABILITY: Record<CatalogueItem['status'], LocateAvailability['status']> = {
  available: 'available',
  on_loan: 'on-loan',
  in_transit: 'unavailable',
  missing: 'unavailable',
};

/**
 * Lending locate: searches our own catalogue for a request the caller has locked, in the
 * caller's transaction (a database query, no network), by the lending settings' locate-by
 * fields in order; the first field with hits decides. Keeps the evidence, then moves the
 * request on: Being processed (with a pick request when the settings ask for one), Locate
 * failed with the reasonUnfilled the settings give, or Being processed flagged for staff.
 */
export async function locateOnShelves(
  trx: Db,
  request: LendingRequest,
  options: { actor: string; start: 'locate:start' | 'locate' },
  now: Date,
): Promise<AppliedLendingEvent | (LendingDecision & { ok: false })> {
  const started = await applyLendingEvent(trx, request, options.start, { actor: options.actor }, now);
  if (!started.ok) return started;
  const settings = await readSettings(trx, request.institution_id, 'lending');
  const clock = performance.now();

  const searches = locateSearches(bibliographicInfoOf(request.citation), settings.locateBy);
  let decidedBy: LocateSearch | undefined;
  let result: CatalogueSearch = { total: 0, records: [] };
  for (const search of searches) {
    result = await searchCatalogue(trx, request.institution_id, search.query, { limit: RECORDS_READ });
    if (result.total > 0) {
      decidedBy = search;
      break;
    }
  }
  const picking = await itemsOnPickList(
    trx,
    request.institution_id,
    result.records.flatMap((record) => record.items.map((item) => item.itemId)),
  );
  const items: Found[] = result.records.flatMap((record) =>
    record.items.map((item) => ({ ...item, recordId: record.id, library: item.libraryCode, onPickList: picking.has(item.itemId) })),
  );
  const decision = decideLendingLocate(result.records.length, items, settings);

  await trx
    .insertInto('locate_result')
    .values({
      institution_id: request.institution_id,
      request_kind: 'lending',
      request_id: request.id,
      run_id: randomUUID(),
      protocol: 'local',
      target: 'local catalogue',
      query: decidedBy?.text ?? (searches.map((s) => s.text).join(' ; ') || null),
      outcome: outcomeOf(decision, searches.length),
      hits: result.total,
      record_ids: JSON.stringify(result.records.map((r) => r.id)),
      availability: JSON.stringify(items.map(availabilityOf)),
      detail: detailOf(decision, searches.length),
      duration_ms: Math.round(performance.now() - clock),
      at: now,
    })
    .execute();

  const actor = { actor: options.actor };
  if (decision.kind === 'reject') {
    return applyLendingEvent(trx, started.request, 'locate:none', { ...actor, reason: decision.reasonUnfilled, note: decision.explanation }, now);
  }
  const found = await applyLendingEvent(trx, started.request, 'locate:found', { ...actor, note: detailOf(decision, searches.length) }, now);
  if (!found.ok) return found;
  if (decision.kind === 'unresolved') {
    const flagged = await updateLendingRequest(trx, found.request, { needs_attention: `${decision.explanation}: decide whether to supply` }, now);
    return { ...found, request: flagged };
  }
  if (settings.createLocalMoveAutomatically) await placePick(trx, request, decision.item, now);
  return found;
}

function bibliographicInfoOf(citation: Record<string, unknown>): BibliographicInfo {
  const info = citation['bibliographicInfo'];
  return info !== null && typeof info === 'object' && !Array.isArray(info) ? info : {};
}

function outcomeOf(decision: LendingLocateDecision<Found>, searched: number): LocateOutcome {
  if (searched === 0) return 'no-match-fields';
  if (decision.kind === 'found') return 'held';
  return decision.shortfall === 'notHeld' ? 'not-held' : 'held-unavailable';
}

function detailOf(decision: LendingLocateDecision<Found>, searched: number): string {
  if (decision.kind !== 'found') return searched === 0 ? 'the request carries none of the locate-by fields' : decision.explanation;
  const { item } = decision;
  return `available: ${[item.barcode, item.libraryCode, item.location, item.callNumber].filter(Boolean).join(', ')}`;
}

function availabilityOf(item: Found): LocateAvailability {
  return {
    recordId: item.recordId,
    library: item.libraryCode ?? undefined,
    location: item.location ?? undefined,
    callNumber: item.callNumber ?? undefined,
    barcode: item.barcode,
    status: item.onPickList ? 'unavailable' : AVAILABILITY[item.status],
    requestable: item.requestable,
  };
}
