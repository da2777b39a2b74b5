import type { ProtocolMessage, RequestEvent } from '../../store/schema.js';

/** History and raw messages as the API shows them: staff debug partners by reading these. */
export function presentHistory(events: readonly RequestEvent[], labels: Readonly<Record<string, { label: string }>>) {
  return events.map((e) => ({
    at: e.at.toISOString(),
    actor: e.actor,
    event: e.event,
    from: e.from_status,
    fromLabel: e.from_status ? (labels[e.from_status]?.label ?? e.from_status) : null,
    to: e.to_status,
    toLabel: labels[e.to_status]?.label ?? e.to_status,
    note: e.note,
  }));
}

export function presentMessages(messages: readonly ProtocolMessage[]) {
  return messages.map((m) => ({
    at: m.at.toISOString(),
    direction: m.direction,
    protocol: m.protocol,
    kind: m.message_kind,
    summary: m.summary,
    version: m.protocol_version,
    peer: m.peer_id_type && m.peer_id_value ? `${m.peer_id_type}:${m.peer_id_value}` : null,
    status: m.message_status,
    errorType: m.error_type,
    errorValue: m.error_value,
    body: m.body,
    confirmation: m.confirmation,
  }));
}
