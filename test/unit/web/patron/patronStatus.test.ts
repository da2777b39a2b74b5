import { describe, expect, it } from 'vitest';
import { borrowingStates } from '../../../../src/domain/borrowing/table.js';
import { dayInWords, KNOWN_STATUSES, patronStatus } from '../../../../src/web/pages/patron/patronStatus.js';

describe('borrowing statuses in patron words', () => {
  it('knows every borrowing state of the server, and no other', () => {
    expect([...KNOWN_STATUSES].sort()).toEqual(Object.keys(borrowingStates).sort());
    for (const status of KNOWN_STATUSES) expect(patronStatus({ status }).text, status).not.toBe('In progress');
  });

  it('says requested, on its way, ready for pickup at the location, on loan until the due date, returned, cancelled', () => {
    expect(patronStatus({ status: 'request_sent' })).toEqual({ phase: 'requested', text: 'Requested from another library' });
    expect(patronStatus({ status: 'created' }).text).toBe('Requested');
    expect(patronStatus({ status: 'shipped_physically' })).toEqual({ phase: 'on-its-way', text: 'On its way' });
    expect(patronStatus({ status: 'received_physically', pickupLocation: 'Main Library' })).toEqual({ phase: 'ready', text: 'Ready for pickup at Main Library' });
    expect(patronStatus({ status: 'received_physically' }).text).toBe('Ready for pickup');
    expect(patronStatus({ status: 'loaned_to_patron', dueDate: '2026-03-12T23:59:59.000Z' })).toEqual({ phase: 'on-loan', text: 'On loan until 12 March 2026' });
    expect(patronStatus({ status: 'renew_requested', dueDate: '2026-03-12T00:00:00Z' }).text).toBe('On loan until 12 March 2026, renewal asked for');
    expect(patronStatus({ status: 'overdue', dueDate: '2026-03-12T00:00:00Z' }).text).toBe('Overdue: please return it (was due 12 March 2026)');
    expect(patronStatus({ status: 'recalled' }).text).toBe('Recalled: please return it soon');
    expect(patronStatus({ status: 'returned_by_patron' })).toEqual({ phase: 'returned', text: 'Returned' });
    expect(patronStatus({ status: 'completed' }).text).toBe('Returned');
    expect(patronStatus({ status: 'cancelled' })).toEqual({ phase: 'closed', text: 'Cancelled' });
  });

  it('never shows staff jargon and falls back for a status it does not know', () => {
    for (const status of KNOWN_STATUSES) expect(patronStatus({ status }).text).not.toMatch(/partner|communicated|physically/i);
    expect(patronStatus({ status: 'something_new' })).toEqual({ phase: 'requested', text: 'In progress' });
  });

  it('writes days in words in UTC, and passes through what is no date', () => {
    expect(dayInWords('2026-01-01T00:30:00Z')).toBe('1 January 2026');
    expect(dayInWords('soon')).toBe('soon');
  });
});
