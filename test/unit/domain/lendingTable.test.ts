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

function expectMove(from: LendingStatus, event: LendingEvent, to: LendingStatus, facts: Facts<LendingFact> = {}): readonly LendingEffect[] {
  const d = go(from, event, facts);
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

  it.each(OPTIONAL_STEPS.filter((s) => s !== 'lender-check-in'))('still gives every reachable non-terminal state a way out with step %s switched off', (step) => {
    const steps = allStepsBut(step);
    const unreachable = new Set(unreachableStates(lendingTable, steps));
    expect(deadEnds(lendingTable, steps).filter((s) => !unreachable.has(s))).toEqual([]);
  });

  it('KNOWN BUG: with lender-check-in switched off, returned_by_partner has no way out', () => {
    expect(deadEnds(lendingTable, allStepsBut('lender-check-in'))).toEqual([]);
  });

  it('lets no row move a request out of a terminal state', () => {
    expect(exitsFromTerminalStates(lendingTable)).toEqual([]);
  });

  it('reaches every state but expired from the initial state (ignoring facts)', () => {
    expect(unreachableStates(lendingTable).filter((s) => s !== 'expired')).toEqual([]);
  });

  it('KNOWN BUG: the Expired state is unreachable (no timer:expire event or row)', () => {
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
      expect(toldBorrower(effects)).toEqual(['CancelResponse/WillSupply/N']);
      expectMove('will_supply', 'ship', 'shipped_physically');
    });

    it('KNOWN BUG: a refused cancel reports WillSupply even when the lender has not said it will supply', () => {
      expect(toldBorrower(expectMove('expect_to_supply', 'answer-cancel', 'expect_to_supply', CANCEL_ASKED))).toEqual(['CancelResponse/ExpectToSupply/N']);
    });

    it('cannot be answered when nobody asked', () => {
      expect(expectRefused('will_supply', 'answer-cancel', YES)).toContain(lendingTable.facts.cancelRequested);
    });

    it('on conditions never answered: cancelled at once, Y', () => {
      expect(toldBorrower(expectMove('conditional', 'requester:Cancel', 'cancelled'))).toEqual(['CancelResponse/Cancelled/Y']);
    });

    it('KNOWN GAP: answering the request (will-supply) is still possible while a cancel waits for an answer', () => {
      expectRefused('being_processed', 'will-supply', CANCEL_ASKED);
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

    it('a Renew message is refused, naming the workflow profile, when manual renew is off', () => {
      expect(expectRefused('received_by_partner', 'requester:Renew', {}, allStepsBut('manual-renew'))).toMatch(/workflow profile/);
    });
  });

  it('recall and overdue tell the borrower', () => {
    const decisions = walk(lendingTable, 'received_by_partner', [['mark-overdue'], ['recall'], ['requester:ShippedReturn'], ['check-in']]);
    expect(decisions.map((d) => d.to)).toEqual(['overdue', 'recalled', 'returned_by_partner', 'completed']);
    expect(decisions.flatMap((d) => toldBorrower(d.effects))).toEqual(['StatusChange/Overdue', 'StatusChange/Recalled', 'StatusChange/LoanCompleted']);
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
      ['conditional', {}, ['reject']],
      ['received_by_partner', {}, ['recall', 'mark-overdue', 'check-in', 'complete']],
      ['renew_requested', {}, ['answer-renewal', 'recall', 'mark-overdue', 'complete']],
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
    it.each(Object.keys(lendingTable.states).filter((s) => !isTerminal(lendingTable, s as LendingStatus)) as LendingStatus[])('are answered in %s', (state) => {
      expect(toldBorrower(expectMove(state, 'requester:StatusRequest', state))).toEqual(['StatusRequestResponse']);
    });

    it('KNOWN GAP: are refused once the request is closed, though isoStatusOfLending has an answer for closed states', () => {
      expectMove('completed', 'requester:StatusRequest', 'completed');
    });
  });

  it('refusals name the event and the state label', () => {
    const reason = expectRefused('created', 'check-in');
    expect(reason).toContain('check-in');
    expect(reason).toContain('Created lending request');
  });
});
