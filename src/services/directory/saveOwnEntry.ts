import { isDeepStrictEqual } from 'node:util';
import type { OwnDirectoryEntry } from '../../config/sections/directory.js';
import type { InstitutionConfig } from '../../config/networkConfig.js';
import { recordAudit } from '../../store/auditLogRepository.js';
import type { Db } from '../../store/database.js';
import { findOwnEntry, upsertOwnEntry } from '../../store/directoryRepository.js';
import { findInstitution, listSymbols, primarySymbol } from '../../store/institutionRepository.js';
import type { DirectoryEntry } from '../../store/schema.js';
import { ownEntryConfig } from './directoryView.js';

/**
 * Creates or replaces an institution's own directory entry, in the caller's transaction. Name and
 * symbols are the institution's (its signing symbol first), read now so the entry says what the
 * institution answers to.
 */
export async function saveOwnEntry(trx: Db, institutionId: string, entry: OwnDirectoryEntry, actor: string, now: Date): Promise<DirectoryEntry> {
  const institution = await findInstitution(trx, institutionId);
  if (!institution) throw new Error(`no institution ${institutionId}`);
  const primary = await primarySymbol(trx, institutionId);
  const key = (s: { idType: string; idValue: string }) => `${s.idType}:${s.idValue}`;
  const symbols = [key(primary), ...(await listSymbols(trx, institutionId)).map(key).filter((s) => s !== key(primary))];
  const before = await findOwnEntry(trx, institutionId);
  // Unchanged (a network file loaded at every start): keep updated_at, so the feed and its ETag stay the same.
  if (before && before.name === institution.name && JSON.stringify(before.symbols) === JSON.stringify(symbols) && isDeepStrictEqual(ownEntryConfig(before), canonicalEntry(entry))) {
    return before;
  }
  const saved = await upsertOwnEntry(trx, institutionId, institution.code, {
    publish: entry.publish,
    name: institution.name,
    symbols: JSON.stringify(symbols),
    endpoint_url: entry.endpoint ?? null,
    system_type: 'interlend',
    locate: entry.locate === undefined ? null : JSON.stringify(entry.locate),
    addresses: JSON.stringify(entry.addresses),
    lending_policies: JSON.stringify(entry.lendingPolicies),
    contacts: JSON.stringify(entry.contacts),
    updated_at: now,
  });
  await recordAudit(trx, {
    institutionId,
    actor,
    entityType: 'directory-entry',
    entityKey: institution.code,
    before: before ? ownEntryConfig(before) : undefined,
    after: ownEntryConfig(saved),
  });
  return saved;
}

/** The network file's `directory` of an institution; a section left out keeps the stored entry. */
export async function applyDirectoryConfig(trx: Db, institutionId: string, config: InstitutionConfig, actor: string): Promise<void> {
  if (config.directory) await saveOwnEntry(trx, institutionId, config.directory, actor, new Date());
}

/** The entry as it reads back from the database (jsonb drops undefined keys). */
function canonicalEntry(entry: OwnDirectoryEntry): OwnDirectoryEntry {
  return JSON.parse(JSON.stringify(entry)) as OwnDirectoryEntry;
}
