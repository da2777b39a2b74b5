import type { Insertable } from 'kysely';
import { recordAudit } from '../../store/auditLogRepository.js';
import type { Db } from '../../store/database.js';
import { findPartnerByCode, upsertPartner } from '../../store/partnerRepository.js';
import type { Partner, PartnerTable } from '../../store/schema.js';
import { partnerView } from './partnerView.js';

/** Creates or updates a partner by code and audits the change, in the caller's transaction (API and network file alike). */
export async function savePartner(trx: Db, row: Insertable<PartnerTable>, actor: string): Promise<Partner> {
  const before = await findPartnerByCode(trx, row.institution_id, row.code, { lock: true });
  const saved = await upsertPartner(trx, row);
  await recordAudit(trx, {
    institutionId: row.institution_id,
    actor,
    entityType: 'partner',
    entityKey: row.code,
    before: before ? partnerView(before) : undefined,
    after: partnerView(saved),
  });
  return saved;
}
