import { CONDITIONS_ACCEPTED_NOTE, DAMAGED_NOTE, LOST_NOTE, type SupplierEvent } from '../../domain/borrowing/table.js';
import type { RequesterEvent } from '../../domain/lending/table.js';
import type { RequestingAgencyMessage, Status, SupplyingAgencyMessage } from '../../protocols/iso18626/index.js';
import type { LenderTerms } from '../borrowing/applyBorrowingEvent.js';

/** The borrower's action as a lending event; our note conventions carry what 1.2 has no action for. */
export function requesterEvent(message: RequestingAgencyMessage): RequesterEvent {
  switch (message.action) {
    case 'Received':
    case 'Renew':
    case 'ShippedReturn':
    case 'Cancel':
    case 'StatusRequest':
      return `requester:${message.action}`;
    case 'Lost':
      return 'requester:Lost';
    case 'Notification': {
      const note = message.note ?? '';
      if (note.startsWith(CONDITIONS_ACCEPTED_NOTE)) return 'requester:ConditionsAccepted';
      if (note.startsWith(LOST_NOTE)) return 'requester:Lost';
      if (note.startsWith(DAMAGED_NOTE)) return 'requester:Damaged';
      return 'requester:Notification';
    }
    default:
      return 'requester:Notification';
  }
}

const BY_STATUS: Partial<Record<Status, SupplierEvent>> = {
  RequestReceived: 'supplier:RequestReceived',
  ExpectToSupply: 'supplier:ExpectToSupply',
  WillSupply: 'supplier:WillSupply',
  Loaned: 'supplier:Loaned',
  Overdue: 'supplier:Overdue',
  Recalled: 'supplier:Recalled',
  RetryPossible: 'supplier:Conditional',
  Unfilled: 'supplier:Unfilled',
  CopyCompleted: 'supplier:CopyCompleted',
  LoanCompleted: 'supplier:LoanCompleted',
  CompletedWithoutReturn: 'supplier:CompletedWithoutReturn',
  Cancelled: 'supplier:Cancelled',
};

/** The lender's message as a borrowing event: reasonForMessage, status and the yes/no answer together say what happened. */
export function supplierEvent(message: SupplyingAgencyMessage): SupplierEvent {
  const { reasonForMessage, answerYesNo } = message.messageInfo;
  const status = message.statusInfo.status;
  switch (reasonForMessage) {
    case 'RenewResponse':
      return answerYesNo === 'Y' || (answerYesNo === undefined && status === 'Loaned') ? 'supplier:RenewAccepted' : 'supplier:RenewRefused';
    case 'CancelResponse':
      return answerYesNo === 'Y' || (answerYesNo === undefined && status === 'Cancelled') ? 'supplier:CancelAccepted' : 'supplier:CancelRefused';
    case 'RequestResponse':
    case 'StatusChange':
      return BY_STATUS[status] ?? 'supplier:Notification';
    default:
      return 'supplier:Notification';
  }
}

export function lenderTerms(message: SupplyingAgencyMessage): LenderTerms {
  const info = message.messageInfo;
  const dueDate = message.statusInfo.dueDate;
  const conditions = info.reasonRetry ? [info.reasonRetry.value, info.note].filter(Boolean).join(': ') : undefined;
  return {
    ...(dueDate ? { dueDate: new Date(dueDate) } : {}),
    ...(conditions ? { conditions } : {}),
    ...(message.deliveryInfo?.itemId?.[0] ? { itemId: message.deliveryInfo.itemId[0] } : {}),
    ...(info.reasonUnfilled ? { reason: info.reasonUnfilled.value } : {}),
  };
}
