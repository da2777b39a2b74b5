import type { Db } from '../store/database.js';

export interface OutboundMessage {
  /** The sender (tenant). */
  institutionId: string;
  requestKind: 'borrowing' | 'lending';
  requestId: string;
  /** e.g. 'request', 'supplyingAgencyMessage', 'requestingAgencyMessage'. */
  messageKind: string;
  /** e.g. 'WillSupply', 'Cancel': for staff and metrics. */
  summary?: string;
  /** The partner's agency id. */
  recipient: { idType: string; idValue: string };
  /** NULL: an institution of this deployment (delivered in-process); otherwise the partner's endpoint. */
  endpointUrl: string | null;
  /** The serialized message, built by the caller. */
  body: string;
  /** Defaults to 'iso18626'. */
  protocol?: string;
}

/**
 * Adds a message to the outbox and returns its id. Call it with the transaction of the state
 * change that produced the message: both commit, or neither does.
 *
 * Order: messages of one request are delivered in id order. Ids come from an identity
 * sequence when the row is inserted, so two transactions enqueueing for the same request must
 * not overlap; callers guarantee this by updating (and so locking) the request row before
 * they enqueue, as every state change does.
 */
export async function enqueueMessage(trx: Db, message: OutboundMessage): Promise<string> {
  const row = await trx
    .insertInto('outbox_message')
    .values({
      institution_id: message.institutionId,
      request_kind: message.requestKind,
      request_id: message.requestId,
      protocol: message.protocol ?? 'iso18626',
      message_kind: message.messageKind,
      summary: message.summary ?? null,
      recipient_id_type: message.recipient.idType,
      recipient_id_value: message.recipient.idValue,
      endpoint_url: message.endpointUrl,
      body: message.body,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
