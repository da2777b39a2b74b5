import { describe, expect, it } from 'vitest';
import { bibliographicInfoOf, brokerServiceType } from '../../../src/domain/broker/lendingRequestItem.js';
import { brokerLendingTable } from '../../../src/domain/lending/brokerTable.js';
import { decideScan, type ScanCandidate } from '../../../src/domain/circulation/scanDecision.js';
import { BROKER_LENDING_EVENTS, LENDING_ACTIONS, lendingStates, type LendingEvent, type LendingStatus } from '../../../src/domain/lending/table.js';
import { decide } from '../../../src/domain/stateMachine.js';
import {
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

const go = (from: LendingStatus, event: LendingEvent, isCopy = false) => decide(brokerLendingTable, from, event, { facts: { isCopy } });
const kinds = (effects: readonly { kind: string }[]) => effects.map((e) => e.kind);

describe('the broker lending table', () => {
  it('is well formed: declared states and facts, no contradictory, shadowed or repeated rows, no exit from a terminal state', () => {
    expect(undeclaredStates(brokerLendingTable)).toEqual([]);
    expect(undeclaredFacts(brokerLendingTable)).toEqual([]);
    expect(contradictoryRows(brokerLendingTable)).toEqual([]);
    expect(shadowedRows(brokerLendingTable)).toEqual([]);
    expect(repeatedFromStates(brokerLendingTable)).toEqual([]);
    expect(exitsFromTerminalStates(brokerLendingTable)).toEqual([]);
    expect(unusedEvents(brokerLendingTable, BROKER_LENDING_EVENTS)).toEqual([]);
  });

  it('reaches only the states of a broker lending and none of them is a dead end', () => {
    const reachable = reachableStates(brokerLendingTable);
    expect([...reachable].sort()).toEqual(['cancelled', 'completed', 'created', 'overdue', 'recalled', 'shipped_physically', 'will_supply']);
    expect(deadEnds(brokerLendingTable).filter((state) => reachable.has(state))).toEqual([]);
  });

  it('walks a loan: requested, shipped (item lent), renewed (new terms), checked in (item returned)', () => {
    const steps = walk(brokerLendingTable, 'created', [['broker:RequestItem'], ['broker:CheckOutItem'], ['broker:RenewItem'], ['broker:CheckInItem']]);
    expect(steps.map((s) => s.to)).toEqual(['will_supply', 'shipped_physically', 'shipped_physically', 'completed']);
    expect(steps.map((s) => kinds(s.effects))).toEqual([[], ['record-terms', 'lend-item'], ['record-terms'], ['return-lent-item']]);
  });

  it('ships straight from created (no RequestItem came) and completes a copy without lending an item', () => {
    expect(go('created', 'broker:CheckOutItem')).toMatchObject({ ok: true, to: 'shipped_physically' });
    const copy = go('will_supply', 'broker:CheckOutItem', true);
    expect(copy).toMatchObject({ ok: true, to: 'completed' });
    expect(copy.ok && kinds(copy.effects)).toEqual(['record-terms']);
  });

  it('cancels only before shipping; the repeats the handlers answer themselves have no row', () => {
    expect(lastState(walk(brokerLendingTable, 'created', [['broker:RequestItem'], ['broker:Cancelled']]), 'created')).toBe('cancelled');
    for (const out of ['shipped_physically', 'recalled', 'overdue', 'completed'] as const) expect(go(out, 'broker:Cancelled').ok, out).toBe(false);
    expect(go('completed', 'broker:CheckInItem').ok).toBe(false);
    expect(go('cancelled', 'broker:Cancelled').ok).toBe(false);
    expect(go('will_supply', 'broker:RequestItem').ok).toBe(false);
    expect(go('will_supply', 'broker:CheckInItem').ok).toBe(false);
    expect(go('will_supply', 'broker:RenewItem').ok).toBe(false);
  });

  it('offers staff only recall, mark-overdue and check-in, and only once the item is out', () => {
    const offered = (state: LendingStatus) => LENDING_ACTIONS.filter((action) => go(state, action).ok);
    for (const state of Object.keys(lendingStates) as LendingStatus[]) {
      for (const action of offered(state)) expect(['recall', 'mark-overdue', 'check-in'], `${state}: ${action}`).toContain(action);
    }
    expect(offered('will_supply')).toEqual([]);
    expect(offered('shipped_physically')).toEqual(['recall', 'mark-overdue', 'check-in']);
    expect(lastState(walk(brokerLendingTable, 'shipped_physically', [['recall'], ['mark-overdue'], ['check-in']]), 'shipped_physically')).toBe('completed');
  });
});

describe('scanning our lent item at the desk', () => {
  const lent = (status: LendingStatus, managedBy?: 'rota' | 'broker'): ScanCandidate => ({ kind: 'lending', requestId: 'r', number: 'N-1', status, match: 'lent-item', managedBy });

  it('checks in a broker-shipped item (the broker tells of the return only afterwards), in each status the table checks in from', () => {
    for (const status of ['shipped_physically', 'recalled', 'overdue'] as const) {
      expect(decideScan([lent(status, 'broker')], 'auto'), status).toMatchObject({ kind: 'act', action: 'check-in' });
      expect(go(status, 'check-in').ok, status).toBe(true);
    }
  });

  it('leaves an item lent over ISO 18626 alone until the borrower says it is coming back', () => {
    expect(decideScan([lent('shipped_physically', 'rota')], 'auto').kind).toBe('nothing-to-do');
    expect(decideScan([lent('shipped_physically')], 'auto').kind).toBe('nothing-to-do');
    expect(decideScan([lent('completed', 'broker')], 'auto').kind).toBe('nothing-to-do');
  });
});

describe('what a RequestItem asks for', () => {
  it('is a loan unless RequestType or ItemElementType say copy', () => {
    expect(brokerServiceType('Loan', ['Bibliographic Description'])).toBe('Loan');
    expect(brokerServiceType('Hold', [])).toBe('Loan');
    expect(brokerServiceType('Something New', [])).toBe('Loan');
    expect(brokerServiceType(' photocopy ', [])).toBe('Copy');
    expect(brokerServiceType('Digital  Copy', [])).toBe('Copy');
    expect(brokerServiceType('Loan', ['Electronic Resource'])).toBe('Copy');
  });

  it('turns NCIP identifiers into the citation lending locate searches, leaving out what cannot be searched', () => {
    expect(
      bibliographicInfoOf({
        recordIds: [
          { identifier: ' 2052516 ', code: 'OCLC' },
          { identifier: '123', code: undefined },
        ],
        itemIds: [
          { identifier: '9780547773742', code: 'ISBN' },
          { identifier: '  ', code: 'ISSN' },
        ],
        title: ' A wizard of Earthsea ',
        author: '',
      }),
    ).toEqual({
      title: 'A wizard of Earthsea',
      bibliographicRecordId: [{ bibliographicRecordIdentifierCode: { value: 'OCLC' }, bibliographicRecordIdentifier: '2052516' }],
      bibliographicItemId: [{ bibliographicItemIdentifierCode: { value: 'ISBN' }, bibliographicItemIdentifier: '9780547773742' }],
    });
    expect(bibliographicInfoOf({ recordIds: [], itemIds: [] })).toEqual({});
  });
});
