import { circulationSettingsSchema, type CirculationSettings } from '../../../config/sections/circulation.js';
import { recordAudit } from '../../../store/auditLogRepository.js';
import { findCirculationSettings, primarySymbolValue, saveCirculationSettings } from '../../../store/circulationSettingsRepository.js';
import type { Db } from '../../../store/database.js';
import type { NcipConnection } from './transport.js';

/** The circulation setting as it applies now (never set: built-in). */
export async function readCirculationSettings(db: Db, institutionId: string): Promise<CirculationSettings> {
  return circulationSettingsSchema.parse(await findCirculationSettings(db, institutionId));
}

/** Replaces the setting with an already validated value and audits the change, in the caller's transaction. */
export async function writeCirculationSettings(
  trx: Db,
  institution: { id: string; code: string },
  value: CirculationSettings,
  actor: string,
  now: Date,
): Promise<CirculationSettings> {
  const before = await readCirculationSettings(trx, institution.id);
  await saveCirculationSettings(trx, institution.id, value, now);
  await recordAudit(trx, { institutionId: institution.id, actor, entityType: 'circulation-settings', entityKey: institution.code, before, after: value });
  return value;
}

/** Where and as whom to talk NCIP to the institution's ILS; undefined for built-in circulation. */
export async function ilsConnectionFor(db: Db, institutionId: string): Promise<NcipConnection | undefined> {
  const settings = await readCirculationSettings(db, institutionId);
  if (settings.mode !== 'ncip' || !settings.ncip) return undefined;
  const { url, toAgencyId, fromAgencyId, applicationProfileType, timeoutMs } = settings.ncip;
  const from = fromAgencyId ?? (await primarySymbolValue(db, institutionId)) ?? toAgencyId;
  return { url, toAgencyId, fromAgencyId: from, timeoutMs, ...(applicationProfileType ? { applicationProfileType } : {}) };
}
