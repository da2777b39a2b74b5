import type { StateTable } from '../stateMachine.js';
import { lendingStates, type LendingEffect, type LendingEvent, type LendingFact, type LendingStatus } from './table.js';

/**
 * A lending request a broker owns (seed 004, "Broker-Based Resource Sharing - Lending"): the
 * broker asks for the item (RequestItem: staff pick it), tells us it was shipped (CheckOutItem:
 * the item goes on loan to the borrowing institution) and that it came back (CheckInItem:
 * completed, the loan released). Nothing here sends ISO 18626; staff may recall the item.
 * A message repeated for a request it already moved on (RequestItem again, CheckInItem for a
 * completed request, CancelRequestItem for a cancelled one) is answered by the NCIP handlers
 * as the first time and never applied twice, so it has no row here.
 */
const OUT = ['shipped_physically', 'recalled', 'overdue'] as const satisfies readonly LendingStatus[];

export const brokerLendingTable: StateTable<LendingStatus, LendingEvent, LendingFact, LendingEffect> = {
  name: 'Broker-managed lending request',
  states: lendingStates,
  initial: 'created',
  facts: {
    answerYes: 'not used',
    cancelRequested: 'not used: the broker cancels outright',
    isCopy: 'a copy (not a loan) was requested',
  },
  transitions: [
    { from: ['created'], on: 'broker:RequestItem', to: 'will_supply', note: 'requested by the broker' },
    // Shipped in the broker's system: the item is checked out to the borrowing institution here.
    { from: ['created', 'will_supply'], on: 'broker:CheckOutItem', unless: ['isCopy'], to: 'shipped_physically', effects: [{ kind: 'record-terms' }, { kind: 'lend-item' }] },
    { from: ['created', 'will_supply'], on: 'broker:CheckOutItem', when: ['isCopy'], to: 'completed', effects: [{ kind: 'record-terms' }], note: 'delivered digitally' },
    { from: OUT, on: 'broker:CheckOutItem', effects: [{ kind: 'record-terms' }], note: 'check-out repeated' },
    { from: OUT, on: 'broker:RenewItem', effects: [{ kind: 'record-terms' }], note: 'renewed through the broker' },
    { from: ['shipped_physically', 'overdue'], on: 'recall', to: 'recalled', effects: [{ kind: 'record-terms' }] },
    { from: ['shipped_physically', 'recalled'], on: 'mark-overdue', to: 'overdue' },
    // Staff who scan the item back in before the broker says so close it the same way.
    { from: OUT, on: 'check-in', to: 'completed', effects: [{ kind: 'return-lent-item' }], note: 'checked in' },
    { from: OUT, on: 'broker:CheckInItem', to: 'completed', effects: [{ kind: 'return-lent-item' }], note: 'checked in: loan released' },
    { from: ['created', 'will_supply'], on: 'broker:Cancelled', to: 'cancelled' },
  ],
};
