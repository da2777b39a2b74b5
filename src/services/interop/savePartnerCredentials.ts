import type { PartnerCredentialsConfig } from '../../config/sections/partnerSecurity.js';
import { recordAudit } from '../../store/auditLogRepository.js';
import type { Db } from '../../store/database.js';
import { findPartnerCredentials, savePartnerCredentials as storeCredentials } from '../../store/partnerCredentialsRepository.js';
import type { Partner } from '../../store/schema.js';
import { credentialsRow, describeCredentials } from './credentials.js';

/**
 * Replaces a partner's credentials in the caller's transaction and audits the change by what
 * kinds are required and the non-secret names only (a replaced secret shows as `secretsReplaced`).
 */
export async function savePartnerCredentials(trx: Db, partner: Partner, config: PartnerCredentialsConfig | undefined, actor: string): Promise<void> {
  const before = await findPartnerCredentials(trx, partner.id);
  const row = credentialsRow(config);
  await storeCredentials(trx, partner, row);
  await recordAudit(trx, {
    institutionId: partner.institution_id,
    actor,
    entityType: 'partner_credentials',
    entityKey: partner.code,
    before: describeCredentials(before) ?? undefined,
    after: describeCredentials(row, before) ?? undefined,
  });
}
