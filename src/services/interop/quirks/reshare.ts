import { CONDITIONS_ACCEPTED_NOTE } from '../../../domain/borrowing/table.js';
import type { AddressedMessage } from '../../inbound/delivery.js';
import { joinNote, noteOf, withNote } from '../notes.js';

/*
 * ReShare (mod-rs) as an ISO 18626 peer carries in notes what ISO 18626 1.2 has no element for:
 * - `#seq:N#` numbers its messages, `#lastSeq:N#` asks whether we got up to N;
 * - `#ReShareAddLoanCondition#` offers the loan under conditions; the borrower answers with
 *   `#ReShareLoanConditionAgreeResponse#` or `#ReShareLoanConditionRejectResponse#`;
 * - `#ReShareUpdatedField-<field>:<value>#` tells the lender the requester edited a field.
 */
export const ADD_LOAN_CONDITION = '#ReShareAddLoanCondition#';
export const CONDITION_AGREE = '#ReShareLoanConditionAgreeResponse#';
export const CONDITION_REJECT = '#ReShareLoanConditionRejectResponse#';

const SEQ = /#seq:(\d+)#/g;
const LAST_SEQ = /#lastSeq:(\d+)#/g;
const UPDATED_FIELD = /#ReShareUpdatedField-([^:#]+):([^#]*)#/g;

/** Sequence markers leave the note; what they said stays in it, readable, for the request history. */
export function sequenceMarkers(message: AddressedMessage): AddressedMessage {
  const note = noteOf(message);
  if (!note || !/#(?:seq|lastSeq):\d+#/.test(note)) return message;
  const seq = [...note.matchAll(SEQ)].map((m) => m[1]).at(-1);
  const lastSeq = [...note.matchAll(LAST_SEQ)].map((m) => m[1]).at(-1);
  const text = note.replace(SEQ, '').replace(LAST_SEQ, '');
  return withNote(
    message,
    joinNote(text, seq ? `[ReShare message #${seq}]` : undefined, lastSeq ? `[ReShare asks whether its messages up to #${lastSeq} arrived]` : undefined),
  );
}

/** A requester's edits are recorded, not applied: the request we hold is what was agreed. */
export function updatedFields(message: AddressedMessage): AddressedMessage {
  const note = noteOf(message);
  if (!note?.includes('#ReShareUpdatedField-')) return message;
  const edits = [...note.matchAll(UPDATED_FIELD)].map((m) => `${m[1]} = "${m[2]}"`);
  return withNote(message, joinNote(note.replace(UPDATED_FIELD, ''), `[requester edited, not applied: ${edits.join(', ')}]`));
}

/** Condition markers as our conditional flow: an offer is RetryPossible + LoanCondition; an answer is ours. */
export function conditionsIn(message: AddressedMessage): AddressedMessage {
  const note = noteOf(message)?.trim() ?? '';
  if (message.kind === 'supplyingAgencyMessage' && note.startsWith(ADD_LOAN_CONDITION)) {
    const codes = [...(message.deliveryInfo?.loanCondition ?? []), ...(message.retryInfo?.loanCondition ?? [])].map((c) => c.value);
    const conditions = joinNote(codes.join(', ') || undefined, note.slice(ADD_LOAN_CONDITION.length));
    const { deliveryInfo: _delivery, ...rest } = message;
    return withNote(
      {
        ...rest,
        messageInfo: { ...message.messageInfo, reasonForMessage: 'RequestResponse', reasonRetry: { value: 'LoanCondition' } },
        statusInfo: { ...message.statusInfo, status: 'RetryPossible' },
      },
      conditions,
    );
  }
  if (message.kind === 'requestingAgencyMessage' && message.action === 'Notification') {
    if (note.startsWith(CONDITION_AGREE)) return withNote(message, joinNote(CONDITIONS_ACCEPTED_NOTE, note.slice(CONDITION_AGREE.length)));
    // Declining our conditions is, in our flow, the borrower cancelling.
    if (note.startsWith(CONDITION_REJECT)) return withNote({ ...message, action: 'Cancel' }, joinNote('conditions declined', note.slice(CONDITION_REJECT.length)));
  }
  return message;
}

/** Our conditional offer and our acceptance, written as ReShare expects them. */
export function conditionsOut(message: AddressedMessage): AddressedMessage {
  if (message.kind === 'supplyingAgencyMessage' && message.statusInfo.status === 'RetryPossible' && message.messageInfo.reasonRetry?.value === 'LoanCondition') {
    // ReShare waits for an answer on an ExpectToSupply that carries the condition marker.
    const { reasonRetry: _retry, ...messageInfo } = message.messageInfo;
    return withNote({ ...message, messageInfo, statusInfo: { ...message.statusInfo, status: 'ExpectToSupply' } }, joinNote(ADD_LOAN_CONDITION, message.messageInfo.note));
  }
  if (message.kind === 'requestingAgencyMessage' && message.note?.startsWith(CONDITIONS_ACCEPTED_NOTE)) {
    return withNote(message, joinNote(CONDITION_AGREE, message.note.slice(CONDITIONS_ACCEPTED_NOTE.length)));
  }
  return message;
}
