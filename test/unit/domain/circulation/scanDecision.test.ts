import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { borrowingStates, borrowingTable } from '../../../../src/domain/borrowing/table.js';
import { decideScan, EXPLICIT_SCAN_ACTIONS, SCAN_ACTIONS, SCAN_RULES, type ScanCandidate, type ScanMatch } from '../../../../src/domain/circulation/scanDecision.js';
import { lendingStates, lendingTable } from '../../../../src/domain/lending/table.js';

const MATCHES = Object.keys(EXPLICIT_SCAN_ACTIONS) as ScanMatch[];
const KIND_OF: Record<ScanMatch, 'borrowing' | 'lending'> = { 'lender-barcode': 'borrowing', 'temporary-item': 'borrowing', 'lent-item': 'lending', 'picked-item': 'lending' };
const statesOf = (match: ScanMatch) => Object.keys(KIND_OF[match] === 'borrowing' ? borrowingStates : lendingStates);

const candidate = (match: ScanMatch, status: string, requestId = `r-${match}`): ScanCandidate => ({ kind: KIND_OF[match], requestId, number: `N-${requestId}`, status, match });

describe('the scan table', () => {
  it('names only states that exist and actions the request table takes from those states', () => {
    for (const rule of SCAN_RULES) {
      const table = KIND_OF[rule.match] === 'borrowing' ? borrowingTable : lendingTable;
      for (const status of rule.statuses) {
        expect(statesOf(rule.match), `${rule.match} ${status}`).toContain(status);
        // `arrive` moves the hold, not the request: no request table takes it.
        const takes = rule.action === 'arrive' || table.transitions.some((t) => t.on === rule.action && (t.from as readonly string[]).includes(status));
        expect(takes, `${rule.action} from ${status}`).toBe(true);
      }
      expect(EXPLICIT_SCAN_ACTIONS[rule.match]).toContain(rule.action);
    }
  });

  it('gives each (match, status) at most one automatic action', () => {
    for (const match of MATCHES) {
      for (const status of statesOf(match)) expect(SCAN_RULES.filter((r) => r.match === match && r.statuses.includes(status)).length, `${match} ${status}`).toBeLessThanOrEqual(1);
    }
  });
});

describe('decideScan', () => {
  it('walks a loan: the parcel is received, the returned item goes back, the lender checks in, a pick is only a suggestion', () => {
    expect(decideScan([candidate('lender-barcode', 'shipped_physically')], 'auto')).toMatchObject({ kind: 'act', action: 'receive' });
    expect(decideScan([candidate('temporary-item', 'loaned_to_patron')], 'auto')).toMatchObject({ kind: 'act', action: 'patron-return' });
    expect(decideScan([candidate('temporary-item', 'recalled')], 'auto')).toMatchObject({ kind: 'act', action: 'patron-return' });
    expect(decideScan([candidate('temporary-item', 'returned_by_patron')], 'auto')).toMatchObject({ kind: 'act', action: 'return-to-lender' });
    expect(decideScan([candidate('lent-item', 'returned_by_partner')], 'auto')).toMatchObject({ kind: 'act', action: 'check-in' });
    expect(decideScan([candidate('picked-item', 'will_supply')], 'auto')).toMatchObject({ kind: 'suggest', action: 'ship' });
  });

  it('does not loan an item waiting on the hold shelf by a scan, nor act on a lent item still with the borrower', () => {
    const held = candidate('temporary-item', 'received_physically');
    expect(decideScan([held], 'auto')).toEqual({ kind: 'nothing-to-do', candidates: [held] });
    expect(decideScan([candidate('lent-item', 'shipped_physically')], 'auto').kind).toBe('nothing-to-do');
    expect(decideScan([candidate('lender-barcode', 'received_physically')], 'auto').kind).toBe('nothing-to-do');
  });

  it('an explicit action picks the matches it applies to and acts (the request table judges the status)', () => {
    expect(decideScan([candidate('temporary-item', 'received_physically')], 'loan-to-patron')).toMatchObject({ kind: 'act', action: 'loan-to-patron' });
    expect(decideScan([candidate('picked-item', 'will_supply')], 'ship')).toMatchObject({ kind: 'act', action: 'ship' });
    expect(decideScan([candidate('picked-item', 'will_supply')], 'receive').kind).toBe('nothing-to-do');
    const both = [candidate('lender-barcode', 'shipped_physically'), candidate('lent-item', 'returned_by_partner')];
    expect(decideScan(both, 'check-in')).toMatchObject({ kind: 'act', action: 'check-in', candidate: { match: 'lent-item' } });
  });

  it('two requests a scan could act on are ambiguous and both are listed', () => {
    const decision = decideScan([candidate('lender-barcode', 'shipped_physically', 'a'), candidate('lender-barcode', 'shipped_physically', 'b')], 'auto');
    expect(decision.kind).toBe('ambiguous');
    expect(decision.kind === 'ambiguous' && decision.options.map((o) => o.candidate.requestId)).toEqual(['a', 'b']);
    // A lent copy back from one partner and the same barcode picked for another request.
    expect(decideScan([candidate('lent-item', 'returned_by_partner', 'x'), candidate('picked-item', 'will_supply', 'y')], 'auto').kind).toBe('ambiguous');
  });

  it('one request matched twice (a shared lender barcode labels its temporary item) is one option, and an idle match does not make ambiguity', () => {
    const request = 'same';
    expect(decideScan([candidate('lender-barcode', 'loaned_to_patron', request), candidate('temporary-item', 'loaned_to_patron', request)], 'auto')).toMatchObject({ kind: 'act', action: 'patron-return' });
    expect(decideScan([candidate('temporary-item', 'received_physically', 'old'), candidate('lender-barcode', 'shipped_physically', 'new')], 'auto')).toMatchObject({ kind: 'act', candidate: { requestId: 'new' } });
  });

  it('nothing found is unknown; any candidates, any statuses, any action: the answer is one of the kinds and only names what it was given', () => {
    expect(decideScan([], 'auto')).toEqual({ kind: 'unknown' });
    const arbitraryCandidate = fc
      .constantFrom(...MATCHES)
      .chain((match) => fc.record({ match: fc.constant(match), status: fc.constantFrom(...statesOf(match), 'bogus'), id: fc.constantFrom('a', 'b', 'c') }))
      .map(({ match, status, id }) => candidate(match, status, id));
    fc.assert(
      fc.property(fc.array(arbitraryCandidate, { maxLength: 5 }), fc.constantFrom('auto' as const, ...SCAN_ACTIONS), (candidates, action) => {
        const decision = decideScan(candidates, action);
        const ids = new Set(candidates.map((c) => c.requestId));
        if (decision.kind === 'act' || decision.kind === 'suggest') {
          expect(ids.has(decision.candidate.requestId)).toBe(true);
          if (action !== 'auto') expect(decision).toMatchObject({ kind: 'act', action });
        }
        if (decision.kind === 'ambiguous') expect(decision.options.length).toBeGreaterThan(1);
        if (candidates.length === 0) expect(decision.kind).toBe('unknown');
        else expect(decision.kind).not.toBe('unknown');
      }),
    );
  });
});
