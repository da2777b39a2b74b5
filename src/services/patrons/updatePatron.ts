import { recordAudit } from '../../store/auditLogRepository.js';
import { findPatron, patronAccountNames, updatePatronRow, type PatronFields } from '../../store/patronRepository.js';
import type { Institution, Patron } from '../../store/schema.js';
import { libraryCodes, type LibraryCodes } from '../auth/accounts.js';
import type { ServiceContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { homeLibraryId, PATRON_ENTITY, patronDetails, patronRecord, type PatronDetails } from './patronRecord.js';

/** A change to a patron; `null` clears an optional field. `active: false` deactivates (patrons are never deleted: requests name them). */
export interface PatronChange {
  name?: string | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  patronGroup?: string | undefined;
  homeLibrary?: string | null | undefined;
  expiresOn?: string | null | undefined;
  active?: boolean | undefined;
}

export async function updatePatron(ctx: ServiceContext, institution: Institution, actor: string, barcode: string, change: PatronChange): Promise<PatronDetails> {
  return changePatron(ctx, institution, actor, barcode, (patron, libraries) => ({
    name: change.name ?? patron.name,
    email: change.email === undefined ? patron.email : change.email,
    phone: change.phone === undefined ? patron.phone : change.phone,
    patronGroup: change.patronGroup ?? patron.patron_group,
    homeLibraryId: change.homeLibrary === undefined ? patron.home_library_id : homeLibraryId(libraries, change.homeLibrary),
    expiresOn: change.expiresOn === undefined ? patron.expires_on : change.expiresOn,
    active: change.active ?? patron.active,
  }));
}

/** Deactivates a patron: kept (requests and loans name them) but no longer in good standing. */
export async function deactivatePatron(ctx: ServiceContext, institution: Institution, actor: string, barcode: string): Promise<PatronDetails> {
  return updatePatron(ctx, institution, actor, barcode, { active: false });
}

/**
 * Locks the patron, applies `change` to its fields and records the audit entry, in one
 * transaction; the blocks services use it too. The barcode never changes: requests name it.
 */
export async function changePatron(
  ctx: ServiceContext,
  institution: Institution,
  actor: string,
  barcode: string,
  change: (patron: Patron, libraries: LibraryCodes) => Partial<Omit<PatronFields, 'barcode'>>,
): Promise<PatronDetails> {
  return ctx.db.transaction().execute(async (trx) => {
    const patron = await findPatron(trx, institution.id, barcode, { forUpdate: true });
    if (!patron) throw new NotFoundError(`no patron with barcode ${barcode} at ${institution.code}`);
    const libraries = await libraryCodes(trx, institution.id);
    const current: PatronFields = {
      barcode: patron.barcode,
      name: patron.name,
      email: patron.email,
      phone: patron.phone,
      patronGroup: patron.patron_group,
      homeLibraryId: patron.home_library_id,
      blocks: patron.blocks,
      expiresOn: patron.expires_on,
      active: patron.active,
    };
    const updated = await updatePatronRow(trx, patron.id, { ...current, ...change(patron, libraries), barcode: patron.barcode }, ctx.now());
    await recordAudit(trx, {
      institutionId: institution.id,
      actor,
      entityType: PATRON_ENTITY,
      entityKey: patron.barcode,
      before: patronRecord(patron, libraries),
      after: patronRecord(updated, libraries),
    });
    return patronDetails(updated, libraries, ctx.now(), await patronAccountNames(trx, institution.id, [updated.barcode]));
  });
}
