import { assessLocate, LOCATE_SHORTFALLS } from '../../../domain/lending/locateDecision.js';
import type { BibliographicInfo } from '../../../protocols/iso18626/index.js';
import { itemsOfRecords, searchCatalogue, type CatalogueItem } from '../../../store/catalogueRepository.js';
import type { Db } from '../../../store/database.js';
import { itemsOnPickList } from '../../../store/pickRequestRepository.js';
import { readSettings } from '../../settings/librarySettings.js';
import { locateSearches } from '../../lending/locateTerms.js';

/** One of our catalogued items, where it stands and what it is: what a pick slip and the request need. */
export interface ShelfItem extends CatalogueItem {
  title: string;
  author: string | null;
}

/** The deciding search reads enough records to see every copy of a title held a few times over (as lending locate does). */
const RECORDS_READ = 50;

/** Our catalogued item with this barcode; temporary items of borrowed books are not ours to lend. */
export async function findShelfItem(db: Db, institutionId: string, barcode: string): Promise<ShelfItem | undefined> {
  const owner = await db
    .selectFrom('item')
    .innerJoin('holding', 'holding.id', 'item.holding_id')
    .innerJoin('bibliographic_record as record', 'record.id', 'holding.bibliographic_record_id')
    .select(['record.id as recordId', 'record.title', 'record.author'])
    .where('item.institution_id', '=', institutionId)
    .where('item.barcode', '=', barcode)
    .where('item.temporary_for_request_id', 'is', null)
    .executeTakeFirst();
  if (!owner) return undefined;
  const item = (await itemsOfRecords(db, institutionId, [owner.recordId])).get(owner.recordId)?.find((candidate) => candidate.barcode === barcode);
  return item ? { ...item, title: owner.title, author: owner.author } : undefined;
}

/**
 * The copy to fetch for a broker's request that names the title only: our catalogue searched by
 * the lending settings' locate-by fields, the first field with hits deciding, the copy chosen as
 * lending locate chooses it (available, requestable, physical, not already on the pick list).
 * Otherwise the reason staff read on the request.
 */
export async function locateItemToPick(db: Db, institutionId: string, info: BibliographicInfo): Promise<{ item: ShelfItem } | { shortfall: string }> {
  const settings = await readSettings(db, institutionId, 'lending');
  const searches = locateSearches(info, settings.locateBy);
  if (searches.length === 0) return { shortfall: 'the request carries none of the locate-by fields' };
  for (const search of searches) {
    const result = await searchCatalogue(db, institutionId, search.query, { limit: RECORDS_READ });
    if (result.total === 0) continue;
    const picking = await itemsOnPickList(
      db,
      institutionId,
      result.records.flatMap((record) => record.items.map((item) => item.itemId)),
    );
    const items = result.records.flatMap((record) =>
      record.items.map((item) => ({ ...item, title: record.title, author: record.author, library: item.libraryCode, onPickList: picking.has(item.itemId) })),
    );
    const assessed = assessLocate(result.records.length, items, settings.ignoreElectronic);
    return 'item' in assessed ? { item: assessed.item } : { shortfall: `${LOCATE_SHORTFALLS[assessed.shortfall].explanation} (${search.text})` };
  }
  return { shortfall: `${LOCATE_SHORTFALLS.notHeld.explanation} (${searches.map((s) => s.text).join(' ; ')})` };
}
