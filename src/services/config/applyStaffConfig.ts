import type { InstitutionConfig } from '../../config/networkConfig.js';
import { recordAudit } from '../../store/auditLogRepository.js';
import type { Db } from '../../store/database.js';
import { deleteSessionsOfUser } from '../../store/sessionRepository.js';
import { findUser, insertUser, updateUser, type UserFields } from '../../store/userRepository.js';
import { ACCOUNT_ENTITY, accountView, libraryCodes } from '../auth/accounts.js';

/**
 * Loads an institution's staff and patron accounts from the network file, inside the caller's
 * transaction: created or updated by username, never deleted (deactivate with `active: false`).
 * A changed password hash or a deactivation ends the user's sessions.
 */
export async function applyStaffConfig(trx: Db, institutionId: string, config: InstitutionConfig, source: string, _path: string): Promise<void> {
  if (config.users.length === 0) return;
  const libraries = await libraryCodes(trx, institutionId);
  // The file has no clock of its own: a password changed by the file changed when it was loaded.
  const loadedAt = new Date();
  for (const user of config.users) {
    const fields: UserFields = {
      name: user.name,
      kind: user.patronId ? 'patron' : 'staff',
      roles: user.roles ?? [],
      // Library codes were checked against the file's libraries by the schema.
      libraryIds: user.libraries ? libraries.idsOf(user.libraries).ids : null,
      patronId: user.patronId ?? null,
      active: user.active,
    };
    const existing = await findUser(trx, institutionId, user.username);
    const audit = { institutionId, actor: `config:${source}`, entityType: ACCOUNT_ENTITY, entityKey: user.username };
    if (!existing) {
      const created = await insertUser(trx, institutionId, user.username, fields, user.passwordHash, loadedAt);
      await recordAudit(trx, { ...audit, before: undefined, after: accountView(created, libraries) });
      continue;
    }
    const passwordChanged = existing.password_hash !== user.passwordHash;
    const updated = await updateUser(trx, existing.id, fields, passwordChanged ? { hash: user.passwordHash, at: loadedAt } : undefined);
    if (passwordChanged || !updated.active) await deleteSessionsOfUser(trx, existing.id);
    await recordAudit(trx, { ...audit, before: accountView(existing, libraries), after: accountView(updated, libraries) });
  }
}
