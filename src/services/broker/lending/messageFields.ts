import type { NcipCitation } from '../../../domain/broker/lendingRequestItem.js';
import type { ItemId, NcipBody, NcipValue, UserId } from '../../../protocols/ncip/index.js';

/** The values a broker's lending messages carry, read from the codec's model (trimmed; blank = absent). */

const blankToUndefined = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

function first<T>(value: T | T[] | undefined): T | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function isStruct(value: unknown): value is Record<string, NcipValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return isStruct(value) && typeof value['value'] === 'string' ? value['value'] : undefined;
}

export function itemIdOf(body: NcipBody): ItemId | undefined {
  return first(body.itemId);
}

/** ItemIdentifierValue: our barcode, as the broker knows the item. */
export function barcodeOf(body: NcipBody): string | undefined {
  return blankToUndefined(itemIdOf(body)?.itemIdentifierValue);
}

/** RequestIdentifierValue: the broker's id of the whole transaction. */
export function brokerRequestIdOf(body: NcipBody): string | undefined {
  return blankToUndefined(body.requestId?.requestIdentifierValue);
}

export function userIdOf(body: NcipBody): UserId | undefined {
  return first(body.userId);
}

/** The borrowing institution the item goes to (brokers name it in UserId). */
export function borrowerOf(body: NcipBody): string | undefined {
  return blankToUndefined(userIdOf(body)?.userIdentifierValue);
}

export function schemeValues(value: NcipValue | undefined): string[] {
  const list: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.flatMap((entry) => {
    const found = text(entry);
    return found === undefined ? [] : [found];
  });
}

/** BibliographicId (record and item identifiers) and ItemOptionalFields' description of a RequestItem. */
export function citationOf(body: NcipBody): NcipCitation {
  const sent = body['bibliographicId'];
  const ids: unknown[] = Array.isArray(sent) ? sent : sent === undefined ? [] : [sent];
  const recordIds: { identifier: string; code: string | undefined }[] = [];
  const itemIds: { identifier: string; code: string | undefined }[] = [];
  for (const id of ids.filter(isStruct)) {
    const record = id['bibliographicRecordId'];
    const item = id['bibliographicItemId'];
    if (isStruct(record)) recordIds.push({ identifier: text(record['bibliographicRecordIdentifier']) ?? '', code: text(record['bibliographicRecordIdentifierCode']) });
    if (isStruct(item)) itemIds.push({ identifier: text(item['bibliographicItemIdentifier']) ?? '', code: text(item['bibliographicItemIdentifierCode']) });
  }
  const description = body.itemOptionalFields?.bibliographicDescription;
  for (const record of description?.bibliographicRecordId ?? []) {
    recordIds.push({ identifier: record.bibliographicRecordIdentifier, code: record.bibliographicRecordIdentifierCode?.value });
  }
  const described = description?.bibliographicItemId;
  if (described) itemIds.push({ identifier: described.bibliographicItemIdentifier, code: described.bibliographicItemIdentifierCode?.value });
  return { recordIds, itemIds, title: description?.title, author: description?.author };
}

/** An NCIP dateTime as a Date; undefined when absent (the codec has already refused malformed ones). */
export function dateOf(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
