import type { LocateProfileConfig } from '../../config/sections/locate.js';
import { recordAudit } from '../../store/auditLogRepository.js';
import type { Db } from '../../store/database.js';
import { deleteLocateProfile, findLocateProfile, locateProfileConfig, upsertLocateProfile } from '../../store/locateProfileRepository.js';
import type { LocateProfile } from '../../store/schema.js';

/** Creates or replaces a locate profile by code and audits the change, in the caller's transaction (API, network file, directory). */
export async function saveLocateProfile(trx: Db, institutionId: string, profile: LocateProfileConfig, actor: string): Promise<LocateProfile> {
  const before = await findLocateProfile(trx, institutionId, profile.code);
  const saved = await upsertLocateProfile(trx, institutionId, profile);
  await recordAudit(trx, {
    institutionId,
    actor,
    entityType: 'locate-profile',
    entityKey: profile.code,
    before: before ? locateProfileConfig(before) : undefined,
    after: locateProfileConfig(saved),
  });
  return saved;
}

/** True when it existed. Partners naming it keep the code (and are no longer searched), as the repository documents. */
export async function removeLocateProfile(trx: Db, institutionId: string, code: string, actor: string): Promise<boolean> {
  const before = await findLocateProfile(trx, institutionId, code);
  if (!before) return false;
  await deleteLocateProfile(trx, institutionId, code);
  await recordAudit(trx, { institutionId, actor, entityType: 'locate-profile', entityKey: code, before: locateProfileConfig(before), after: undefined });
  return true;
}

/** Why a partner cannot name this locate profile, or undefined when it can. */
export async function locateProfileProblem(trx: Db, institutionId: string, code: string): Promise<string | undefined> {
  return (await findLocateProfile(trx, institutionId, code)) ? undefined : `no locate profile "${code}" in this institution`;
}
