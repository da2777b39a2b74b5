import { describe, expect, it } from 'vitest';
import { arrivedNote, holdRefusal, inTransitNote, pickupLibraryOf, placeReceivedItem } from '../../../src/domain/circulation/borrowedItem.js';
import { decideScan, type ScanCandidate } from '../../../src/domain/circulation/scanDecision.js';

const main = { id: 'lib-main', code: 'MAIN', name: 'Main Library' };
const branch = { id: 'lib-east', code: 'EAST', name: 'East Branch' };
const libraries = [main, branch];
const now = new Date('2026-03-01T10:00:00Z');

describe('pickup library', () => {
  it.each([
    ['EAST', branch],
    ['east', branch],
    ['  East Branch ', branch],
    ['main library', main],
  ])('%j names a library by code or name, regardless of case', (pickup, library) => {
    expect(pickupLibraryOf(pickup, libraries)).toEqual(library);
  });

  it.each(['Hold shelf', 'East Wing', '', '   '])('%j names no library', (pickup) => {
    expect(pickupLibraryOf(pickup, libraries)).toBeUndefined();
  });
});

describe('placing a received item', () => {
  const place = (pickupLocation: string, receivingLibraryId: string | null, holdShelfDays = 7) =>
    placeReceivedItem({ pickupLocation, receivingLibraryId, libraries, holdShelfDays, now });

  it('goes in transit when the pickup is another library of the institution', () => {
    expect(place('east branch', main.id)).toEqual({ kind: 'in-transit', to: branch });
    expect(place('MAIN', branch.id)).toEqual({ kind: 'in-transit', to: main });
  });

  it('goes on the shelf here for holdShelfDays when the pickup is the receiving library, a desk name, or the receiver is unknown', () => {
    expect(place('MAIN', main.id, 3)).toEqual({ kind: 'on-shelf', onShelfSince: now, shelfExpiresAt: new Date('2026-03-04T10:00:00Z') });
    expect(place('Circulation desk', main.id)).toEqual({ kind: 'on-shelf', onShelfSince: now, shelfExpiresAt: new Date('2026-03-08T10:00:00Z') });
    expect(place('EAST', null).kind).toBe('on-shelf');
  });

  it('says where the item goes and until when it waits', () => {
    expect(inTransitNote('TMP-NSU-1', 'East Branch')).toBe('temporary item TMP-NSU-1 in transit to East Branch');
    expect(arrivedNote('EAST', new Date('2026-03-04T10:00:00Z'))).toBe('arrived at EAST: on the hold shelf until 2026-03-04');
  });
});

describe('hold guards', () => {
  it('refuse a loan while the item is in transit, with the pickup in the reason', () => {
    expect(holdRefusal('loan-to-patron', { status: 'waiting', pickup_location: 'EAST' })).toBe(
      'the item is still in transit to EAST: scan it there when it arrives, then loan it to the patron',
    );
  });

  it.each([
    ['loan-to-patron', 'on_shelf'],
    ['loan-to-patron', 'expired'],
    ['cancel', 'waiting'],
    ['patron-return', 'waiting'],
  ] as const)('let %s through with a hold %s', (action, status) => {
    expect(holdRefusal(action, { status, pickup_location: 'EAST' })).toBeUndefined();
  });

  it('let everything through without a hold', () => {
    expect(holdRefusal('loan-to-patron', undefined)).toBeUndefined();
  });
});

describe('scanning an item in transit', () => {
  const candidate = (holdStatus: string | undefined, status = 'received_physically'): ScanCandidate => ({
    kind: 'borrowing',
    requestId: 'r1',
    number: 'NSU-1',
    status,
    match: 'temporary-item',
    holdStatus,
  });

  it('arrives at the pickup library when its hold is waiting', () => {
    expect(decideScan([candidate('waiting')], 'auto')).toEqual({ kind: 'act', action: 'arrive', candidate: candidate('waiting') });
  });

  it('has nothing to do once on the shelf (the loan is made from the request) or without a hold', () => {
    expect(decideScan([candidate('on_shelf')], 'auto').kind).toBe('nothing-to-do');
    expect(decideScan([candidate(undefined)], 'auto').kind).toBe('nothing-to-do');
  });

  it('can be named explicitly; a lender barcode cannot arrive', () => {
    expect(decideScan([candidate('on_shelf')], 'arrive')).toMatchObject({ kind: 'act', action: 'arrive' });
    expect(decideScan([{ ...candidate('waiting'), match: 'lender-barcode' }], 'arrive').kind).toBe('nothing-to-do');
  });
});
