import type { DeliveryOutcome, OutboxHooks, OutboxRow } from '../outbox/index.js';
import { parseIso18626 } from '../protocols/iso18626/index.js';
import type { Db } from '../store/database.js';
import { insertProtocolMessage } from '../store/protocolMessageRepository.js';
import { sha256 } from './inbound/delivery.js';

/**
 * What the outbox records on the request for each delivery: the raw message and the
 * partner's confirmation once it is answered, and a flag for staff when a message is parked.
 */
export const recordOutboundDelivery: OutboxHooks = {
  async recordOutcome(trx: Db, message: OutboxRow, outcome: DeliveryOutcome): Promise<void> {
    if (outcome.status === 'retry') return;
    const confirmation = 'confirmation' in outcome ? (outcome.confirmation ?? null) : null;
    const parsed = parseIso18626(message.body);
    const error = confirmation ? errorOf(confirmation) : undefined;
    await insertProtocolMessage(trx, {
      institution_id: message.institution_id,
      request_kind: message.request_kind,
      request_id: message.request_id,
      direction: 'out',
      protocol: 'iso18626',
      message_kind: message.message_kind,
      summary: message.summary,
      protocol_version: parsed.version ?? null,
      peer_id_type: message.recipient_id_type,
      peer_id_value: message.recipient_id_value,
      requesting_agency_request_id: parsed.ok && 'header' in parsed.message ? parsed.message.header.requestingAgencyRequestId : null,
      body: message.body,
      body_sha256: sha256(message.body),
      confirmation,
      message_status: confirmation ? (error ? 'ERROR' : 'OK') : null,
      error_type: error?.type ?? null,
      error_value: outcome.status === 'parked' ? outcome.reason : (error?.value ?? null),
    });
    if (outcome.status === 'parked') {
      const table = message.request_kind === 'borrowing' ? 'borrowing_request' : 'lending_request';
      await trx
        .updateTable(table)
        .set({ needs_attention: `message ${message.summary ?? message.message_kind} not delivered: ${outcome.reason}` })
        .where('institution_id', '=', message.institution_id)
        .where('id', '=', message.request_id)
        .execute();
    }
  },
};

function errorOf(confirmation: string): { type: string; value: string } | undefined {
  const parsed = parseIso18626(confirmation);
  if (!parsed.ok || !('confirmationHeader' in parsed.message) || parsed.message.confirmationHeader.messageStatus === 'OK') return undefined;
  const error = parsed.message.errorData?.[0];
  return { type: error?.errorType ?? 'ERROR', value: error?.errorValue ?? '' };
}
