import { directoryAddressSchema } from '../../config/sections/directory.js';
import { addressLines, chooseAddress } from '../../domain/slips/kinds.js';
import type { SlipRecord } from '../../domain/slips/render.js';
import { listRotaEntries } from '../../store/borrowingRequestRepository.js';
import { findHold, findItemLentFor, findLatestLoan, findTemporaryItem } from '../../store/circulationRepository.js';
import type { Db } from '../../store/database.js';
import { searchDirectory } from '../../store/directoryRepository.js';
import { findPartner } from '../../store/partnerRepository.js';
import { findPatron } from '../../store/patronRepository.js';
import { picksOfLendingRequest } from '../../store/pickRequestRepository.js';
import type { BorrowingRequest, Institution, LendingRequest } from '../../store/schema.js';

/** Gathers what each slip shows: the request, its circulation records, the patron and the partner's directory entry. */

const day = (date: Date | null | undefined): string => (date ? date.toISOString().slice(0, 10) : '');
const printed = (now: Date): string => `${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const textAt = (record: unknown, key: string): string | undefined => {
  const value = record !== null && typeof record === 'object' ? (record as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * The whole title and author, in the same precedence as the request's headline: the headline
 * columns are clipped for lists, the citation keeps the text whole, and a slip prints it whole.
 */
function wholeTitleAndAuthor(request: BorrowingRequest | LendingRequest): { title: string; author: string } {
  const citation: unknown = request.citation;
  if ('supplying_agency_request_id' in request) {
    const info = citation !== null && typeof citation === 'object' ? (citation as Record<string, unknown>).bibliographicInfo : undefined;
    return {
      title: textAt(info, 'title') ?? textAt(info, 'titleOfComponent') ?? request.title ?? '',
      author: textAt(info, 'author') ?? textAt(info, 'authorOfComponent') ?? request.author ?? '',
    };
  }
  return {
    title: textAt(citation, 'articleTitle') ?? textAt(citation, 'title') ?? request.title ?? '',
    author: textAt(citation, 'articleAuthor') ?? textAt(citation, 'author') ?? request.author ?? '',
  };
}

function common(institution: Institution, request: BorrowingRequest | LendingRequest, requestNumber: string, now: Date): SlipRecord {
  return {
    institutionName: institution.name,
    printedAt: printed(now),
    requestNumber,
    ...wholeTitleAndAuthor(request),
    status: request.status,
  };
}

/** The address lines of a partner's directory entry (the one labelled for the purpose, else the first); none when unlisted. */
async function directoryAddress(db: Db, institutionId: string, symbol: string, purpose: RegExp): Promise<{ line: string }[]> {
  const [entry] = await searchDirectory(db, institutionId, { symbol }, 1);
  if (!entry) return [];
  // Entries from subscribed feeds were validated on sync; parse again so a stray row cannot break the slip.
  const addresses = entry.addresses.flatMap((raw) => {
    const parsed = directoryAddressSchema.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });
  const chosen = chooseAddress(addresses, purpose);
  return chosen ? addressLines(chosen) : [];
}

async function requesterName(db: Db, request: LendingRequest): Promise<string> {
  const partner = request.partner_id ? await findPartner(db, request.institution_id, request.partner_id) : undefined;
  return partner?.name ?? `${request.requesting_agency_id_type}:${request.requesting_agency_id_value}`;
}

export async function pickSlipData(db: Db, institution: Institution, request: LendingRequest, now: Date): Promise<SlipRecord> {
  const picks = (await picksOfLendingRequest(db, request.institution_id, request.id)).filter((pick) => pick.status !== 'cancelled');
  const items = picks.map((pick) => ({ barcode: pick.barcode, callNumber: pick.call_number ?? '', location: pick.location ?? '' }));
  const first = items[0];
  return {
    ...common(institution, request, request.supplying_agency_request_id, now),
    callNumber: first?.callNumber ?? '',
    location: first?.location ?? '',
    barcode: first?.barcode ?? '',
    requester: await requesterName(db, request),
    requesterSymbol: `${request.requesting_agency_id_type}:${request.requesting_agency_id_value}`,
    requesterRequestId: request.requesting_agency_request_id,
    dueDate: day(request.due_date),
    items,
  };
}

export async function shippingSlipData(db: Db, institution: Institution, request: LendingRequest, now: Date): Promise<SlipRecord> {
  const symbol = `${request.requesting_agency_id_type}:${request.requesting_agency_id_value}`;
  const lent = await findItemLentFor(db, request.institution_id, request.id);
  const picked = lent ? undefined : (await picksOfLendingRequest(db, request.institution_id, request.id)).find((pick) => pick.status !== 'cancelled');
  return {
    ...common(institution, request, request.supplying_agency_request_id, now),
    borrower: await requesterName(db, request),
    borrowerSymbol: symbol,
    shipTo: await directoryAddress(db, request.institution_id, symbol, /ship|deliver/i),
    requesterRequestId: request.requesting_agency_request_id,
    barcode: lent?.barcode ?? picked?.barcode ?? '',
    dueDate: day(request.due_date),
  };
}

/** The lender now supplying the request, with its request id (the rota entry that is supplying, else the current one). */
async function supplyingLender(db: Db, request: BorrowingRequest) {
  const entries = await listRotaEntries(db, request.institution_id, request.id);
  return entries.find((entry) => entry.status === 'supplying') ?? entries.find((entry) => entry.partner_id === request.current_partner_id);
}

export async function receiveSlipData(db: Db, institution: Institution, request: BorrowingRequest, now: Date): Promise<SlipRecord> {
  const [patron, hold, item, lender] = await Promise.all([
    findPatron(db, request.institution_id, request.patron_id),
    findHold(db, request.institution_id, request.id),
    findTemporaryItem(db, request.institution_id, request.id),
    supplyingLender(db, request),
  ]);
  return {
    ...common(institution, request, request.request_number, now),
    patronName: patron?.name ?? '',
    patronBarcode: request.patron_id,
    pickupLocation: hold?.pickup_location ?? request.pickup_location ?? '',
    holdShelfExpiry: day(hold?.shelf_expires_at),
    temporaryBarcode: item?.barcode ?? '',
    lender: lender?.partner_name ?? '',
    dueDate: day(request.due_date),
  };
}

export async function returnSlipData(db: Db, institution: Institution, request: BorrowingRequest, now: Date): Promise<SlipRecord> {
  const [item, loan, lender] = await Promise.all([
    findTemporaryItem(db, request.institution_id, request.id),
    findLatestLoan(db, request.institution_id, request.id),
    supplyingLender(db, request),
  ]);
  const lenderSymbol = lender ? `${lender.partner_id_type}:${lender.partner_id_value}` : '';
  // The lender's own barcode is what its staff scan when the parcel comes back.
  const lenderBarcode = typeof request.terms.lenderItemId === 'string' ? request.terms.lenderItemId : undefined;
  return {
    ...common(institution, request, request.request_number, now),
    lender: lender?.partner_name ?? '',
    lenderSymbol,
    lenderRequestId: lender?.supplying_agency_request_id ?? '',
    returnTo: lender ? await directoryAddress(db, request.institution_id, lenderSymbol, /return/i) : [],
    barcode: lenderBarcode ?? item?.barcode ?? loan?.item_barcode ?? '',
    dueDate: day(loan?.due_date ?? request.due_date),
  };
}
