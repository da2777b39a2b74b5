import type { PatronNoticeKind } from '../circulation/patronNotices.js';
import type { StateTable } from '../stateMachine.js';

/**
 * The borrowing request: what a library asks of its partners for its patron.
 * Status codes are stored; labels are the names staff know.
 */
export const borrowingStates = {
  created: { label: 'Created' },
  pending_approval: { label: 'Pending approval' },
  locate_in_process: { label: 'Locate in process' },
  ready_to_send: { label: 'Ready to be sent' },
  locate_failed: { label: 'Locate failed' },
  request_sent: { label: 'Request sent to partner' },
  request_accepted: { label: 'Request accepted' },
  will_supply: { label: 'Will supply' },
  conditional: { label: 'Conditional' },
  waiting_for_cancel: { label: 'Waiting for cancel response' },
  shipped_physically: { label: 'Shipped physically' },
  shipped_digitally: { label: 'Shipped digitally' },
  received_physically: { label: 'Received physically' },
  received_digitally: { label: 'Received digitally' },
  loaned_to_patron: { label: 'Loaned item to patron' },
  renew_requested: { label: 'Renew requested' },
  renewed: { label: 'Renewed by partner' },
  renew_refused: { label: 'Renew request not accepted' },
  recalled: { label: 'Recalled by partner' },
  overdue: { label: 'Overdue' },
  damaged_communicated: { label: 'Damaged communicated' },
  lost_communicated: { label: 'Lost communicated' },
  returned_by_patron: { label: 'Returned by patron' },
  returned_to_partner: { label: 'Returned item to partner' },
  completed: { label: 'Request completed', terminal: true },
  cancelled: { label: 'Cancelled', terminal: true },
  expired: { label: 'Expired', terminal: true },
} as const;
export type BorrowingStatus = keyof typeof borrowingStates;

/** Actions staff (or the API on their behalf) can take; the API path uses these names. */
export const BORROWING_ACTIONS = [
  'send',
  'approve',
  'cancel',
  'cancel-partner',
  'accept-conditions',
  'reject-conditions',
  'receive',
  'mark-received-digitally',
  'loan-to-patron',
  'patron-return',
  'request-renewal',
  'report-lost',
  'report-damaged',
  'return-to-lender',
  'complete',
  'locate',
] as const;
export type BorrowingAction = (typeof BORROWING_ACTIONS)[number];

/**
 * What the current lender told us, one event per meaning of a supplyingAgencyMessage
 * (services/inbound/eventMapping.ts maps reasonForMessage, status and answer to these).
 */
export const SUPPLIER_EVENTS = [
  'supplier:RequestReceived',
  'supplier:ExpectToSupply',
  'supplier:WillSupply',
  'supplier:Conditional',
  'supplier:Loaned',
  'supplier:CopyCompleted',
  'supplier:Unfilled',
  'supplier:Cancelled',
  'supplier:CancelAccepted',
  'supplier:CancelRefused',
  'supplier:RenewAccepted',
  'supplier:RenewRefused',
  'supplier:Recalled',
  'supplier:Overdue',
  'supplier:LoanCompleted',
  'supplier:CompletedWithoutReturn',
  'supplier:Notification',
] as const;
export type SupplierEvent = (typeof SUPPLIER_EVENTS)[number];

/** Events from the system itself: timers, and locate and approval (driven by later capabilities). */
export const BORROWING_SYSTEM_EVENTS = ['timer:expire', 'locate:start', 'locate:found', 'locate:none', 'rules:hold-for-approval'] as const;
export type BorrowingSystemEvent = (typeof BORROWING_SYSTEM_EVENTS)[number];

/**
 * What a broker told us over NCIP about a request it owns (src/domain/borrowing/brokerTable.ts):
 * AcceptItem (the item arrived for our patron), RenewItem (renewed, or our renewal answered),
 * RecallItem, CheckInItem (the item went back: close) and CancelRequestItem.
 */
export const BROKER_BORROWING_EVENTS = [
  'broker:AcceptItem',
  'broker:RenewAccepted',
  'broker:RenewRefused',
  'broker:Recalled',
  'broker:CheckInItem',
  'broker:Cancelled',
] as const;
export type BrokerBorrowingEvent = (typeof BROKER_BORROWING_EVENTS)[number];

export type BorrowingEvent = BorrowingAction | SupplierEvent | BorrowingSystemEvent | BrokerBorrowingEvent;

/** Facts about the request (rota, settings) and about the inbound message being applied. */
export type BorrowingFact =
  | 'hasNextPartner'
  | 'cancelOnLocateFailure'
  | 'lenderWillSupply'
  | 'lenderExpectsToSupply'
  /** Broker-managed requests: the item arrived digitally, and the broker partner receives digital items automatically. */
  | 'digital'
  | 'automaticReceive';

export type LenderAction = 'Cancel' | 'Received' | 'Renew' | 'ShippedReturn' | 'Notification';

export type BorrowingEffect =
  /** Send the request to the next pending rota partner and mark that entry sent. */
  | { kind: 'send-to-next-partner' }
  /** A requestingAgencyMessage to the current lender. */
  | { kind: 'tell-lender'; action: LenderAction; note?: string }
  /** Close the current rota entry. */
  | { kind: 'close-current-entry'; status: 'rejected' | 'cancelled' | 'expired' }
  | { kind: 'current-entry-supplying' }
  | { kind: 'cancel-pending-entries' }
  /** Keep what the lender sent: due date, conditions, delivery details. */
  | { kind: 'record-lender-terms' }
  | { kind: 'cancel-patron-hold' }
  /** Built-in circulation: temporary bib, holding and item, and a hold for the patron on the hold shelf. */
  | { kind: 'create-temporary-item' }
  /** Fulfil the hold and lend the item to the patron until the lender's due date. */
  | { kind: 'start-patron-loan' }
  | { kind: 'renew-patron-loan' }
  | { kind: 'end-patron-loan' }
  | { kind: 'item-in-transit' }
  /** The request closed: its temporary bib, holding, item and hold go; loans stay as history. */
  | { kind: 'remove-temporary-records' }
  /** Queue a locate run for the locate worker (searching partners is I/O outside the transaction). */
  | { kind: 'enqueue-locate' }
  /** Queue an email to the patron, sent by the notice worker after commit. */
  | { kind: 'notify-patron'; notice: PatronNoticeKind };

export const CONDITIONS_ACCEPTED_NOTE = '#ConditionsAccepted#';
export const LOST_NOTE = '#Lost#';
export const DAMAGED_NOTE = '#Damaged#';

type BorrowingTransitions = StateTable<BorrowingStatus, BorrowingEvent, BorrowingFact, BorrowingEffect>['transitions'];

/** States in which the current lender holds the request and has not shipped yet. */
const WITH_LENDER = ['request_sent', 'request_accepted', 'will_supply', 'conditional'] as const satisfies readonly BorrowingStatus[];
/** States in which the item is with us (or the patron) and on loan from the lender. */
export const ON_LOAN = ['received_physically', 'loaned_to_patron', 'renewed', 'renew_refused', 'recalled', 'overdue'] as const satisfies readonly BorrowingStatus[];
/** Before anything was sent. */
const NOT_SENT = ['created', 'pending_approval', 'locate_in_process', 'ready_to_send', 'locate_failed'] as const satisfies readonly BorrowingStatus[];
const NOT_FINISHED = Object.keys(borrowingStates).filter(
  (s) => !('terminal' in borrowingStates[s as BorrowingStatus]),
) as BorrowingStatus[];

/** The next partner, or the end of the rota: shared by every event that gives up on the current lender. */
function moveOn(
  from: readonly BorrowingStatus[],
  on: BorrowingEvent,
  closeAs: 'rejected' | 'cancelled' | 'expired',
  exhausted: 'locate_failed' | 'expired',
  tellLender?: LenderAction,
): StateTable<BorrowingStatus, BorrowingEvent, BorrowingFact, BorrowingEffect>['transitions'] {
  const close: BorrowingEffect[] = [
    ...(tellLender ? [{ kind: 'tell-lender', action: tellLender } as const] : []),
    { kind: 'close-current-entry', status: closeAs },
  ];
  const next = { from, on, when: ['hasNextPartner'], to: 'request_sent', effects: [...close, { kind: 'send-to-next-partner' }], note: 'next partner' } as const;
  // Expiry ends as Expired whatever the library setting; the setting is about lenders saying no.
  if (exhausted === 'expired') return [next, { from, on, unless: ['hasNextPartner'], to: 'expired', effects: close, note: 'rota exhausted' }];
  return [
    next,
    { from, on, unless: ['hasNextPartner'], when: ['cancelOnLocateFailure'], to: 'cancelled', effects: close, note: 'rota exhausted' },
    { from, on, unless: ['hasNextPartner', 'cancelOnLocateFailure'], to: exhausted, effects: close, note: 'rota exhausted' },
  ];
}

/** States after receipt: the temporary records of the built-in circulation may exist. */
const AFTER_RECEIPT: ReadonlySet<BorrowingStatus> = new Set([...ON_LOAN, 'renew_requested', 'returned_by_patron', 'returned_to_partner', 'lost_communicated', 'damaged_communicated']);

/** Every way from receipt into a final state removes the temporary records, so no path can leave them behind. */
export function withCleanup(transitions: BorrowingTransitions): BorrowingTransitions {
  return transitions.map((t) =>
    t.to !== undefined && 'terminal' in borrowingStates[t.to] && t.from.some((from) => AFTER_RECEIPT.has(from))
      ? { ...t, effects: [...(t.effects ?? []), { kind: 'remove-temporary-records' } as const] }
      : t,
  );
}

/** Every way into Cancelled tells the patron, so no cancelling path can forget to. */
export function withCancelNotice(transitions: BorrowingTransitions): BorrowingTransitions {
  return transitions.map((t) =>
    t.to === 'cancelled' && !t.from.every((from) => from === 'cancelled') ? { ...t, effects: [...(t.effects ?? []), { kind: 'notify-patron', notice: 'cancelled' } as const] } : t,
  );
}

export const borrowingTable: StateTable<BorrowingStatus, BorrowingEvent, BorrowingFact, BorrowingEffect> = {
  name: 'Borrowing request',
  states: borrowingStates,
  initial: 'created',
  facts: {
    hasNextPartner: 'a pending partner left in the rota',
    cancelOnLocateFailure: 'the library cancels requests whose rota is exhausted',
    lenderWillSupply: 'the lender says it will supply',
    lenderExpectsToSupply: 'the lender says it expects to supply',
    digital: 'the item arrived digitally',
    automaticReceive: 'the partner receives digital items automatically',
  },
  transitions: withCancelNotice(withCleanup([
    // Getting ready
    { from: ['created'], on: 'rules:hold-for-approval', to: 'pending_approval' },
    { from: ['pending_approval'], on: 'approve', to: 'ready_to_send' },
    { from: ['created', 'ready_to_send'], on: 'locate:start', to: 'locate_in_process', effects: [{ kind: 'enqueue-locate' }] },
    { from: ['created', 'ready_to_send', 'locate_failed'], on: 'locate', to: 'locate_in_process', effects: [{ kind: 'enqueue-locate' }], note: 'locate asked by staff' },
    // A locate that failed for good (or staff who will not wait) must not strand the request.
    { from: ['locate_in_process'], on: 'locate', to: 'locate_in_process', effects: [{ kind: 'enqueue-locate' }], note: 'locate asked again by staff' },
    { from: ['locate_in_process'], on: 'locate:found', to: 'ready_to_send' },
    { from: ['locate_in_process'], on: 'locate:none', when: ['cancelOnLocateFailure'], to: 'cancelled', effects: [{ kind: 'cancel-pending-entries' }] },
    { from: ['locate_in_process'], on: 'locate:none', unless: ['cancelOnLocateFailure'], to: 'locate_failed' },
    { from: ['created', 'locate_in_process', 'ready_to_send', 'locate_failed'], on: 'send', when: ['hasNextPartner'], to: 'request_sent', effects: [{ kind: 'send-to-next-partner' }] },

    // Cancelling
    { from: NOT_SENT, on: 'cancel', to: 'cancelled', effects: [{ kind: 'cancel-pending-entries' }] },
    { from: WITH_LENDER, on: 'cancel', to: 'waiting_for_cancel', effects: [{ kind: 'tell-lender', action: 'Cancel' }] },
    { from: ['received_physically'], on: 'cancel', to: 'returned_by_patron', effects: [{ kind: 'cancel-patron-hold' }], note: 'cancelled after receipt: the item goes back' },
    { from: ['waiting_for_cancel'], on: 'supplier:CancelAccepted', to: 'cancelled', effects: [{ kind: 'close-current-entry', status: 'cancelled' }, { kind: 'cancel-pending-entries' }] },
    { from: ['waiting_for_cancel'], on: 'supplier:Cancelled', to: 'cancelled', effects: [{ kind: 'close-current-entry', status: 'cancelled' }, { kind: 'cancel-pending-entries' }] },
    { from: ['waiting_for_cancel'], on: 'supplier:Unfilled', to: 'cancelled', effects: [{ kind: 'close-current-entry', status: 'rejected' }, { kind: 'cancel-pending-entries' }] },
    // A refusal says where the lender stands; we go back to that.
    { from: ['waiting_for_cancel'], on: 'supplier:CancelRefused', when: ['lenderWillSupply'], to: 'will_supply', effects: [{ kind: 'current-entry-supplying' }], note: 'lender refused to cancel' },
    { from: ['waiting_for_cancel'], on: 'supplier:CancelRefused', when: ['lenderExpectsToSupply'], to: 'request_accepted', note: 'lender refused to cancel' },
    { from: ['waiting_for_cancel'], on: 'supplier:CancelRefused', unless: ['lenderWillSupply', 'lenderExpectsToSupply'], to: 'request_sent', note: 'lender refused to cancel' },
    { from: ['shipped_physically', 'shipped_digitally'], on: 'supplier:CancelRefused', note: 'too late to cancel: already shipped' },
    { from: ['waiting_for_cancel'], on: 'supplier:Loaned', to: 'shipped_physically', effects: [{ kind: 'current-entry-supplying' }, { kind: 'record-lender-terms' }], note: 'shipped before the cancel arrived' },
    { from: ['waiting_for_cancel'], on: 'supplier:CopyCompleted', to: 'shipped_digitally', effects: [{ kind: 'current-entry-supplying' }, { kind: 'record-lender-terms' }], note: 'sent before the cancel arrived' },
    ...moveOn(WITH_LENDER, 'cancel-partner', 'cancelled', 'locate_failed', 'Cancel'),

    // The lender's answer
    { from: ['request_sent'], on: 'supplier:RequestReceived' },
    { from: ['request_sent'], on: 'supplier:ExpectToSupply', to: 'request_accepted', step: 'expect-to-supply' },
    { from: ['request_sent', 'request_accepted', 'conditional'], on: 'supplier:WillSupply', to: 'will_supply', step: 'will-supply', effects: [{ kind: 'current-entry-supplying' }] },
    { from: ['request_sent', 'request_accepted'], on: 'supplier:Conditional', to: 'conditional', step: 'conditional', effects: [{ kind: 'record-lender-terms' }] },
    { from: ['conditional'], on: 'accept-conditions', to: 'request_accepted', step: 'conditional', effects: [{ kind: 'tell-lender', action: 'Notification', note: CONDITIONS_ACCEPTED_NOTE }] },
    ...moveOn(['conditional'], 'reject-conditions', 'rejected', 'locate_failed', 'Cancel'),
    ...moveOn(WITH_LENDER, 'supplier:Unfilled', 'rejected', 'locate_failed'),
    ...moveOn(WITH_LENDER, 'supplier:Cancelled', 'cancelled', 'locate_failed'),
    ...moveOn(['request_sent', 'request_accepted'], 'timer:expire', 'expired', 'expired', 'Cancel'),

    // Shipping and receiving
    { from: WITH_LENDER, on: 'supplier:Loaned', to: 'shipped_physically', effects: [{ kind: 'current-entry-supplying' }, { kind: 'record-lender-terms' }] },
    { from: WITH_LENDER, on: 'supplier:CopyCompleted', to: 'shipped_digitally', effects: [{ kind: 'current-entry-supplying' }, { kind: 'record-lender-terms' }] },
    { from: ['shipped_physically', 'received_physically', 'loaned_to_patron'], on: 'supplier:Loaned', effects: [{ kind: 'record-lender-terms' }], note: 'shipping notice repeated' },
    { from: ['will_supply'], on: 'supplier:WillSupply', note: 'will-supply repeated' },
    {
      from: ['shipped_physically', 'will_supply', 'request_accepted'],
      on: 'receive',
      to: 'received_physically',
      effects: [{ kind: 'current-entry-supplying' }, { kind: 'tell-lender', action: 'Received' }, { kind: 'create-temporary-item' }],
    },
    { from: ['shipped_digitally', 'will_supply', 'request_accepted'], on: 'mark-received-digitally', to: 'received_digitally', effects: [{ kind: 'current-entry-supplying' }, { kind: 'tell-lender', action: 'Received' }] },
    { from: ['received_digitally'], on: 'complete', to: 'completed' },

    // The loan
    { from: ['received_physically'], on: 'loan-to-patron', to: 'loaned_to_patron', effects: [{ kind: 'start-patron-loan' }] },
    { from: ['loaned_to_patron', 'renewed', 'renew_refused', 'overdue'], on: 'request-renewal', to: 'renew_requested', step: 'manual-renew', effects: [{ kind: 'tell-lender', action: 'Renew' }] },
    { from: ['renew_requested'], on: 'supplier:RenewAccepted', to: 'renewed', effects: [{ kind: 'record-lender-terms' }, { kind: 'renew-patron-loan' }, { kind: 'notify-patron', notice: 'renewed' }] },
    { from: ['renew_requested'], on: 'supplier:RenewRefused', to: 'renew_refused' },
    { from: ['shipped_physically', ...ON_LOAN, 'renew_requested'], on: 'supplier:Recalled', to: 'recalled', effects: [{ kind: 'record-lender-terms' }, { kind: 'notify-patron', notice: 'recalled' }] },
    { from: ['shipped_physically', 'received_physically'], on: 'supplier:Overdue', to: 'overdue' },
    // Only a patron who has the item is told it is overdue.
    { from: ['loaned_to_patron', 'renewed', 'renew_refused', 'renew_requested', 'recalled'], on: 'supplier:Overdue', to: 'overdue', effects: [{ kind: 'notify-patron', notice: 'overdue' }] },
    { from: ['overdue'], on: 'supplier:Overdue', note: 'overdue reminder' },
    { from: ['loaned_to_patron', 'renewed', 'renew_refused', 'recalled', 'overdue', 'renew_requested'], on: 'patron-return', to: 'returned_by_patron', effects: [{ kind: 'end-patron-loan' }] },
    { from: ON_LOAN, on: 'report-lost', to: 'lost_communicated', step: 'damaged-lost', effects: [{ kind: 'tell-lender', action: 'Notification', note: LOST_NOTE }] },
    { from: [...ON_LOAN, 'returned_by_patron'], on: 'report-damaged', to: 'damaged_communicated', step: 'damaged-lost', effects: [{ kind: 'tell-lender', action: 'Notification', note: DAMAGED_NOTE }] },

    // Going back
    { from: ['returned_by_patron', 'damaged_communicated'], on: 'return-to-lender', step: 'lender-check-in', to: 'returned_to_partner', effects: [{ kind: 'tell-lender', action: 'ShippedReturn' }, { kind: 'item-in-transit' }] },
    // With a lender that does not confirm check-in, sending the item back closes the request.
    { from: ['returned_by_patron', 'damaged_communicated'], on: 'return-to-lender', withoutStep: 'lender-check-in', to: 'completed', effects: [{ kind: 'tell-lender', action: 'ShippedReturn' }] },
    { from: ['returned_to_partner', 'lost_communicated', 'damaged_communicated'], on: 'supplier:LoanCompleted', to: 'completed' },
    { from: [...ON_LOAN, 'shipped_physically', 'renew_requested', 'returned_by_patron', 'returned_to_partner', 'lost_communicated', 'damaged_communicated'], on: 'supplier:CompletedWithoutReturn', to: 'completed' },
    // A lender that confirms check-in after we closed (its profile and ours disagree) is thanked, not refused.
    { from: ['completed'], on: 'supplier:LoanCompleted', note: 'lender checked the item in' },
    // Staff may close a request whose lender never confirms check-in or a lost item.
    { from: ['returned_to_partner', 'lost_communicated'], on: 'complete', to: 'completed' },

    // Anything else the lender says is kept on the request.
    { from: NOT_FINISHED, on: 'supplier:Notification' },
  ])),
};
