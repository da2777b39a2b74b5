/**
 * The synchronous confirmation for an inbound message.
 *
 * Kind mapping: request → requestConfirmation; supplyingAgencyMessage →
 * supplyingAgencyMessageConfirmation (reasonForMessage echoed); requestingAgencyMessage →
 * requestingAgencyMessageConfirmation (action echoed). An inbound confirmation kind maps to its
 * own family's confirmation, and an unknown kind (the message could not be read at all) to
 * requestConfirmation — the endpoint still answers with a schema-valid ISO 18626 message.
 *
 * Works from a full message, from a ParseOutcome (ok or not), or from any partial header: the
 * agency ids, requestingAgencyRequestId and multipleItemRequestId are echoed when known (an
 * agency id only when both its type and value are). Every confirmationHeader element other
 * than timestamp, timestampReceived and messageStatus is optional in both XSDs, and those
 * three come from the options, so no placeholder is ever needed; the result always builds into
 * a message valid against both XSDs. An echoed action that the target version lacks (2021
 * HoldReturn/Lost in 1.x) is dropped by the builder.
 *
 * With status 'ERROR' and no explicit `error`, a failed ParseOutcome's issue becomes the errorData.
 */
import { ACTIONS_2021, isOneOf, REASONS_FOR_MESSAGE, type ErrorType, type MessageStatus } from './codeLists.js';
import { isXsdDateTime } from './lexical.js';
import type { AgencyId, ConfirmationHeader, ConfirmationMessage, Header, Iso18626Message, MessageKind } from './model.js';
import type { ParseOutcome } from './parse.js';

/** Whatever is known about the inbound message (a failed ParseOutcome fits this shape). */
export interface ConfirmationSource {
  kind?: MessageKind;
  header?: Partial<Header>;
  reasonForMessage?: string;
  action?: string;
}

export interface ConfirmationOptions {
  status: MessageStatus;
  error?: { type: ErrorType; value: string };
  /** xs:dateTime: when the inbound message was received. */
  timestampReceived: string;
  /** xs:dateTime: when this confirmation is made. */
  timestamp: string;
}

function completeAgencyId(id: unknown): AgencyId | undefined {
  if (typeof id !== 'object' || id === null) return undefined;
  const { agencyIdType, agencyIdValue } = id as Partial<AgencyId>;
  if (typeof agencyIdValue !== 'string' || typeof agencyIdType?.value !== 'string') return undefined;
  const type = typeof agencyIdType.scheme === 'string' ? { value: agencyIdType.value, scheme: agencyIdType.scheme } : { value: agencyIdType.value };
  return { agencyIdType: type, agencyIdValue };
}

function normalise(source: Iso18626Message | ParseOutcome | ConfirmationSource): ConfirmationSource & { issue?: { type: ErrorType; value: string } } {
  if ('ok' in source) {
    if (source.ok) return normalise(source.message);
    const { kind, header, reasonForMessage, action, issue } = source;
    return { kind, header, reasonForMessage, action, issue };
  }
  if ('confirmationHeader' in source) {
    const { kind, confirmationHeader } = source;
    const header: Partial<Header> = {};
    if (confirmationHeader.supplyingAgencyId) header.supplyingAgencyId = confirmationHeader.supplyingAgencyId;
    if (confirmationHeader.requestingAgencyId) header.requestingAgencyId = confirmationHeader.requestingAgencyId;
    if (confirmationHeader.requestingAgencyRequestId !== undefined) header.requestingAgencyRequestId = confirmationHeader.requestingAgencyRequestId;
    if (confirmationHeader.multipleItemRequestId !== undefined) header.multipleItemRequestId = confirmationHeader.multipleItemRequestId;
    return { kind, header };
  }
  if ('messageInfo' in source) return { kind: source.kind, header: source.header, reasonForMessage: source.messageInfo.reasonForMessage };
  return source;
}

const CONFIRMATION_KIND: Record<MessageKind, ConfirmationMessage['kind']> = {
  request: 'requestConfirmation',
  requestConfirmation: 'requestConfirmation',
  supplyingAgencyMessage: 'supplyingAgencyMessageConfirmation',
  supplyingAgencyMessageConfirmation: 'supplyingAgencyMessageConfirmation',
  requestingAgencyMessage: 'requestingAgencyMessageConfirmation',
  requestingAgencyMessageConfirmation: 'requestingAgencyMessageConfirmation',
};

/** The confirmation message answering `source`; build it with buildIso18626 in the sender's version. */
export function confirmationFor(
  source: Iso18626Message | ParseOutcome | ConfirmationSource,
  options: ConfirmationOptions,
): ConfirmationMessage {
  for (const [name, value] of [['timestamp', options.timestamp], ['timestampReceived', options.timestampReceived]] as const) {
    if (!isXsdDateTime(value)) throw new RangeError(`confirmationFor: ${name} is not an xs:dateTime: ${JSON.stringify(value)}`);
  }
  const known = normalise(source);
  const header = known.header ?? {};
  const confirmationHeader: ConfirmationHeader = { timestamp: options.timestamp, timestampReceived: options.timestampReceived, messageStatus: options.status };
  const supplyingAgencyId = completeAgencyId(header.supplyingAgencyId);
  if (supplyingAgencyId) confirmationHeader.supplyingAgencyId = supplyingAgencyId;
  const requestingAgencyId = completeAgencyId(header.requestingAgencyId);
  if (requestingAgencyId) confirmationHeader.requestingAgencyId = requestingAgencyId;
  if (typeof header.requestingAgencyRequestId === 'string') confirmationHeader.requestingAgencyRequestId = header.requestingAgencyRequestId;
  if (typeof header.multipleItemRequestId === 'string' && header.multipleItemRequestId !== '') {
    confirmationHeader.multipleItemRequestId = header.multipleItemRequestId;
  }

  const error = options.error ?? (options.status === 'ERROR' ? known.issue : undefined);
  const errorData = error ? [{ errorType: error.type, errorValue: error.value }] : undefined;
  const kind = known.kind === undefined ? 'requestConfirmation' : CONFIRMATION_KIND[known.kind];

  switch (kind) {
    case 'requestConfirmation':
      return { kind, confirmationHeader, ...(errorData ? { errorData } : {}) };
    case 'supplyingAgencyMessageConfirmation': {
      const reason = known.reasonForMessage;
      return {
        kind,
        confirmationHeader,
        ...(reason !== undefined && isOneOf(REASONS_FOR_MESSAGE, reason) ? { reasonForMessage: reason } : {}),
        ...(errorData ? { errorData } : {}),
      };
    }
    case 'requestingAgencyMessageConfirmation': {
      const action = known.action;
      return {
        kind,
        confirmationHeader,
        ...(action !== undefined && isOneOf(ACTIONS_2021, action) ? { action } : {}),
        ...(errorData ? { errorData } : {}),
      };
    }
  }
}
