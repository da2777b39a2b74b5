import { describe, expect, it } from 'vitest';
import {
  isoStatusOfLending,
  LENDING_ACTIONS,
  LENDING_SYSTEM_EVENTS,
  lendingTable,
  REQUESTER_EVENTS,
  type LendingAction,
  type LendingEffect,
  type LendingEvent,
  type LendingFact,
  type LendingStatus,
} from '../../../src/domain/lending/table.js';
import { allowedEvents, decide, isTerminal, OPTIONAL_STEPS, type Facts, type OptionalStep } from '../../../src/domain/stateMachine.js';
import {
  allStepsBut,
  contradictoryRows,
  deadEnds,
  exitsFromTerminalStates,
  repeatedFromStates,
  shadowedRows,
  undeclaredFacts,
  undeclaredStates,
  unreachableStates,
  unusedEvents,
  walk,
} from './tableChecks.js';

const CANCEL_ASKED: Facts<LendingFact> = { cancelRequested: true };
const YES: Facts<LendingFact> = { answerYes: true };

function go(from: LendingStatus, event: LendingEvent, facts: Facts<LendingFact> = {}, steps?: ReadonlySet<OptionalStep>) {
  return decide(lendingTable, from, event, steps ? { facts, steps } : { facts });
}

/** What the borrower is told: `Reason/Status[/Y|N]`. */
function toldBorrower(effects: readonly LendingEffect[]): string[] {
  return effects.flatMap((e) => (e.kind === 'tell-borrower' ? [[e.reason, e.status, e.answer].filter((x) => x !== undefined).join('/')] : []));
}

function expectMove(from: LendingStatus, event: LendingEvent, to: LendingStatus, facts: Facts<LendingFact> = {}, steps?: ReadonlySet<OptionalStep>): readonly LendingEffect[] {
  const d = go(from, event, facts, steps);
  if (!d.ok) throw new Error(`${event} from ${from} refused: ${d.reason}`);
  expect(d.to, `${from} + ${event}`).toBe(to);
  return d.effects;
}

function expectRefused(from: LendingStatus, event: LendingEvent, facts: Facts<LendingFact> = {}, steps?: ReadonlySet<OptionalStep>): string {
  const d = go(from, event, facts, steps);
  expect(d.ok, `${from} + ${event} should be refused`).toBe(false);
  return d.ok ? '' : d.reason;
}

const sorted = (xs: readonly string[]): string[] => [...xs].sort();
const NOT_SHIPPED = ['created', 'locate_in_process', 'being_processed', 'expect_to_supply', 'will_supply'] as const;

describe('lending table: structure', () => {
  it('names only declared states and facts', () => {
    expect(undeclaredStates(lendingTable)).toEqual([]);
    expect(undeclaredFacts(lendingTable)).toEqual([]);
  });

  it('gives every non-terminal state a way out (self-loops do not count)', () => {
    expect(deadEnds(lendingTable)).toEqual([]);
  });

  it.each(OPTIONAL_STEPS)('still gives every reachable non-terminal state a way out with step %s switched off', (step) => {
    const steps = allStepsBut(step);
    const unreachable = new Set(unreachableStates(lendingTable, steps));
    expect(deadEnds(lendingTable, steps).filter((s) => !unreachable.has(s))).toEqual([]);
  });

  it('gives every non-terminal state a way out even with every optional step switched off (returned_by_partner: check-in is not gated)', () => {
    expect(deadEnds(lendingTable, new Set<OptionalStep>())).toEqual([]);
  });

  it('lets no row move a request out of a terminal state', () => {
    expect(exitsFromTerminalStates(lendingTable)).toEqual([]);
  });

  it('reaches every state from the initial state (ignoring facts), Expired included (timer:expire)', () => {
    expect(unreachableStates(lendingTable)).toEqual([]);
  });

  it('uses every staff action, requester event and system event in some row', () => {
    expect(unusedEvents(lendingTable, LENDING_ACTIONS)).toEqual([]);
    expect(unusedEvents(lendingTable, REQUESTER_EVENTS)).toEqual([]);
    expect(unusedEvents(lendingTable, LENDING_SYSTEM_EVENTS)).toEqual([]);
  });

  it('has no dead rows: none shadowed by an earlier row for the same state and event, none self-contradictory, no repeated from-states', () => {
    expect(shadowedRows(lendingTable)).toEqual([]);
    expect(contradictoryRows(lendingTable)).toEqual([]);
    expect(repeatedFromStates(lendingTable)).toEqual([]);
  });

  it('has an ISO status for every state', () => {
    expect(sorted(Object.keys(isoStatusOfLending))).toEqual(sorted(Object.keys(lendingTable.states)));
  });
});

describe('lending table: lifecycles of DOMAIN.md', () => {
  it('happy path: will-supply, ship, Received, ShippedReturn, check-in', () => {
    const decisions = walk(lendingTable, 'created', [['will-supply'], ['ship'], ['requester:Received'], ['requester:ShippedReturn'], ['check-in']]);
    expect(decisions.map((d) => d.to)).toEqual(['will_supply', 'shipped_physically', 'received_by_partner', 'returned_by_partner', 'completed']);
    expect(decisions.flatMap((d) => toldBorrower(d.effects))).toEqual(['RequestResponse/WillSupply', 'StatusChange/Loaned', 'StatusChange/LoanCompleted']);
    expect(decisions[1]?.effects).toContainEqual({ kind: 'record-terms' });
    expect(isTerminal(lendingTable, 'completed')).toBe(true);
  });

  it('locate: found then processed; not found is Unfilled', () => {
    expect(walk(lendingTable, 'created', [['locate:start'], ['locate:found'], ['expect-to-supply'], ['will-supply']]).map((d) => d.to)).toEqual([
      'locate_in_process',
      'being_processed',
      'expect_to_supply',
      'will_supply',
    ]);
    expect(toldBorrower(expectMove('locate_in_process', 'locate:none', 'locate_failed'))).toEqual(['RequestResponse/Unfilled']);
  });

  it.each([...NOT_SHIPPED, 'conditional'] as const)('reject from %s tells the borrower Unfilled', (from) => {
    expect(toldBorrower(expectMove(from, 'reject', 'rejected'))).toEqual(['RequestResponse/Unfilled']);
  });

  describe("the borrower's cancel", () => {
    it('is flagged for staff; shipping waits for the answer', () => {
      expect(expectMove('will_supply', 'requester:Cancel', 'will_supply')).toEqual([{ kind: 'flag-cancel-requested' }]);
      expect(expectRefused('will_supply', 'ship', CANCEL_ASKED)).toContain(lendingTable.facts.cancelRequested);
      expectRefused('will_supply', 'ship-digitally', CANCEL_ASKED);
    });

    it('answered yes: cancelled, borrower told Cancelled/Y', () => {
      const effects = expectMove('will_supply', 'answer-cancel', 'cancelled', { ...CANCEL_ASKED, ...YES });
      expect(effects).toContainEqual({ kind: 'clear-cancel-requested' });
      expect(toldBorrower(effects)).toEqual(['CancelResponse/Cancelled/Y']);
    });

    it('answered no: carries on, borrower told N, flag cleared, shipping possible again', () => {
      const effects = expectMove('will_supply', 'answer-cancel', 'will_supply', CANCEL_ASKED);
      expect(effects).toContainEqual({ kind: 'clear-cancel-requested' });
      expect(toldBorrower(effects)).toEqual(['CancelResponse/N']);
      expectMove('will_supply', 'ship', 'shipped_physically');
    });

    it.each(NOT_SHIPPED)(
      'answered no from %s: the CancelResponse N carries no status of its own (the service sends the current ISO status), so it never claims WillSupply',
      (from) => {
        const effects = expectMove(from, 'answer-cancel', from, CANCEL_ASKED);
        expect(effects).toContainEqual({ kind: 'tell-borrower', reason: 'CancelResponse', answer: 'N' });
        expect(effects.filter((e) => e.kind === 'tell-borrower' && e.status !== undefined)).toEqual([]);
      },
    );

    it('the ISO status a refused cancel goes out with is the current one: ExpectToSupply stays ExpectToSupply', () => {
      expect(isoStatusOfLending.expect_to_supply).toBe('ExpectToSupply');
      expect(isoStatusOfLending.will_supply).toBe('WillSupply');
      expect(isoStatusOfLending.being_processed).toBe('RequestReceived');
    });

    it('asked again while the first cancel waits: stays, nothing sent, the flag untouched', () => {
      expect(go('will_supply', 'requester:Cancel', CANCEL_ASKED)).toMatchObject({ ok: true, to: 'will_supply', changed: false, effects: [] });
      expect(go('created', 'requester:Cancel', CANCEL_ASKED)).toMatchObject({ ok: true, to: 'created', effects: [] });
    });

    it.each(['shipped_physically', 'shipped_digitally'] as const)('after shipping (%s): refused at once, borrower told CancelResponse N (status filled in by the service), no flag', (state) => {
      const effects = expectMove(state, 'requester:Cancel', state);
      expect(effects).toEqual([{ kind: 'tell-borrower', reason: 'CancelResponse', answer: 'N' }]);
      expect(toldBorrower(effects)).toEqual(['CancelResponse/N']);
    });

    it('is not answerable once the item is with the borrower', () => {
      expectRefused('received_by_partner', 'requester:Cancel');
    });

    it('cannot be answered when nobody asked', () => {
      expect(expectRefused('will_supply', 'answer-cancel', YES)).toContain(lendingTable.facts.cancelRequested);
    });

    it('on conditions never answered: cancelled at once, Y', () => {
      expect(toldBorrower(expectMove('conditional', 'requester:Cancel', 'cancelled'))).toEqual(['CancelResponse/Cancelled/Y']);
    });

    it.each([
      ['being_processed', 'will-supply'],
      ['expect_to_supply', 'will-supply'],
      ['created', 'expect-to-supply'],
      ['being_processed', 'expect-to-supply'],
      ['being_processed', 'conditional'],
      ['expect_to_supply', 'conditional'],
    ] as const)('answering the request from %s (%s) is refused while a cancel waits for an answer, naming the cancel', (from, action) => {
      expect(expectRefused(from, action, CANCEL_ASKED)).toContain(`not: ${lendingTable.facts.cancelRequested}`);
      expect(go(from, action).ok).toBe(true);
    });
  });

  describe('renewal', () => {
    it('yes: terms recorded, Loaned/Y', () => {
      const decisions = walk(lendingTable, 'received_by_partner', [['requester:Renew'], ['answer-renewal', YES]]);
      expect(decisions.map((d) => d.to)).toEqual(['renew_requested', 'received_by_partner']);
      expect(decisions[1]?.effects).toContainEqual({ kind: 'record-terms' });
      expect(toldBorrower(decisions[1]?.effects ?? [])).toEqual(['RenewResponse/Loaned/Y']);
    });

    it('no: Loaned/N, no new terms', () => {
      const effects = expectMove('renew_requested', 'answer-renewal', 'received_by_partner', { answerYes: false });
      expect(effects).not.toContainEqual({ kind: 'record-terms' });
      expect(toldBorrower(effects)).toEqual(['RenewResponse/Loaned/N']);
    });

    it.each(['received_by_partner', 'overdue', 'recalled'] as const)('a Renew message in %s is answered N at once, staying put, when manual renew is off', (state) => {
      const effects = expectMove(state, 'requester:Renew', state, {}, allStepsBut('manual-renew'));
      expect(effects).toEqual([{ kind: 'tell-borrower', reason: 'RenewResponse', answer: 'N' }]);
      expect(go(state, 'requester:Renew', {}, new Set<OptionalStep>())).toMatchObject({ ok: true, to: state, changed: false });
    });

    it('a Renew message with manual renew on waits for staff, with nothing sent yet', () => {
      expect(expectMove('received_by_partner', 'requester:Renew', 'renew_requested', {}, new Set(OPTIONAL_STEPS))).toEqual([]);
    });
  });

  it('recall and overdue tell the borrower', () => {
    const decisions = walk(lendingTable, 'received_by_partner', [['mark-overdue'], ['recall'], ['requester:ShippedReturn'], ['check-in']]);
    expect(decisions.map((d) => d.to)).toEqual(['overdue', 'recalled', 'returned_by_partner', 'completed']);
    expect(decisions.flatMap((d) => toldBorrower(d.effects))).toEqual(['StatusChange/Overdue', 'StatusChange/Recalled', 'StatusChange/LoanCompleted']);
  });

  describe('check-in', () => {
    it.each(['returned_by_partner', 'received_by_partner', 'overdue', 'recalled', 'shipped_physically', 'renew_requested'] as const)(
      'from %s completes and tells the borrower LoanCompleted',
      (from) => {
        expect(toldBorrower(expectMove(from, 'check-in', 'completed'))).toEqual(['StatusChange/LoanCompleted']);
      },
    );

    it('is not gated by the lender-check-in step: staff can always check the item in', () => {
      expect(toldBorrower(expectMove('returned_by_partner', 'check-in', 'completed', {}, allStepsBut('lender-check-in')))).toEqual(['StatusChange/LoanCompleted']);
      expectMove('returned_by_partner', 'check-in', 'completed', {}, new Set<OptionalStep>());
    });

    it('is impossible before shipping', () => {
      expectRefused('will_supply', 'check-in');
    });
  });

  it('lost: recorded, then completed without return', () => {
    const decisions = walk(lendingTable, 'received_by_partner', [['requester:Lost'], ['complete']]);
    expect(decisions.map((d) => d.to)).toEqual(['received_by_partner', 'completed']);
    expect(toldBorrower(decisions[1]?.effects ?? [])).toEqual(['StatusChange/CompletedWithoutReturn']);
  });

  describe('digital copy', () => {
    it('ship-digitally, then the borrower confirms receipt', () => {
      const decisions = walk(lendingTable, 'will_supply', [['ship-digitally', { isCopy: true }], ['requester:Received']]);
      expect(decisions.map((d) => d.to)).toEqual(['shipped_digitally', 'completed']);
      expect(toldBorrower(decisions[0]?.effects ?? [])).toEqual(['StatusChange/CopyCompleted']);
    });

    it('a copy request cannot be shipped physically', () => {
      expect(expectRefused('will_supply', 'ship', { isCopy: true })).toContain(lendingTable.facts.isCopy);
    });
  });

  describe('conditional', () => {
    it('offered, accepted by the borrower: Will supply, borrower told', () => {
      const decisions = walk(lendingTable, 'being_processed', [['conditional'], ['requester:ConditionsAccepted'], ['ship']]);
      expect(decisions.map((d) => d.to)).toEqual(['conditional', 'will_supply', 'shipped_physically']);
      expect(decisions[0]?.effects).toContainEqual({ kind: 'record-terms' });
      expect(decisions.flatMap((d) => toldBorrower(d.effects))).toEqual(['RequestResponse/RetryPossible', 'StatusChange/WillSupply', 'StatusChange/Loaned']);
    });

    it('offered, declined by the borrower (Cancel): cancelled', () => {
      expect(walk(lendingTable, 'created', [['conditional'], ['requester:Cancel']]).map((d) => d.to)).toEqual(['conditional', 'cancelled']);
    });

    it('cannot be shipped before the borrower answers', () => {
      expectRefused('conditional', 'ship');
    });

    it('unanswered by the reply-by date (timer:expire): Expired (terminal), borrower told StatusChange Unfilled', () => {
      const effects = expectMove('conditional', 'timer:expire', 'expired');
      expect(toldBorrower(effects)).toEqual(['StatusChange/Unfilled']);
      expect(isTerminal(lendingTable, 'expired')).toBe(true);
      expect(isoStatusOfLending.expired).toBe('Unfilled');
    });

    it('timer:expire applies only to conditional offers', () => {
      expectRefused('will_supply', 'timer:expire');
      expectRefused('being_processed', 'timer:expire');
      expectRefused('expired', 'timer:expire');
    });
  });

  describe('workflow steps switched off', () => {
    it.each([
      ['will-supply', 'will-supply'],
      ['expect-to-supply', 'expect-to-supply'],
      ['conditional', 'conditional'],
    ] as const)('%s is impossible when step %s is off, and the reason names the workflow profile', (action, step) => {
      const reason = expectRefused('being_processed', action, {}, allStepsBut(step));
      expect(reason).toMatch(/workflow profile/);
      expect(reason).toContain(step);
      expect(allowedEvents(lendingTable, 'being_processed', LENDING_ACTIONS, { facts: {}, steps: allStepsBut(step) })).not.toContain(action);
    });

    it('shipping stays possible without will-supply', () => {
      const d = go('being_processed', 'ship', {}, allStepsBut('will-supply'));
      expect(d.ok && d.to).toBe('shipped_physically');
    });
  });

  describe('allowed staff actions (expected lists written from DOMAIN.md)', () => {
    const cases: [LendingStatus, Facts<LendingFact>, LendingAction[]][] = [
      ['being_processed', {}, ['will-supply', 'expect-to-supply', 'conditional', 'reject', 'ship', 'ship-digitally']],
      ['being_processed', { isCopy: true }, ['will-supply', 'expect-to-supply', 'conditional', 'reject', 'ship-digitally']],
      ['will_supply', {}, ['reject', 'ship', 'ship-digitally']],
      ['will_supply', CANCEL_ASKED, ['reject', 'answer-cancel']],
      ['being_processed', CANCEL_ASKED, ['reject', 'answer-cancel']],
      ['expect_to_supply', CANCEL_ASKED, ['reject', 'answer-cancel']],
      ['conditional', {}, ['reject']],
      ['received_by_partner', {}, ['recall', 'mark-overdue', 'check-in', 'complete']],
      ['renew_requested', {}, ['answer-renewal', 'recall', 'mark-overdue', 'check-in', 'complete']],
      ['returned_by_partner', {}, ['check-in']],
      ['shipped_digitally', {}, ['complete']],
      ['completed', {}, []],
      ['cancelled', {}, []],
      ['rejected', {}, []],
    ];
    it.each(cases)('%s %o: %o', (state, facts, expected) => {
      expect(sorted(allowedEvents(lendingTable, state, LENDING_ACTIONS, { facts }))).toEqual(sorted(expected));
    });
  });

  describe('status requests', () => {
    it.each(Object.keys(lendingTable.states) as LendingStatus[])('are answered in %s (terminal states too), staying put', (state) => {
      expect(toldBorrower(expectMove(state, 'requester:StatusRequest', state))).toEqual(['StatusRequestResponse']);
    });

    it('are answered in every terminal state, with the closed ISO status isoStatusOfLending gives', () => {
      const terminal = (Object.keys(lendingTable.states) as LendingStatus[]).filter((s) => isTerminal(lendingTable, s));
      expect(sorted(terminal)).toEqual(['cancelled', 'completed', 'expired', 'locate_failed', 'rejected']);
      for (const state of terminal) expect(go(state, 'requester:StatusRequest').ok, state).toBe(true);
      expect(isoStatusOfLending.completed).toBe('LoanCompleted');
      expect(isoStatusOfLending.cancelled).toBe('Cancelled');
    });

    it('other borrower messages are still refused once the request is closed', () => {
      expectRefused('completed', 'requester:Notification');
      expectRefused('cancelled', 'requester:Renew');
    });
  });

  it('refusals name the event and the state label', () => {
    const reason = expectRefused('created', 'check-in');
    expect(reason).toContain('check-in');
    expect(reason).toContain('Created lending request');
  });
});
