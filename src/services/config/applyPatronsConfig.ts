import type { InstitutionConfig } from '../../config/networkConfig.js';
import { recordAudit } from '../../store/auditLogRepository.js';
import type { Db } from '../../store/database.js';
import { findPatron, insertPatron, updatePatronRow, type PatronFields } from '../../store/patronRepository.js';
import { libraryCodes } from '../auth/accounts.js';
import { PATRON_ENTITY, patronRecord, storedBlock } from '../patrons/patronRecord.js';

/**
 * Loads an institution's patrons from the network file, inside the caller's transaction:
 * created or updated by barcode (whatever its case), the file's fields and blocks replacing the
 * stored ones; patrons the file does not list are left alone (deactivate with `active: false`).
 */
export async function applyPatronsConfig(trx: Db, institutionId: string, config: InstitutionConfig, source: string, _path: string): Promise<void> {
  if (config.patrons.length === 0) return;
  const libraries = await libraryCodes(trx, institutionId);
  const loadedAt = new Date();
  for (const patron of config.patrons) {
    const existing = await findPatron(trx, institutionId, patron.barcode, { forUpdate: true });
    const fields: PatronFields = {
      // A stored barcode keeps its case: requests already name it so.
      barcode: existing?.barcode ?? patron.barcode,
      name: patron.name,
      email: patron.email ?? null,
      phone: patron.phone ?? null,
      patronGroup: patron.patronGroup,
      // Home library codes were checked against the file's libraries by the schema.
      homeLibraryId: patron.homeLibrary === undefined ? null : (libraries.idsOf([patron.homeLibrary]).ids[0] ?? null),
      blocks: patron.blocks.map(storedBlock),
      expiresOn: patron.expiresOn ?? null,
      active: patron.active,
    };
    const audit = { institutionId, actor: `config:${source}`, entityType: PATRON_ENTITY, entityKey: fields.barcode };
    if (!existing) {
      const created = await insertPatron(trx, institutionId, fields, loadedAt);
      await recordAudit(trx, { ...audit, before: undefined, after: patronRecord(created, libraries) });
      continue;
    }
    const before = patronRecord(existing, libraries);
    const unchanged = JSON.stringify(before) === JSON.stringify(patronRecord({ ...existing, ...rowOf(fields) }, libraries));
    if (unchanged) continue;
    const updated = await updatePatronRow(trx, existing.id, fields, loadedAt);
    await recordAudit(trx, { ...audit, before, after: patronRecord(updated, libraries) });
  }
}

/** The row fields `fields` would store, to tell whether reloading the same file changes anything. */
function rowOf(fields: PatronFields) {
  return {
    name: fields.name,
    email: fields.email,
    phone: fields.phone,
    patron_group: fields.patronGroup,
    home_library_id: fields.homeLibraryId,
    blocks: fields.blocks,
    expires_on: fields.expiresOn,
    active: fields.active,
  };
}
