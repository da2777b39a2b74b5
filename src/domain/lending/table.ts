import type { Status } from '../../protocols/iso18626/index.js';
import type { StateTable } from '../stateMachine.js';

/** The lending request: a partner's request for one of our items. */
export const lendingStates = {
  created: { label: 'Created lending request' },
  locate_in_process: { label: 'Locate in process' },
  being_processed: { label: 'Being processed' },
  expect_to_supply: { label: 'Request accepted' },
  will_supply: { label: 'Will supply' },
  conditional: { label: 'Conditional' },
  shipped_physically: { label: 'Shipped physically' },
  shipped_digitally: { label: 'Shipped digitally' },
  received_by_partner: { label: 'Received by partner' },
  renew_requested: { label: 'Renew requested' },
  overdue: { label: 'Overdue' },
  recalled: { label: 'Recalled' },
  returned_by_partner: { label: 'Returned by partner' },
  completed: { label: 'Request completed', terminal: true },
  rejected: { label: 'Rejected', terminal: true },
  locate_failed: { label: 'Locate failed', terminal: true },
  cancelled: { label: 'Cancelled', terminal: true },
  expired: { label: 'Expired', terminal: true },
} as const;
export type LendingStatus = keyof typeof lendingStates;

export const LENDING_ACTIONS = [
  'locate',
  'will-supply',
  'expect-to-supply',
  'conditional',
  'reject',
  'ship',
  'ship-digitally',
  'answer-renewal',
  'answer-cancel',
  'recall',
  'mark-overdue',
  'check-in',
  'complete',
] as const;
export type LendingAction = (typeof LENDING_ACTIONS)[number];

/** What the borrower told us: one event per requestingAgencyMessage action (plus our note conventions). */
export const REQUESTER_EVENTS = [
  'requester:Received',
  'requester:Renew',
  'requester:ShippedReturn',
  'requester:Cancel',
  'requester:ConditionsAccepted',
  'requester:Lost',
  'requester:Damaged',
  'requester:StatusRequest',
  'requester:Notification',
] as const;
export type RequesterEvent = (typeof REQUESTER_EVENTS)[number];

/** Lending locate (automatic on arrival, or the staff action `locate`) and the reply-by date of conditions passing unanswered. */
export const LENDING_SYSTEM_EVENTS = ['locate:start', 'locate:found', 'locate:none', 'timer:expire'] as const;
export type LendingSystemEvent = (typeof LENDING_SYSTEM_EVENTS)[number];

/**
 * What a broker told us over NCIP about a lending request it owns (src/domain/lending/brokerTable.ts):
 * RequestItem (asks us for the item), CheckOutItem (shipped), RenewItem (new due date),
 * CheckInItem (back home) and CancelRequestItem.
 */
export const BROKER_LENDING_EVENTS = ['broker:RequestItem', 'broker:CheckOutItem', 'broker:RenewItem', 'broker:CheckInItem', 'broker:Cancelled'] as const;
export type BrokerLendingEvent = (typeof BROKER_LENDING_EVENTS)[number];

export type LendingEvent = LendingAction | RequesterEvent | LendingSystemEvent | BrokerLendingEvent;

export type LendingFact = 'answerYes' | 'cancelRequested' | 'isCopy';

/** A supplyingAgencyMessage to the borrower; the service fills in dates, notes and reasons from the action's input. */
export type LendingEffect =
  | { kind: 'tell-borrower'; reason: 'RequestResponse' | 'StatusChange' | 'RenewResponse' | 'CancelResponse' | 'StatusRequestResponse' | 'Notification'; status?: Status; answer?: 'Y' | 'N' }
  | { kind: 'flag-cancel-requested' }
  | { kind: 'clear-cancel-requested' }
  | { kind: 'record-terms' }
  /** Built-in circulation: the shipped item (found by barcode) is on loan to the borrower at the resource-sharing location. */
  | { kind: 'lend-item' }
  /** Checked in: the item is available again at its own location. */
  | { kind: 'return-lent-item' };

export const NOT_SHIPPED = ['created', 'locate_in_process', 'being_processed', 'expect_to_supply', 'will_supply'] as const satisfies readonly LendingStatus[];
export const ON_LOAN = ['received_by_partner', 'overdue', 'recalled'] as const satisfies readonly LendingStatus[];
const ALL = Object.keys(lendingStates) as LendingStatus[];
const OPEN = Object.keys(lendingStates).filter((s) => !('terminal' in lendingStates[s as LendingStatus])) as LendingStatus[];

/** The ISO 18626 status a StatusRequest is answered with, per state. */
export const isoStatusOfLending: Record<LendingStatus, Status> = {
  created: 'RequestReceived',
  locate_in_process: 'RequestReceived',
  being_processed: 'RequestReceived',
  expect_to_supply: 'ExpectToSupply',
  will_supply: 'WillSupply',
  conditional: 'RetryPossible',
  shipped_physically: 'Loaned',
  shipped_digitally: 'CopyCompleted',
  received_by_partner: 'Loaned',
  renew_requested: 'Loaned',
  overdue: 'Overdue',
  recalled: 'Recalled',
  returned_by_partner: 'Loaned',
  completed: 'LoanCompleted',
  rejected: 'Unfilled',
  locate_failed: 'Unfilled',
  cancelled: 'Cancelled',
  expired: 'Unfilled',
};

export const lendingTable: StateTable<LendingStatus, LendingEvent, LendingFact, LendingEffect> = {
  name: 'Lending request',
  states: lendingStates,
  initial: 'created',
  facts: {
    answerYes: 'the answer is yes',
    cancelRequested: 'the borrower asked to cancel',
    isCopy: 'a copy (not a loan) was requested',
  },
  transitions: [
    // Finding the item on our own shelves: automatic on arrival, or staff run it when auto-locate is off.
    { from: ['created'], on: 'locate:start', to: 'locate_in_process' },
    { from: ['created'], on: 'locate', unless: ['cancelRequested'], to: 'locate_in_process', note: 'locate run by staff' },
    { from: ['locate_in_process'], on: 'locate:found', to: 'being_processed' },
    { from: ['locate_in_process'], on: 'locate:none', to: 'locate_failed', effects: [{ kind: 'tell-borrower', reason: 'RequestResponse', status: 'Unfilled' }] },

    // Answering the request
    { from: ['created', 'being_processed'], on: 'expect-to-supply', unless: ['cancelRequested'], to: 'expect_to_supply', step: 'expect-to-supply', effects: [{ kind: 'tell-borrower', reason: 'RequestResponse', status: 'ExpectToSupply' }] },
    { from: ['created', 'being_processed', 'expect_to_supply'], on: 'will-supply', unless: ['cancelRequested'], to: 'will_supply', step: 'will-supply', effects: [{ kind: 'tell-borrower', reason: 'RequestResponse', status: 'WillSupply' }] },
    { from: ['created', 'being_processed', 'expect_to_supply'], on: 'conditional', unless: ['cancelRequested'], to: 'conditional', step: 'conditional', effects: [{ kind: 'record-terms' }, { kind: 'tell-borrower', reason: 'RequestResponse', status: 'RetryPossible' }] },
    { from: ['conditional'], on: 'requester:ConditionsAccepted', to: 'will_supply', effects: [{ kind: 'tell-borrower', reason: 'StatusChange', status: 'WillSupply' }] },
    { from: ['conditional'], on: 'timer:expire', to: 'expired', effects: [{ kind: 'tell-borrower', reason: 'StatusChange', status: 'Unfilled' }], note: 'conditions not answered in time' },
    { from: [...NOT_SHIPPED, 'conditional'], on: 'reject', to: 'rejected', effects: [{ kind: 'tell-borrower', reason: 'RequestResponse', status: 'Unfilled' }] },

    // Cancelling: the borrower asks, staff answer; conditions never answered are simply dropped.
    { from: NOT_SHIPPED, on: 'requester:Cancel', unless: ['cancelRequested'], effects: [{ kind: 'flag-cancel-requested' }], note: 'cancel requested' },
    { from: NOT_SHIPPED, on: 'requester:Cancel', when: ['cancelRequested'], note: 'cancel asked again' },
    // Too late: the item is on its way; say so at once.
    { from: ['shipped_physically', 'shipped_digitally'], on: 'requester:Cancel', effects: [{ kind: 'tell-borrower', reason: 'CancelResponse', answer: 'N' }], note: 'cancel refused: already shipped' },
    { from: ['conditional'], on: 'requester:Cancel', to: 'cancelled', effects: [{ kind: 'tell-borrower', reason: 'CancelResponse', status: 'Cancelled', answer: 'Y' }], note: 'conditions declined' },
    { from: NOT_SHIPPED, on: 'answer-cancel', when: ['cancelRequested', 'answerYes'], to: 'cancelled', effects: [{ kind: 'clear-cancel-requested' }, { kind: 'tell-borrower', reason: 'CancelResponse', status: 'Cancelled', answer: 'Y' }] },
    { from: NOT_SHIPPED, on: 'answer-cancel', when: ['cancelRequested'], unless: ['answerYes'], effects: [{ kind: 'clear-cancel-requested' }, { kind: 'tell-borrower', reason: 'CancelResponse', answer: 'N' }], note: 'cancel refused' },

    // Shipping
    { from: NOT_SHIPPED, on: 'ship', unless: ['isCopy', 'cancelRequested'], to: 'shipped_physically', effects: [{ kind: 'record-terms' }, { kind: 'lend-item' }, { kind: 'tell-borrower', reason: 'StatusChange', status: 'Loaned' }] },
    { from: NOT_SHIPPED, on: 'ship-digitally', unless: ['cancelRequested'], to: 'shipped_digitally', effects: [{ kind: 'record-terms' }, { kind: 'tell-borrower', reason: 'StatusChange', status: 'CopyCompleted' }] },
    { from: ['shipped_physically'], on: 'requester:Received', to: 'received_by_partner' },
    { from: ['shipped_digitally'], on: 'requester:Received', to: 'completed' },
    { from: ['shipped_digitally'], on: 'complete', to: 'completed' },

    // The loan
    { from: ON_LOAN, on: 'requester:Renew', to: 'renew_requested', step: 'manual-renew' },
    { from: ON_LOAN, on: 'requester:Renew', withoutStep: 'manual-renew', effects: [{ kind: 'tell-borrower', reason: 'RenewResponse', answer: 'N' }], note: 'renewals are not offered' },
    { from: ['renew_requested'], on: 'answer-renewal', when: ['answerYes'], to: 'received_by_partner', effects: [{ kind: 'record-terms' }, { kind: 'tell-borrower', reason: 'RenewResponse', status: 'Loaned', answer: 'Y' }] },
    { from: ['renew_requested'], on: 'answer-renewal', unless: ['answerYes'], to: 'received_by_partner', effects: [{ kind: 'tell-borrower', reason: 'RenewResponse', status: 'Loaned', answer: 'N' }] },
    { from: ['received_by_partner', 'overdue', 'renew_requested'], on: 'recall', to: 'recalled', effects: [{ kind: 'record-terms' }, { kind: 'tell-borrower', reason: 'StatusChange', status: 'Recalled' }] },
    { from: ['shipped_physically', 'received_by_partner', 'recalled', 'renew_requested'], on: 'mark-overdue', to: 'overdue', effects: [{ kind: 'tell-borrower', reason: 'StatusChange', status: 'Overdue' }] },
    { from: [...ON_LOAN, 'shipped_physically', 'renew_requested'], on: 'requester:ShippedReturn', to: 'returned_by_partner' },
    { from: [...ON_LOAN, 'shipped_physically', 'renew_requested'], on: 'requester:Lost', note: 'borrower reports the item lost' },
    { from: [...ON_LOAN, 'shipped_physically', 'renew_requested', 'returned_by_partner'], on: 'requester:Damaged', note: 'borrower reports the item damaged' },

    // Back home
    { from: ['returned_by_partner', ...ON_LOAN, 'shipped_physically', 'renew_requested'], on: 'check-in', to: 'completed', effects: [{ kind: 'return-lent-item' }, { kind: 'tell-borrower', reason: 'StatusChange', status: 'LoanCompleted' }], note: 'checked in' },
    // Lost for good: close without the item.
    { from: [...ON_LOAN, 'shipped_physically', 'renew_requested'], on: 'complete', to: 'completed', effects: [{ kind: 'tell-borrower', reason: 'StatusChange', status: 'CompletedWithoutReturn' }], note: 'completed without return' },

    // Always answerable
    { from: ALL, on: 'requester:StatusRequest', effects: [{ kind: 'tell-borrower', reason: 'StatusRequestResponse' }] },
    { from: OPEN, on: 'requester:Notification' },
  ],
};
