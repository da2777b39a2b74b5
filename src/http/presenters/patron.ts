import type { PatronDetails } from '../../services/patrons/patronRecord.js';

/** A patron at the API boundary: the record, whether they may borrow today and why not. */
export function presentPatron(patron: PatronDetails) {
  return {
    barcode: patron.barcode,
    name: patron.name,
    email: patron.email,
    phone: patron.phone,
    patronGroup: patron.patronGroup,
    homeLibrary: patron.homeLibrary,
    expiresOn: patron.expiresOn,
    active: patron.active,
    blocks: patron.blocks.map((block) => ({ code: block.code, reason: block.reason, since: block.since, until: block.until ?? null })),
    standing: { mayBorrow: patron.standing.mayBorrow, reasons: patron.standing.reasons },
    accounts: patron.accounts,
    createdAt: patron.createdAt.toISOString(),
    updatedAt: patron.updatedAt.toISOString(),
  };
}
