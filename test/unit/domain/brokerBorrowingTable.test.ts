import { describe, expect, it } from 'vitest';
import { brokerBorrowingTable } from '../../../src/domain/borrowing/brokerTable.js';
import {
  BORROWING_ACTIONS,
  BROKER_BORROWING_EVENTS,
  borrowingStates,
  type BorrowingEvent,
  type BorrowingFact,
  type BorrowingStatus,
} from '../../../src/domain/borrowing/table.js';
import { deliveryOf } from '../../../src/domain/broker/digitalDelivery.js';
import { allowedEvents, decide, type Facts } from '../../../src/domain/stateMachine.js';
import {
  allFactCombinations,
  contradictoryRows,
  deadEnds,
  exitsFromTerminalStates,
  lastState,
  reachableStates,
  repeatedFromStates,
  shadowedRows,
  undeclaredFacts,
  undeclaredStates,
  unusedEvents,
  walk,
} from './tableChecks.js';

const PHYSICAL: Facts<BorrowingFact> = { digital: false };
const DIGITAL_AUTO: Facts<BorrowingFact> = { digital: true, automaticReceive: true };
const DIGITAL_MANUAL: Facts<BorrowingFact> = { digital: true, automaticReceive: false };

function go(from: BorrowingStatus, event: BorrowingEvent, facts: Facts<BorrowingFact> = {}) {
  return decide(brokerBorrowingTable, from, event, { facts });
}

function effectsOf(from: BorrowingStatus, event: BorrowingEvent, facts: Facts<BorrowingFact> = {}): string[] {
  const decision = go(from, event, facts);
  if (!decision.ok) throw new Error(decision.reason);
  return decision.effects.map((e) => e.kind);
}

describe('broker-managed borrowing table: structure', () => {
  it('names only declared states and facts, never leaves a terminal state, has no dead or contradictory rows', () => {
    expect(undeclaredStates(brokerBorrowingTable)).toEqual([]);
    expect(undeclaredFacts(brokerBorrowingTable)).toEqual([]);
    expect(exitsFromTerminalStates(brokerBorrowingTable)).toEqual([]);
    expect(repeatedFromStates(brokerBorrowingTable)).toEqual([]);
    expect(contradictoryRows(brokerBorrowingTable)).toEqual([]);
    expect(shadowedRows(brokerBorrowingTable)).toEqual([]);
    expect(unusedEvents(brokerBorrowingTable, BROKER_BORROWING_EVENTS)).toEqual([]);
  });

  it('every status a broker-managed request can reach has a way forward or is final', () => {
    const reachable = reachableStates(brokerBorrowingTable);
    expect(deadEnds(brokerBorrowingTable).filter((s) => reachable.has(s))).toEqual([]);
    expect([...reachable].sort()).toEqual(
      [
        'created',
        'received_physically',
        'shipped_digitally',
        'received_digitally',
        'completed',
        'loaned_to_patron',
        'renew_requested',
        'renewed',
        'renew_refused',
        'recalled',
        'returned_by_patron',
        'returned_to_partner',
        'cancelled',
      ].sort(),
    );
  });

  it('never offers staff the rota actions or the staff cancel, in any status and under any facts', () => {
    const offenders: string[] = [];
    for (const status of Object.keys(borrowingStates) as BorrowingStatus[]) {
      for (const facts of allFactCombinations(Object.keys(brokerBorrowingTable.facts) as BorrowingFact[])) {
        const offered = allowedEvents(brokerBorrowingTable, status, BORROWING_ACTIONS, { facts });
        for (const action of ['send', 'cancel-partner', 'cancel', 'locate', 'approve', 'receive'] as const) {
          if (offered.includes(action)) offenders.push(`${status} offers ${action}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('broker-managed borrowing table: the broker messages', () => {
  it('AcceptItem: physical → hold shelf with temporary records; digital → completed or shipped digitally per automatic receive', () => {
    expect(go('created', 'broker:AcceptItem', PHYSICAL)).toMatchObject({ ok: true, to: 'received_physically' });
    expect(effectsOf('created', 'broker:AcceptItem', PHYSICAL)).toEqual(['record-lender-terms', 'create-temporary-item']);
    expect(go('created', 'broker:AcceptItem', DIGITAL_AUTO)).toMatchObject({ ok: true, to: 'completed' });
    expect(effectsOf('created', 'broker:AcceptItem', DIGITAL_AUTO)).not.toContain('create-temporary-item');
    expect(go('created', 'broker:AcceptItem', DIGITAL_MANUAL)).toMatchObject({ ok: true, to: 'shipped_digitally' });
    // A second AcceptItem for the same request is not the table's business: the responder finds the request it made.
    expect(go('received_physically', 'broker:AcceptItem', PHYSICAL).ok).toBe(false);
  });

  it('the physical life: loan, renewal through the broker, recall, return, check-in removes the temporary records', () => {
    const decisions = walk(brokerBorrowingTable, 'created', [
      ['broker:AcceptItem', PHYSICAL],
      ['loan-to-patron'],
      ['request-renewal'],
      ['broker:RenewAccepted'],
      ['request-renewal'],
      ['broker:RenewRefused'],
      ['broker:Recalled'],
      ['patron-return'],
      ['return-to-lender'],
      ['broker:CheckInItem'],
    ]);
    expect(decisions.map((d) => d.to)).toEqual([
      'received_physically',
      'loaned_to_patron',
      'renew_requested',
      'renewed',
      'renew_requested',
      'renew_refused',
      'recalled',
      'returned_by_patron',
      'returned_to_partner',
      'completed',
    ]);
    expect(lastState(decisions, 'created')).toBe('completed');
    expect(decisions[3]?.effects.map((e) => e.kind)).toEqual(['record-lender-terms', 'renew-patron-loan', 'notify-patron']);
    expect(decisions[6]?.effects).toContainEqual({ kind: 'notify-patron', notice: 'recalled' });
    expect(decisions.at(-1)?.effects.map((e) => e.kind)).toEqual(['remove-temporary-records']);
  });

  it('the broker may renew on its own (RenewItem without our request) and recall before the loan', () => {
    expect(go('loaned_to_patron', 'broker:RenewAccepted')).toMatchObject({ ok: true, to: 'renewed' });
    expect(go('received_physically', 'broker:Recalled')).toMatchObject({ ok: true, to: 'recalled' });
  });

  it('refuses broker messages out of order, with a reason naming the status', () => {
    const refusals: [BorrowingStatus, BorrowingEvent][] = [
      ['created', 'broker:CheckInItem'],
      ['created', 'broker:RenewAccepted'],
      ['received_physically', 'broker:RenewAccepted'],
      ['loaned_to_patron', 'broker:RenewRefused'],
      ['cancelled', 'broker:RenewAccepted'],
      ['cancelled', 'broker:Recalled'],
      ['cancelled', 'broker:CheckInItem'],
      ['completed', 'broker:Cancelled'],
      ['loaned_to_patron', 'broker:Cancelled'],
    ];
    for (const [from, event] of refusals) {
      const decision = go(from, event);
      expect(decision.ok, `${from} + ${event}`).toBe(false);
      if (!decision.ok) expect(decision.reason).toContain(borrowingStates[from].label);
    }
  });

  it('a repeated check-in or cancel of a closed request is acknowledged without change or effect', () => {
    expect(go('completed', 'broker:CheckInItem')).toMatchObject({ ok: true, to: 'completed', changed: false, effects: [] });
    expect(go('cancelled', 'broker:Cancelled')).toMatchObject({ ok: true, to: 'cancelled', changed: false, effects: [] });
  });

  it('cancel before pickup cancels the hold, removes the temporary records and tells the patron', () => {
    expect(effectsOf('received_physically', 'broker:Cancelled')).toEqual(['cancel-patron-hold', 'remove-temporary-records', 'notify-patron']);
    // One row for every status before the patron has the item: removing records that were never made is a no-op.
    expect(effectsOf('shipped_digitally', 'broker:Cancelled')).toEqual(effectsOf('received_physically', 'broker:Cancelled'));
  });
});

describe('digital delivery of an announced item', () => {
  it('an electronic resource or data format means digital, whatever the medium says', () => {
    expect(deliveryOf({ electronicResource: true, mediumType: 'Book' })).toEqual({ digital: true, because: 'the broker sent an electronic resource' });
    expect(deliveryOf({ electronicResource: false, electronicDataFormatType: 'application/pdf', mediumType: 'Book' })).toMatchObject({ digital: true });
  });

  it('reads MediumType without case, spaces or hyphens; physical media and silence are physical', () => {
    for (const medium of ['eBook', 'E-Book', 'Electronic Resource', 'e-journal', 'PDF', 'digital']) {
      expect(deliveryOf({ electronicResource: false, mediumType: medium }).digital, medium).toBe(true);
    }
    for (const medium of ['Book', 'Magazine', 'Compact Disc', 'Audio Tape', '']) {
      expect(deliveryOf({ electronicResource: false, mediumType: medium }).digital, medium).toBe(false);
    }
    expect(deliveryOf({ electronicResource: false })).toEqual({ digital: false, because: 'no medium given: physical' });
    expect(deliveryOf({ electronicResource: false, electronicDataFormatType: '   ', mediumType: 'Book' })).toEqual({ digital: false, because: 'medium Book' });
  });
});
