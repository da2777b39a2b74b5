import type { Db } from './database.js';
import type { NewProtocolMessage, ProtocolMessage } from './schema.js';

export async function insertProtocolMessage(db: Db, message: NewProtocolMessage): Promise<void> {
  await db.insertInto('protocol_message').values(message).execute();
}

/** The inbound message that opened a lending request: the reference for re-delivery checks. */
export async function findOpeningMessage(db: Db, institutionId: string, lendingRequestId: string): Promise<ProtocolMessage | undefined> {
  return db
    .selectFrom('protocol_message')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('lending_request_id', '=', lendingRequestId)
    .where('direction', '=', 'in')
    .where('message_kind', '=', 'request')
    .where('message_status', '=', 'OK')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export async function listProtocolMessages(db: Db, institutionId: string, lendingRequestId: string): Promise<ProtocolMessage[]> {
  return db
    .selectFrom('protocol_message')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('lending_request_id', '=', lendingRequestId)
    .orderBy('id')
    .execute();
}

export async function countProtocolMessages(db: Db, institutionId: string): Promise<number> {
  const row = await db
    .selectFrom('protocol_message')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('institution_id', '=', institutionId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
