import type { z } from 'zod';
import { borrowingSettingsSchema, lendingSettingsSchema, termsOfUseSchema, type BorrowingSettings, type LendingSettings, type TermsOfUse } from '../../config/sections/settings.js';
import { recordAudit } from '../../store/auditLogRepository.js';
import type { Db } from '../../store/database.js';
import { findSettingsSection, saveSettingsSection, type SettingsSection } from '../../store/settingsRepository.js';

/** Each section of the library settings: where it is stored, how it is validated, how the audit log names it. */
const SECTIONS = {
  borrowing: { column: 'borrowing', schema: borrowingSettingsSchema, entityType: 'borrowing-settings' },
  lending: { column: 'lending', schema: lendingSettingsSchema, entityType: 'lending-settings' },
  termsOfUse: { column: 'terms_of_use', schema: termsOfUseSchema, entityType: 'terms-of-use' },
} as const satisfies Record<string, { column: SettingsSection; schema: z.ZodType; entityType: string }>;

export type SettingsSectionName = keyof typeof SECTIONS;
export interface LibrarySettings {
  borrowing: BorrowingSettings;
  lending: LendingSettings;
  termsOfUse: TermsOfUse;
}

/** One section as it applies now: the stored document through its schema, so settings never set read as their defaults. */
export async function readSettings<K extends SettingsSectionName>(db: Db, institutionId: string, section: K): Promise<LibrarySettings[K]> {
  const { column, schema } = SECTIONS[section];
  return schema.parse(await findSettingsSection(db, institutionId, column)) as LibrarySettings[K];
}

export async function readAllSettings(db: Db, institutionId: string): Promise<LibrarySettings> {
  return {
    borrowing: await readSettings(db, institutionId, 'borrowing'),
    lending: await readSettings(db, institutionId, 'lending'),
    termsOfUse: await readSettings(db, institutionId, 'termsOfUse'),
  };
}

/** Replaces one section with an already validated value, and audits the change, in the caller's transaction. */
export async function writeSettings<K extends SettingsSectionName>(
  trx: Db,
  institution: { id: string; code: string },
  section: K,
  value: LibrarySettings[K],
  actor: string,
  now: Date,
): Promise<LibrarySettings[K]> {
  const before = await readSettings(trx, institution.id, section);
  await saveSettingsSection(trx, institution.id, SECTIONS[section].column, value, now);
  await recordAudit(trx, { institutionId: institution.id, actor, entityType: SECTIONS[section].entityType, entityKey: institution.code, before, after: value });
  return value;
}
