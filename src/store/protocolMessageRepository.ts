import type { Db } from './database.js';
import type { NewProtocolMessage, ProtocolMessage, RequestKind } from './schema.js';

export async function insertProtocolMessage(db: Db, message: NewProtocolMessage): Promise<void> {
  await db.insertInto('protocol_message').values(message).execute();
}

/**
 * An inbound message with exactly these bytes that an institution already accepted: a
 * re-delivery, to be answered with the confirmation given the first time.
 */
export async function findAcceptedInbound(db: Db, institutionId: string, bodySha256: string): Promise<ProtocolMessage | undefined> {
  return db
    .selectFrom('protocol_message')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('direction', '=', 'in')
    .where('body_sha256', '=', bodySha256)
    .where('message_status', '=', 'OK')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export async function listProtocolMessages(db: Db, institutionId: string, requestKind: RequestKind, requestId: string): Promise<ProtocolMessage[]> {
  return db
    .selectFrom('protocol_message')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('request_kind', '=', requestKind)
    .where('request_id', '=', requestId)
    .orderBy('id')
    .execute();
}
