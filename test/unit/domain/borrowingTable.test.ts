import { describe, expect, it } from 'vitest';
import {
  BORROWING_ACTIONS,
  BORROWING_SYSTEM_EVENTS,
  borrowingTable,
  CONDITIONS_ACCEPTED_NOTE,
  DAMAGED_NOTE,
  LOST_NOTE,
  SUPPLIER_EVENTS,
  type BorrowingAction,
  type BorrowingEffect,
  type BorrowingEvent,
  type BorrowingFact,
  type BorrowingStatus,
} from '../../../src/domain/borrowing/table.js';
import { allowedEvents, decide, isTerminal, OPTIONAL_STEPS, type Facts, type OptionalStep } from '../../../src/domain/stateMachine.js';
import {
  allStepsBut,
  contradictoryRows,
  deadEnds,
  exitsFromTerminalStates,
  lastState,
  repeatedFromStates,
  shadowedRows,
  undeclaredFacts,
  undeclaredStates,
  unreachableStates,
  unusedEvents,
  walk,
} from './tableChecks.js';

const NEXT: Facts<BorrowingFact> = { hasNextPartner: true };
const EXHAUSTED: Facts<BorrowingFact> = { hasNextPartner: false };
const EXHAUSTED_CANCEL: Facts<BorrowingFact> = { hasNextPartner: false, cancelOnLocateFailure: true };
/** The status of the lender's CancelResponse: WillSupply, ExpectToSupply. */
const LENDER_WILL_SUPPLY: Facts<BorrowingFact> = { lenderWillSupply: true };
const LENDER_EXPECTS_TO_SUPPLY: Facts<BorrowingFact> = { lenderExpectsToSupply: true };

function go(from: BorrowingStatus, event: BorrowingEvent, facts: Facts<BorrowingFact> = {}, steps?: ReadonlySet<OptionalStep>) {
  return decide(borrowingTable, from, event, steps ? { facts, steps } : { facts });
}

function tellLender(effects: readonly BorrowingEffect[]): string[] {
  return effects.flatMap((e) => (e.kind === 'tell-lender' ? [e.note ? `${e.action} ${e.note}` : e.action] : []));
}

function expectMove(
  from: BorrowingStatus,
  event: BorrowingEvent,
  to: BorrowingStatus,
  facts: Facts<BorrowingFact> = {},
  steps?: ReadonlySet<OptionalStep>,
): readonly BorrowingEffect[] {
  const d = go(from, event, facts, steps);
  if (!d.ok) throw new Error(`${event} from ${from} refused: ${d.reason}`);
  expect(d.to, `${from} + ${event}`).toBe(to);
  return d.effects;
}

function expectRefused(from: BorrowingStatus, event: BorrowingEvent, facts: Facts<BorrowingFact> = {}, steps?: ReadonlySet<OptionalStep>): string {
  const d = go(from, event, facts, steps);
  expect(d.ok, `${from} + ${event} should be refused`).toBe(false);
  return d.ok ? '' : d.reason;
}

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

describe('borrowing table: structure', () => {
  it('names only declared states and facts', () => {
    expect(undeclaredStates(borrowingTable)).toEqual([]);
    expect(undeclaredFacts(borrowingTable)).toEqual([]);
  });

  it('gives every non-terminal state a way out (self-loops do not count)', () => {
    expect(deadEnds(borrowingTable)).toEqual([]);
  });

  it.each(OPTIONAL_STEPS)('still gives every reachable non-terminal state a way out with step %s switched off', (step) => {
    const steps = allStepsBut(step);
    const unreachable = new Set(unreachableStates(borrowingTable, steps));
    expect(deadEnds(borrowingTable, steps).filter((s) => !unreachable.has(s))).toEqual([]);
  });

  it('lets no row move a request out of a terminal state', () => {
    expect(exitsFromTerminalStates(borrowingTable)).toEqual([]);
  });

  it('reaches every state from the initial state (ignoring facts)', () => {
    expect(unreachableStates(borrowingTable)).toEqual([]);
  });

  it('uses every staff action, supplier event and system event in some row', () => {
    expect(unusedEvents(borrowingTable, BORROWING_ACTIONS)).toEqual([]);
    expect(unusedEvents(borrowingTable, SUPPLIER_EVENTS)).toEqual([]);
    expect(unusedEvents(borrowingTable, BORROWING_SYSTEM_EVENTS)).toEqual([]);
  });

  it('has no dead rows: none shadowed by an earlier row for the same state and event, none self-contradictory, no repeated from-states', () => {
    expect(shadowedRows(borrowingTable)).toEqual([]);
    expect(contradictoryRows(borrowingTable)).toEqual([]);
    expect(repeatedFromStates(borrowingTable)).toEqual([]);
  });

  it('marks exactly completed, cancelled and expired as terminal', () => {
    const terminal = (Object.keys(borrowingTable.states) as BorrowingStatus[]).filter((s) => isTerminal(borrowingTable, s));
    expect(sorted(terminal)).toEqual(['cancelled', 'completed', 'expired']);
  });
});

describe('borrowing table: lifecycles of DOMAIN.md', () => {
  it('happy path: send, WillSupply, Loaned, receive, loan, return, ship back, LoanCompleted', () => {
    const decisions = walk(borrowingTable, 'created', [
      ['send', NEXT],
      ['supplier:WillSupply'],
      ['supplier:Loaned'],
      ['receive'],
      ['loan-to-patron'],
      ['patron-return'],
      ['return-to-lender'],
      ['supplier:LoanCompleted'],
    ]);
    expect(decisions.map((d) => d.to)).toEqual([
      'request_sent',
      'will_supply',
      'shipped_physically',
      'received_physically',
      'loaned_to_patron',
      'returned_by_patron',
      'returned_to_partner',
      'completed',
    ]);
    expect(decisions[0]?.effects).toEqual([{ kind: 'send-to-next-partner' }]);
    expect(decisions[1]?.effects).toContainEqual({ kind: 'current-entry-supplying' });
    expect(decisions[2]?.effects).toContainEqual({ kind: 'record-lender-terms' });
    expect(decisions.flatMap((d) => tellLender(d.effects))).toEqual(['Received', 'ShippedReturn']);
    expect(isTerminal(borrowingTable, lastState(decisions, 'created'))).toBe(true);
  });

  it('getting ready: approval, locate found, locate failed', () => {
    expect(walk(borrowingTable, 'created', [['rules:hold-for-approval'], ['approve'], ['locate:start'], ['locate:found'], ['send', NEXT]]).map((d) => d.to)).toEqual([
      'pending_approval',
      'ready_to_send',
      'locate_in_process',
      'ready_to_send',
      'request_sent',
    ]);
    expectRefused('pending_approval', 'send', NEXT);
    expectMove('locate_in_process', 'locate:none', 'locate_failed');
    expect(expectMove('locate_in_process', 'locate:none', 'cancelled', { cancelOnLocateFailure: true })).toEqual([{ kind: 'cancel-pending-entries' }, { kind: 'notify-patron', notice: 'cancelled' }]);
  });

  it('send needs a partner left in the rota, and says so', () => {
    expect(expectRefused('ready_to_send', 'send', EXHAUSTED)).toContain(borrowingTable.facts.hasNextPartner);
    expectMove('locate_failed', 'send', 'request_sent', NEXT);
  });

  describe('Unfilled', () => {
    it.each(['request_sent', 'request_accepted', 'will_supply', 'conditional'] as const)('from %s with a next partner: close as rejected, send to the next', (from) => {
      const effects = expectMove(from, 'supplier:Unfilled', 'request_sent', NEXT);
      expect(effects).toEqual([{ kind: 'close-current-entry', status: 'rejected' }, { kind: 'send-to-next-partner' }]);
      expect(tellLender(effects)).toEqual([]);
    });

    it('with the rota exhausted: Locate failed', () => {
      expect(expectMove('request_sent', 'supplier:Unfilled', 'locate_failed', EXHAUSTED)).toEqual([{ kind: 'close-current-entry', status: 'rejected' }]);
    });

    it('with the rota exhausted and cancel on locate failure: Cancelled', () => {
      expect(expectMove('request_sent', 'supplier:Unfilled', 'cancelled', EXHAUSTED_CANCEL)).toEqual([{ kind: 'close-current-entry', status: 'rejected' }, { kind: 'notify-patron', notice: 'cancelled' }]);
    });

    it('a next partner wins over cancel on locate failure', () => {
      expectMove('request_sent', 'supplier:Unfilled', 'request_sent', { hasNextPartner: true, cancelOnLocateFailure: true });
    });
  });

  describe('cancel', () => {
    it.each(['created', 'pending_approval', 'locate_in_process', 'ready_to_send', 'locate_failed'] as const)(
      'before sending (%s): cancelled at once, pending partners cancelled, nobody told',
      (from) => {
        const effects = expectMove(from, 'cancel', 'cancelled');
        expect(effects).toEqual([{ kind: 'cancel-pending-entries' }, { kind: 'notify-patron', notice: 'cancelled' }]);
      },
    );

    it.each(['request_sent', 'request_accepted', 'will_supply', 'conditional'] as const)('with the lender (%s): ask the lender and wait', (from) => {
      expect(tellLender(expectMove(from, 'cancel', 'waiting_for_cancel'))).toEqual(['Cancel']);
    });

    it('lender says yes: cancelled, current entry and pending entries closed', () => {
      const effects = expectMove('waiting_for_cancel', 'supplier:CancelAccepted', 'cancelled');
      expect(effects).toEqual([{ kind: 'close-current-entry', status: 'cancelled' }, { kind: 'cancel-pending-entries' }, { kind: 'notify-patron', notice: 'cancelled' }]);
    });

    it('lender says no, saying it will supply: back to Will supply, the rota entry marked supplying', () => {
      expect(expectMove('waiting_for_cancel', 'supplier:CancelRefused', 'will_supply', LENDER_WILL_SUPPLY)).toEqual([{ kind: 'current-entry-supplying' }]);
    });

    it('lender says no, saying it expects to supply: back to Request accepted, the entry not yet supplying', () => {
      expect(expectMove('waiting_for_cancel', 'supplier:CancelRefused', 'request_accepted', LENDER_EXPECTS_TO_SUPPLY)).toEqual([]);
    });

    it('lender says no with any other status (RequestReceived): back to Request sent, the entry not yet supplying', () => {
      expect(expectMove('waiting_for_cancel', 'supplier:CancelRefused', 'request_sent')).toEqual([]);
      expectMove('waiting_for_cancel', 'supplier:CancelRefused', 'request_sent', { lenderWillSupply: false, lenderExpectsToSupply: false });
    });

    it('after a cancel refused before the lender answered, its later ExpectToSupply and WillSupply are accepted', () => {
      expect(walk(borrowingTable, 'request_sent', [['cancel'], ['supplier:CancelRefused'], ['supplier:ExpectToSupply'], ['supplier:WillSupply']]).map((d) => d.to)).toEqual([
        'waiting_for_cancel',
        'request_sent',
        'request_accepted',
        'will_supply',
      ]);
    });

    it.each(['shipped_physically', 'shipped_digitally'] as const)('a refusal arriving after the shipping notice (%s) stays: too late to cancel', (state) => {
      expect(expectMove(state, 'supplier:CancelRefused', state, LENDER_WILL_SUPPLY)).toEqual([]);
      expectMove(state, 'supplier:CancelRefused', state);
    });

    it('lender shipped before the cancel arrived', () => {
      expect(expectMove('waiting_for_cancel', 'supplier:Loaned', 'shipped_physically')).toEqual([{ kind: 'current-entry-supplying' }, { kind: 'record-lender-terms' }]);
    });

    it('lender sent a digital copy before the cancel arrived: shipped digitally, the entry supplying, terms recorded', () => {
      expect(expectMove('waiting_for_cancel', 'supplier:CopyCompleted', 'shipped_digitally')).toEqual([{ kind: 'current-entry-supplying' }, { kind: 'record-lender-terms' }]);
    });

    it('after receipt: the patron hold is cancelled and the item goes back; the request stays open until the lender has it', () => {
      const decisions = walk(borrowingTable, 'received_physically', [['cancel'], ['return-to-lender'], ['supplier:LoanCompleted']]);
      expect(decisions.map((d) => d.to)).toEqual(['returned_by_patron', 'returned_to_partner', 'completed']);
      expect(decisions[0]?.effects).toEqual([{ kind: 'cancel-patron-hold' }]);
      expect(isTerminal(borrowingTable, 'returned_by_patron')).toBe(false);
      expect(tellLender(decisions[1]?.effects ?? [])).toEqual(['ShippedReturn']);
    });

    it('is refused once the patron has the item or the request is closed', () => {
      expectRefused('loaned_to_patron', 'cancel');
      expectRefused('completed', 'cancel');
      expectRefused('cancelled', 'cancel');
    });

    it('cancel on one partner only moves to the next one', () => {
      const effects = expectMove('will_supply', 'cancel-partner', 'request_sent', NEXT);
      expect(effects).toEqual([{ kind: 'tell-lender', action: 'Cancel' }, { kind: 'close-current-entry', status: 'cancelled' }, { kind: 'send-to-next-partner' }]);
      expect(effects).not.toContainEqual({ kind: 'cancel-pending-entries' });
      expectMove('will_supply', 'cancel-partner', 'locate_failed', EXHAUSTED);
    });
  });

  describe('renewal', () => {
    it('asked and accepted, then asked again and refused', () => {
      const decisions = walk(borrowingTable, 'loaned_to_patron', [['request-renewal'], ['supplier:RenewAccepted'], ['request-renewal'], ['supplier:RenewRefused']]);
      expect(decisions.map((d) => d.to)).toEqual(['renew_requested', 'renewed', 'renew_requested', 'renew_refused']);
      expect(decisions.flatMap((d) => tellLender(d.effects))).toEqual(['Renew', 'Renew']);
      expect(decisions[1]?.effects).toEqual([{ kind: 'record-lender-terms' }, { kind: 'renew-patron-loan' }, { kind: 'notify-patron', notice: 'renewed' }]);
    });

    it('is impossible when manual renew is off, and the reason says the workflow profile', () => {
      expect(expectRefused('loaned_to_patron', 'request-renewal', {}, allStepsBut('manual-renew'))).toMatch(/workflow profile/);
    });

    it('is impossible once recalled', () => {
      expectRefused('recalled', 'request-renewal');
    });
  });

  describe('recall and overdue', () => {
    it('recall while on loan, then the patron returns the item', () => {
      expect(walk(borrowingTable, 'loaned_to_patron', [['supplier:Recalled'], ['patron-return'], ['return-to-lender']]).map((d) => d.to)).toEqual([
        'recalled',
        'returned_by_patron',
        'returned_to_partner',
      ]);
    });

    it('overdue while on loan; renewal may still be asked; return', () => {
      expect(walk(borrowingTable, 'loaned_to_patron', [['supplier:Overdue'], ['request-renewal'], ['supplier:RenewAccepted'], ['patron-return']]).map((d) => d.to)).toEqual([
        'overdue',
        'renew_requested',
        'renewed',
        'returned_by_patron',
      ]);
    });

    it('an Overdue notice for a recalled item is accepted (the lending table sends one: mark-overdue from recalled)', () => {
      expect(expectMove('recalled', 'supplier:Overdue', 'overdue')).toEqual([{ kind: 'notify-patron', notice: 'overdue' }]);
    });

    it('a repeated Overdue notice (partner resending-overdue interval) is accepted and stays overdue', () => {
      expect(go('overdue', 'supplier:Overdue')).toMatchObject({ ok: true, to: 'overdue', changed: false, effects: [] });
    });
  });

  describe('lost and damaged', () => {
    it('lost on loan: the lender is told, then completes', () => {
      const decisions = walk(borrowingTable, 'loaned_to_patron', [['report-lost'], ['supplier:CompletedWithoutReturn']]);
      expect(decisions.map((d) => d.to)).toEqual(['lost_communicated', 'completed']);
      expect(tellLender(decisions[0]?.effects ?? [])).toEqual([`Notification ${LOST_NOTE}`]);
    });

    it('damaged after the patron returned it: the lender is told, the item still goes back', () => {
      const decisions = walk(borrowingTable, 'returned_by_patron', [['report-damaged'], ['return-to-lender'], ['supplier:LoanCompleted']]);
      expect(decisions.map((d) => d.to)).toEqual(['damaged_communicated', 'returned_to_partner', 'completed']);
      expect(decisions.flatMap((d) => tellLender(d.effects))).toEqual([`Notification ${DAMAGED_NOTE}`, 'ShippedReturn']);
    });

    it('is impossible when the damaged/lost step is off', () => {
      expect(expectRefused('loaned_to_patron', 'report-lost', {}, allStepsBut('damaged-lost'))).toMatch(/workflow profile/);
    });
  });

  describe('repeated notices', () => {
    it('a repeated Loaned notice after shipping stays and records the terms again', () => {
      expect(go('shipped_physically', 'supplier:Loaned')).toMatchObject({ ok: true, to: 'shipped_physically', changed: false, effects: [{ kind: 'record-lender-terms' }] });
      expect(go('received_physically', 'supplier:Loaned')).toMatchObject({ ok: true, to: 'received_physically', changed: false });
    });

    it('a repeated WillSupply stays Will supply, with no effects', () => {
      expect(go('will_supply', 'supplier:WillSupply')).toMatchObject({ ok: true, to: 'will_supply', changed: false, effects: [] });
    });
  });

  describe('digital copy', () => {
    it('CopyCompleted, received digitally, completed', () => {
      const decisions = walk(borrowingTable, 'request_sent', [['supplier:CopyCompleted'], ['mark-received-digitally'], ['complete']]);
      expect(decisions.map((d) => d.to)).toEqual(['shipped_digitally', 'received_digitally', 'completed']);
      expect(decisions[0]?.effects).toEqual([{ kind: 'current-entry-supplying' }, { kind: 'record-lender-terms' }]);
      expect(tellLender(decisions[1]?.effects ?? [])).toEqual(['Received']);
    });

    it.each(['request_accepted', 'will_supply', 'shipped_digitally'] as const)('received digitally from %s: the rota entry is marked supplying, like receive, and the lender told Received', (from) => {
      const effects = expectMove(from, 'mark-received-digitally', 'received_digitally');
      expect(effects).toContainEqual({ kind: 'current-entry-supplying' });
      expect(tellLender(effects)).toEqual(['Received']);
    });
  });

  describe('conditional', () => {
    it('accepted: tell the lender, wait for WillSupply', () => {
      const decisions = walk(borrowingTable, 'request_sent', [['supplier:Conditional'], ['accept-conditions'], ['supplier:WillSupply']]);
      expect(decisions.map((d) => d.to)).toEqual(['conditional', 'request_accepted', 'will_supply']);
      expect(decisions[0]?.effects).toEqual([{ kind: 'record-lender-terms' }]);
      expect(tellLender(decisions[1]?.effects ?? [])).toEqual([`Notification ${CONDITIONS_ACCEPTED_NOTE}`]);
    });

    it('rejected: tell the lender we cancel, move to the next partner or give up', () => {
      const effects = expectMove('conditional', 'reject-conditions', 'request_sent', NEXT);
      expect(effects).toEqual([{ kind: 'tell-lender', action: 'Cancel' }, { kind: 'close-current-entry', status: 'rejected' }, { kind: 'send-to-next-partner' }]);
      expectMove('conditional', 'reject-conditions', 'locate_failed', EXHAUSTED);
      expectMove('conditional', 'reject-conditions', 'cancelled', EXHAUSTED_CANCEL);
    });
  });

  describe('expiry (timer:expire)', () => {
    it('with a next partner: cancel with this lender, close as expired, send to the next', () => {
      const effects = expectMove('request_sent', 'timer:expire', 'request_sent', NEXT);
      expect(effects).toEqual([{ kind: 'tell-lender', action: 'Cancel' }, { kind: 'close-current-entry', status: 'expired' }, { kind: 'send-to-next-partner' }]);
    });

    it('with the rota exhausted: Expired (terminal)', () => {
      expectMove('request_accepted', 'timer:expire', 'expired', EXHAUSTED);
      expect(isTerminal(borrowingTable, 'expired')).toBe(true);
    });

    it('with the rota exhausted ends Expired even when the library cancels on locate failure (that setting is about lenders saying no)', () => {
      const effects = expectMove('request_sent', 'timer:expire', 'expired', EXHAUSTED_CANCEL);
      expect(effects).toEqual([{ kind: 'tell-lender', action: 'Cancel' }, { kind: 'close-current-entry', status: 'expired' }]);
      expectMove('request_sent', 'supplier:Unfilled', 'cancelled', EXHAUSTED_CANCEL);
    });

    it('does not apply once the lender said it will supply', () => {
      expectRefused('will_supply', 'timer:expire', NEXT);
    });
  });

  describe('workflow steps switched off', () => {
    it.each([
      ['supplier:ExpectToSupply', 'expect-to-supply'],
      ['supplier:WillSupply', 'will-supply'],
      ['supplier:Conditional', 'conditional'],
    ] as const)('%s is refused when %s is off, naming the workflow profile', (event, step) => {
      expect(expectRefused('request_sent', event, {}, allStepsBut(step))).toMatch(/workflow profile/);
    });

    it('the lender can still ship when will-supply is off', () => {
      const d = go('request_sent', 'supplier:Loaned', {}, allStepsBut('will-supply'));
      expect(d.ok && d.to).toBe('shipped_physically');
    });

    it.each(['returned_by_patron', 'damaged_communicated'] as const)(
      'return-to-lender from %s waits for the lender\'s check-in with lender-check-in on, and completes at once with it off; the lender is told ShippedReturn either way',
      (from) => {
        expect(tellLender(expectMove(from, 'return-to-lender', 'returned_to_partner', {}, new Set(OPTIONAL_STEPS)))).toEqual(['ShippedReturn']);
        expect(tellLender(expectMove(from, 'return-to-lender', 'returned_to_partner'))).toEqual(['ShippedReturn']);
        expect(tellLender(expectMove(from, 'return-to-lender', 'completed', {}, allStepsBut('lender-check-in')))).toEqual(['ShippedReturn']);
        expect(tellLender(expectMove(from, 'return-to-lender', 'completed', {}, new Set<OptionalStep>()))).toEqual(['ShippedReturn']);
      },
    );

    it('with lender-check-in off, Returned item to partner is never entered', () => {
      expect(unreachableStates(borrowingTable, allStepsBut('lender-check-in'))).toContain('returned_to_partner');
      expect(unreachableStates(borrowingTable, allStepsBut('damaged-lost'))).not.toContain('returned_to_partner');
    });
  });

  describe('allowed staff actions (expected lists written from DOMAIN.md)', () => {
    const cases: [BorrowingStatus, Facts<BorrowingFact>, BorrowingAction[]][] = [
      ['created', NEXT, ['send', 'cancel', 'locate']],
      ['created', EXHAUSTED, ['cancel', 'locate']],
      ['pending_approval', NEXT, ['approve', 'cancel']],
      ['ready_to_send', NEXT, ['send', 'cancel', 'locate']],
      ['locate_failed', EXHAUSTED, ['cancel', 'locate']],
      ['locate_in_process', NEXT, ['send', 'cancel', 'locate']],
      ['locate_in_process', EXHAUSTED, ['cancel', 'locate']],
      ['request_sent', NEXT, ['cancel', 'cancel-partner']],
      ['conditional', NEXT, ['cancel', 'cancel-partner', 'accept-conditions', 'reject-conditions']],
      ['shipped_physically', NEXT, ['receive']],
      ['shipped_digitally', NEXT, ['mark-received-digitally']],
      ['received_physically', NEXT, ['cancel', 'loan-to-patron', 'report-lost', 'report-damaged']],
      ['loaned_to_patron', NEXT, ['patron-return', 'request-renewal', 'report-lost', 'report-damaged']],
      ['recalled', NEXT, ['patron-return', 'report-lost', 'report-damaged']],
      ['returned_by_patron', NEXT, ['return-to-lender', 'report-damaged']],
      ['returned_to_partner', NEXT, ['complete']],
      ['received_digitally', NEXT, ['complete']],
      ['completed', NEXT, []],
      ['cancelled', NEXT, []],
      ['expired', NEXT, []],
    ];
    it.each(cases)('%s %o: %o', (state, facts, expected) => {
      expect(sorted(allowedEvents(borrowingTable, state, BORROWING_ACTIONS, { facts }))).toEqual(sorted(expected));
    });

    it('drops steps switched off by the workflow profile', () => {
      expect(sorted(allowedEvents(borrowingTable, 'loaned_to_patron', BORROWING_ACTIONS, { facts: {}, steps: new Set<OptionalStep>() }))).toEqual(['patron-return']);
    });
  });

  describe('refusals', () => {
    it('name the event and the state label', () => {
      const reason = expectRefused('created', 'receive');
      expect(reason).toContain('receive');
      expect(reason).toContain('Created');
      expect(expectRefused('completed', 'supplier:Loaned')).toContain('Request completed');
    });
  });
});
