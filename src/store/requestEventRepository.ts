import type { Db } from './database.js';
import type { RequestEvent, RequestKind } from './schema.js';

export interface NewRequestEvent {
  institutionId: string;
  requestKind: RequestKind;
  requestId: string;
  actor: string;
  event: string;
  fromStatus: string | null;
  toStatus: string;
  note?: string | null | undefined;
  at?: Date;
}

export async function appendRequestEvent(db: Db, event: NewRequestEvent): Promise<void> {
  await db
    .insertInto('request_event')
    .values({
      institution_id: event.institutionId,
      request_kind: event.requestKind,
      request_id: event.requestId,
      actor: event.actor,
      event: event.event,
      from_status: event.fromStatus,
      to_status: event.toStatus,
      note: event.note ?? null,
      ...(event.at ? { at: event.at } : {}),
    })
    .execute();
}

export async function listRequestEvents(db: Db, institutionId: string, requestKind: RequestKind, requestId: string): Promise<RequestEvent[]> {
  return db
    .selectFrom('request_event')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('request_kind', '=', requestKind)
    .where('request_id', '=', requestId)
    .orderBy('id')
    .execute();
}
