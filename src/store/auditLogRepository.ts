import type { Db } from './database.js';
import type { AuditEntry } from './schema.js';

export interface AuditRecord {
  institutionId: string;
  actor: string;
  entityType: string;
  entityKey: string;
  before: unknown;
  after: unknown;
}

/**
 * Records one configuration change inside the transaction that makes it. `before` undefined
 * means created, `after` undefined means deleted; an update that changes nothing is not recorded.
 */
export async function recordAudit(trx: Db, record: AuditRecord): Promise<void> {
  const before = record.before === undefined ? null : JSON.stringify(record.before);
  const after = record.after === undefined ? null : JSON.stringify(record.after);
  if (before === after) return;
  await trx
    .insertInto('audit_log')
    .values({
      institution_id: record.institutionId,
      actor: record.actor,
      entity_type: record.entityType,
      entity_key: record.entityKey,
      action: before === null ? 'create' : after === null ? 'delete' : 'update',
      before,
      after,
    })
    .execute();
}

export async function listAudit(
  db: Db,
  institutionId: string,
  filter: { entityType?: string | undefined; beforeId?: string | undefined; limit: number },
): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll().where('institution_id', '=', institutionId);
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.beforeId) query = query.where('id', '<', filter.beforeId);
  return query.orderBy('id', 'desc').limit(filter.limit).execute();
}
