import type { StateTable } from '../stateMachine.js';
import {
  borrowingStates,
  ON_LOAN,
  withCancelNotice,
  withCleanup,
  type BorrowingEffect,
  type BorrowingEvent,
  type BorrowingFact,
  type BorrowingStatus,
} from './table.js';

/**
 * A borrowing request a broker owns (seed 004, DOMAIN.md "Broker-based sharing"): the broker
 * keeps the rota and talks to the lender; we hear from it only when the item arrives
 * (AcceptItem), is renewed or recalled, and when it went back (CheckInItem). Staff act on the
 * circulation (loan, return, ship back) and ask for renewals, which go to the broker; nothing
 * here sends ISO 18626, and rota actions (send, cancel-partner, …) are never offered.
 */
const PATRON_HAS_IT = ['loaned_to_patron', 'renewed', 'renew_refused', 'recalled', 'overdue'] as const satisfies readonly BorrowingStatus[];
const ARRIVED = [...ON_LOAN, 'renew_requested', 'returned_by_patron', 'returned_to_partner'] as const satisfies readonly BorrowingStatus[];

export const brokerBorrowingTable: StateTable<BorrowingStatus, BorrowingEvent, BorrowingFact, BorrowingEffect> = {
  name: 'Broker-managed borrowing request',
  states: borrowingStates,
  initial: 'created',
  facts: {
    hasNextPartner: 'not used: the broker keeps the rota',
    cancelOnLocateFailure: 'not used: the broker keeps the rota',
    lenderWillSupply: 'not used',
    lenderExpectsToSupply: 'not used',
    digital: 'the item arrived digitally',
    automaticReceive: 'the broker partner receives digital items automatically',
  },
  transitions: withCancelNotice(
    withCleanup([
      // The item arrived: a physical one waits on the hold shelf, a digital one is delivered.
      { from: ['created'], on: 'broker:AcceptItem', unless: ['digital'], to: 'received_physically', effects: [{ kind: 'record-lender-terms' }, { kind: 'create-temporary-item' }] },
      { from: ['created'], on: 'broker:AcceptItem', when: ['digital', 'automaticReceive'], to: 'completed', effects: [{ kind: 'record-lender-terms' }], note: 'received digitally: completed automatically' },
      { from: ['created'], on: 'broker:AcceptItem', when: ['digital'], unless: ['automaticReceive'], to: 'shipped_digitally', effects: [{ kind: 'record-lender-terms' }] },
      { from: ['shipped_digitally'], on: 'mark-received-digitally', to: 'received_digitally' },
      { from: ['received_digitally'], on: 'complete', to: 'completed' },

      // The loan, run here as for any other item on the hold shelf.
      { from: ['received_physically'], on: 'loan-to-patron', to: 'loaned_to_patron', effects: [{ kind: 'start-patron-loan' }] },
      // The renewal request itself goes to the broker (RenewItem) before this row applies.
      { from: PATRON_HAS_IT, on: 'request-renewal', to: 'renew_requested', step: 'manual-renew' },
      { from: [...PATRON_HAS_IT, 'renew_requested'], on: 'broker:RenewAccepted', to: 'renewed', effects: [{ kind: 'record-lender-terms' }, { kind: 'renew-patron-loan' }, { kind: 'notify-patron', notice: 'renewed' }] },
      { from: ['renew_requested'], on: 'broker:RenewRefused', to: 'renew_refused' },
      { from: ['received_physically', ...PATRON_HAS_IT, 'renew_requested'], on: 'broker:Recalled', to: 'recalled', effects: [{ kind: 'record-lender-terms' }, { kind: 'notify-patron', notice: 'recalled' }] },
      { from: [...PATRON_HAS_IT, 'renew_requested'], on: 'patron-return', to: 'returned_by_patron', effects: [{ kind: 'end-patron-loan' }] },
      { from: ['returned_by_patron'], on: 'return-to-lender', to: 'returned_to_partner', effects: [{ kind: 'item-in-transit' }] },

      // The broker closes: the item is back with its lender (or never reached the patron).
      { from: ARRIVED, on: 'broker:CheckInItem', to: 'completed' },
      { from: ['completed'], on: 'broker:CheckInItem', note: 'check-in repeated' },
      { from: ['created', 'shipped_digitally', 'received_physically'], on: 'broker:Cancelled', to: 'cancelled', effects: [{ kind: 'cancel-patron-hold' }] },
      { from: ['cancelled'], on: 'broker:Cancelled', note: 'cancel repeated' },
    ]),
  ),
};
