import { createHash } from 'node:crypto';
import type { DeliveryOutcome, OutboxRow } from '../../../outbox/index.js';
import { parseNcipMessage } from '../../../protocols/ncip/index.js';
import type { Db } from '../../../store/database.js';
import { insertProtocolMessage } from '../../../store/protocolMessageRepository.js';

/**
 * What the outbox records on the request for a queued message to the institution's ILS (protocol
 * `ncip`), in the transaction of the outcome: the raw exchange once answered or given up, and,
 * when parked, the reason for staff on the request (as for partner messages).
 */
export async function recordIlsDelivery(trx: Db, message: OutboxRow, outcome: DeliveryOutcome): Promise<void> {
  if (outcome.status === 'retry') return;
  const answer = 'confirmation' in outcome ? (outcome.confirmation ?? null) : null;
  const parsed = answer === null ? undefined : parseNcipMessage(answer);
  const problem = parsed?.ok ? parsed.message.body.problem?.[0] : undefined;
  await insertProtocolMessage(trx, {
    institution_id: message.institution_id,
    request_kind: message.request_kind,
    request_id: message.request_id,
    direction: 'out',
    protocol: 'ncip',
    message_kind: message.message_kind,
    summary: outcome.status === 'parked' ? outcome.reason.slice(0, 500) : `${message.message_kind} accepted by the ILS`,
    protocol_version: '2.02',
    peer_id_type: message.recipient_id_type,
    peer_id_value: message.recipient_id_value,
    requesting_agency_request_id: null,
    body: message.body,
    body_sha256: createHash('sha256').update(message.body).digest('hex'),
    confirmation: answer,
    message_status: outcome.status === 'delivered' ? 'OK' : 'ERROR',
    error_type: problem?.problemType.value ?? (outcome.status === 'parked' ? 'not-delivered' : null),
    error_value: outcome.status === 'parked' ? outcome.reason.slice(0, 1000) : null,
  });
  if (outcome.status === 'parked') {
    const table = message.request_kind === 'borrowing' ? 'borrowing_request' : 'lending_request';
    await trx
      .updateTable(table)
      .set({ needs_attention: `ILS message ${message.summary ?? message.message_kind} not delivered: ${outcome.reason}`.slice(0, 1000) })
      .where('institution_id', '=', message.institution_id)
      .where('id', '=', message.request_id)
      .execute();
  }
}
